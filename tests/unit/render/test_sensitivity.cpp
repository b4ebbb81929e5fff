// Probes (bounded, allowed values only, filled rating scales) and what was unknown in words.
#include <doctest/doctest.h>

#include <algorithm>

#include "helpers.hpp"
#include "render/sensitivity.hpp"

using namespace carepath;
using namespace carepath::testing;

namespace {

std::vector<std::string> labels(const std::vector<Probe>& ps) {
  std::vector<std::string> out;
  for (const auto& p : ps) out.push_back(p.label);
  return out;
}

bool has(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

int item(const std::string& id) {
  return default_content().questionnaire.find_item(id);
}

}  // namespace

TEST_CASE("probe values per item type") {
  const Content& c = default_content();
  CHECK(labels(probes_for(c, item("pregnant"))) == std::vector<std::string>{"yes", "no"});
  CHECK(probes_for(c, item("use_frequency")).size() ==
        c.questionnaire.items[static_cast<std::size_t>(item("use_frequency"))].codes.size());
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
  auto raw =
      raw_records(record_yaml("  suicidal_ideation: none\n  medical_emergency: no\n  primary_substance: heroin\n"
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

TEST_CASE("set_answer replaces an answer or adds one") {
  auto raw =
      raw_records(record_yaml("  suicidal_ideation: none\n  medical_emergency: no\n  primary_substance: heroin\n"
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

TEST_CASE("what was unknown in words: labels, no ids; items of one score with the same effect are one entry") {
  const Content& c = default_content();
  const Questionnaire& q = c.questionnaire;
  const RuleSet& rs = c.rules;
  auto change = [](std::string field, std::string before, std::string after, std::vector<std::string> added = {},
                   std::vector<std::string> removed = {}) {
    FieldChange ch;
    ch.field = std::move(field);
    ch.before = std::move(before);
    ch.after = std::move(after);
    ch.added = std::move(added);
    ch.removed = std::move(removed);
    ch.set = ch.field == "medications" || ch.field == "flags";
    return ch;
  };
  const std::string level_a = rs.levels[2].id, level_b = rs.levels[3].id;
  const Named& med = rs.medications[0];
  const Named& flag = rs.flags[0];
  Sensitivity::Effect up{
      {"x"}, {"yes"}, {change("primary_level", level_a, level_b), change("medications", "[]", "[]", {}, {med.id})}};
  // Two items of the first summed score, both moving the primary level the same way.
  const Score& scale = *std::find_if(q.scores.begin(), q.scores.end(), [](const Score& s) { return s.kind == Score::Kind::sum; });
  Unknowns u;
  u.sensitive.push_back({item("pregnant"), {up, {{"y"}, {"no"}, {change("flags", "[]", "[]", {flag.id})}}}});
  u.sensitive.push_back({scale.items[0], {up}});
  u.sensitive.push_back({scale.items[1], {up}});
  auto lines = unknown_sentences(default_engine(), u);
  REQUIRE(lines.size() == 2);
  const std::string& pregnant = q.items[static_cast<std::size_t>(item("pregnant"))].label;
  CHECK(lines[0].starts_with(pregnant + " If yes: primary level " + rs.levels[3].label + " instead of " + rs.levels[2].label));
  CHECK(lines[0].find(med.label + " is dropped") != std::string::npos);
  CHECK(lines[0].find("; if no: flagged: ") != std::string::npos);
  CHECK(lines[1].starts_with(scale.label + " (2 of its items not answered)"));
  for (const auto& line : lines)
    for (const std::string& id : {level_a, level_b, med.id, flag.id, q.items[static_cast<std::size_t>(scale.items[0])].id}) {
      INFO(line << " / " << id);
      CHECK(line.find("(" + id + ")") == std::string::npos);
      if (id.find('_') != std::string::npos) CHECK(line.find(id) == std::string::npos);
    }
}

TEST_CASE("counts of a counted list read as numbers, runs as ranges") {
  Outcome o =
      score_yaml(record_yaml("  suicidal_ideation: none\n  medical_emergency: no\n  primary_substance: heroin\n"
                             "  use_frequency: less_than_daily\n"));
  REQUIRE(o.ok());
  auto raw =
      raw_records(record_yaml("  suicidal_ideation: none\n  medical_emergency: no\n  primary_substance: heroin\n"
                              "  use_frequency: less_than_daily\n"))[0];
  auto lines = unknown_sentences(default_engine(), probe_unknowns(default_engine(), raw, o));
  const std::string& criteria = default_content().questionnaire.items[static_cast<std::size_t>(item("dsm5_criteria"))].label;
  auto at = std::find_if(lines.begin(), lines.end(), [&](const std::string& l) { return l.starts_with(criteria); });
  REQUIRE(at != lines.end());
  CHECK(at->find(" to 11 of them:") != std::string::npos);
  CHECK(at->find("[") == std::string::npos);
}
