// Changed answers and probes: bounded, allowed values only, and filled rating scales.
#include <doctest/doctest.h>

#include <algorithm>

#include "helpers.hpp"
#include "trainer/scenario.hpp"

using namespace carepath;
using namespace carepath::testing;

namespace {

std::vector<std::string> labels(const std::vector<Probe>& ps) {
  std::vector<std::string> out;
  for (const auto& p : ps) out.push_back(p.label);
  return out;
}

bool has(const std::vector<std::string>& v, const std::string& s) { return std::find(v.begin(), v.end(), s) != v.end(); }

int item(const std::string& id) { return default_content().questionnaire.find_item(id); }

}  // namespace

TEST_CASE("probe values per item type") {
  const Content& c = default_content();
  CHECK(labels(probes_for(c, item("pregnant"))) == std::vector<std::string>{"yes", "no"});
  CHECK(probes_for(c, item("use_frequency")).size() == c.questionnaire.items[static_cast<std::size_t>(item("use_frequency"))].codes.size());
  auto ints = labels(probes_for(c, item("prior_treatment_episodes")));
  for (const char* v : {"0", "1", "2", "3", "99"}) CHECK(has(ints, v));
  // A counted list: none, each single code, and the first k codes for k >= 2.
  const auto& criteria = c.questionnaire.items[static_cast<std::size_t>(item("dsm5_criteria"))];
  auto lists = probes_for(c, item("dsm5_criteria"));
  CHECK(lists.size() == 1 + criteria.codes.size() + (criteria.codes.size() - 1));
  CHECK(lists.back().answers[0].second.list.size() == criteria.codes.size());
  // A list no score counts: none and each single code.
  CHECK(probes_for(c, item("co_use")).size() == 1 + c.questionnaire.items[static_cast<std::size_t>(item("co_use"))].codes.size());
}

TEST_CASE("an answer that opens a rating scale is probed with the scale filled") {
  auto raw = raw_records(record_yaml("  suicidal_ideation: none\n  medical_emergency: no\n  primary_substance: heroin\n"
                                     "  use_frequency: daily\n  oud_severity: mild\n"))[0];
  auto results = run_probes(default_engine(), raw, item("cows_assessed"));
  int filled = 0;
  const Content& c = default_content();
  int score = c.questionnaire.find_score("cows");
  for (const auto& pr : results) {
    REQUIRE(pr.outcome.ok());
    if (pr.probe.answers.size() == 1) continue;
    ++filled;
    const Value& total = pr.outcome.result.score_totals[static_cast<std::size_t>(score)];
    REQUIRE(total.known());
    CHECK(pr.probe.label.ends_with(" " + std::to_string(total.i) + ")"));
  }
  CHECK(filled >= 5);  // the extremes and the boundaries around each threshold
  CHECK(std::any_of(results.begin(), results.end(), [](const ProbeResult& pr) { return pr.probe.label == "yes (cows 25)"; }));
}

TEST_CASE("assignments from a command line") {
  const Content& c = default_content();
  auto [id, v] = parse_assignment(c, "co_use=alcohol, cannabis", "--set");
  CHECK(id == "co_use");
  CHECK(v.shape == RawValue::Shape::list);
  CHECK(v.list == std::vector<std::string>{"alcohol", "cannabis"});
  CHECK(parse_assignment(c, "co_use=[]", "--set").second.list.empty());
  CHECK(parse_assignment(c, "co_use=[]", "--set").second.shape == RawValue::Shape::list);
  CHECK(parse_assignment(c, "route=", "--set").second.shape == RawValue::Shape::null);
  CHECK(parse_assignment(c, "route = oral", "--set").second.scalar == "oral");
  CHECK_THROWS_AS(parse_assignment(c, "route", "--set"), Error);
}

TEST_CASE("set_answer replaces an answer or adds one") {
  auto raw = raw_records(record_yaml("  suicidal_ideation: none\n  medical_emergency: no\n  primary_substance: heroin\n"
                                     "  use_frequency: daily\n"))[0];
  RawValue v;
  v.shape = RawValue::Shape::scalar;
  v.scalar = "less_than_daily";
  set_answer(raw, "use_frequency", v);
  v.scalar = "yes";
  set_answer(raw, "pregnant", v);
  Outcome o = score_record(default_engine(), raw);
  REQUIRE(o.ok());
  CHECK(o.record.answers[static_cast<std::size_t>(item("pregnant"))].i == 1);
  CHECK(raw.answers.size() == 5);
}
