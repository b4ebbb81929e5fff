// Traces: the observer sees exactly what the engine decides; statuses, unknown sub-conditions
// and sensitivity probes are honest.
#include <doctest/doctest.h>

#include <algorithm>

#include "helpers.hpp"
#include "trainer/trace.hpp"

using namespace carepath;
using namespace carepath::testing;

namespace {

const std::string severe_risk = record_yaml(
    "  suicidal_ideation: none\n  medical_emergency: no\n  primary_substance: heroin\n  use_frequency: daily\n"
    "  route: injection\n  oud_severity: severe\n");

int rule_index(const std::string& id) { return default_content().rules.find_rule(id); }

Trace trace_of(const std::string& yaml, bool sensitivity) {
  return build_trace(default_engine(), raw_records(yaml)[0], sensitivity);
}

}  // namespace

TEST_CASE("observing does not change the result") {
  auto raws = raw_records(severe_risk);
  Outcome plain = score_record(default_engine(), raws[0]);
  Trace t = trace_of(severe_risk, false);
  CHECK(t.outcome.result.fired == plain.result.fired);
  CHECK(t.outcome.result.pathway == plain.result.pathway);
  CHECK(t.outcome.result.primary_level == plain.result.primary_level);
}

TEST_CASE("rule statuses say why a rule did not apply") {
  Trace t = trace_of(severe_risk, false);
  const auto& first = t.rules[static_cast<std::size_t>(rule_index("level.severe_with_risk"))];
  CHECK(first.status == RuleTrace::Status::fired);
  const auto& later = t.rules[static_cast<std::size_t>(rule_index("level.severe"))];
  CHECK(later.status == RuleTrace::Status::earlier_matched);
  CHECK(later.matched_by == rule_index("level.severe_with_risk"));
  const auto& none = t.rules[static_cast<std::size_t>(rule_index("safety.emergency"))];
  CHECK(none.status == RuleTrace::Status::not_matched);
  REQUIRE(none.when.children.size() == 2);
  CHECK(none.when.children[0].operands == "suicidal_ideation = none");
}

TEST_CASE("a group whose condition fails leaves its rules not reached") {
  Trace t = trace_of(record_yaml("  suicidal_ideation: none\n  medical_emergency: no\n  primary_substance: alcohol\n"
                                 "  use_frequency: less_than_daily\n"),
                     false);
  const auto& r = t.rules[static_cast<std::size_t>(rule_index("medication.opioid"))];
  CHECK(r.status == RuleTrace::Status::group_inactive);
}

TEST_CASE("an unanswered item makes a sub-condition unknown, shown as such") {
  Trace t = trace_of(severe_risk, false);
  const auto& r = t.rules[static_cast<std::size_t>(rule_index("pregnancy.flag"))];
  CHECK(r.status == RuleTrace::Status::not_matched);
  CHECK(r.when.value.uncertain);
  CHECK(truth_word(r.when.value) == "unknown (so false)");
  CHECK(truth_word(Value::of_bool(true)) == "true");
}

TEST_CASE("sensitivity: every reported answer really changes the result") {
  auto raw = raw_records(severe_risk)[0];
  Trace t = trace_of(severe_risk, true);
  const Questionnaire& q = default_content().questionnaire;
  auto find = [&](const std::string& id) {
    return std::find_if(t.unknowns.sensitive.begin(), t.unknowns.sensitive.end(),
                        [&](const Sensitivity& s) { return q.items[static_cast<std::size_t>(s.item)].id == id; });
  };
  REQUIRE(find("pregnant") != t.unknowns.sensitive.end());
  CHECK(std::count(t.unknowns.no_effect.begin(), t.unknowns.no_effect.end(), q.find_item("age_first_use")) == 1);
  for (const auto& s : t.unknowns.sensitive) {
    auto probes = run_probes(default_engine(), raw, s.item);
    for (const auto& e : s.effects)
      for (const auto& label : e.values) {
        auto p = std::find_if(probes.begin(), probes.end(), [&](const ProbeResult& pr) { return pr.probe.label == label; });
        REQUIRE(p != probes.end());
        auto changes = outcome_changes(default_engine(), t.outcome, p->outcome);
        CHECK(changes.size() == e.changes.size());
      }
  }
  std::string text = render_trace(default_engine(), t, TraceStyle{});
  CHECK(text.find("WHAT AN ANSWER WOULD HAVE CHANGED") != std::string::npos);
  CHECK(text.find("- pregnant (") != std::string::npos);
}

TEST_CASE("an invalid record is refused with every problem") {
  auto raws = raw_records(record_yaml("  suicidal_ideation: none\n"));
  CHECK_THROWS_AS(build_trace(default_engine(), raws[0], false), Error);
}

TEST_CASE("effects read as words") {
  const Rule& r = default_content().rules.rules[static_cast<std::size_t>(rule_index("level.no_diagnosis"))];
  auto words = effect_words(default_engine(), r.then);
  CHECK(std::find(words.begin(), words.end(), "primary_level = outpatient") != words.end());
  CHECK(std::find(words.begin(), words.end(), "flag no_oud_diagnosis") != words.end());
}
