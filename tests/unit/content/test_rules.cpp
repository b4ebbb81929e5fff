// Rule-set loading: the default content implements the brief's vocabulary; faults are found.
#include <doctest/doctest.h>

#include <set>

#include "helpers.hpp"
#include "content/rules.hpp"

using namespace carepath;
using namespace carepath::testing;

TEST_CASE("the default rule set uses the public vocabulary of results") {
  const RuleSet& rs = default_content().rules;
  std::vector<std::string> levels;
  for (const auto& l : rs.levels) levels.push_back(l.id);
  CHECK(levels == std::vector<std::string>{"detox", "inpatient", "php", "iop", "outpatient", "support_group"});
  CHECK(rs.setting.field == "withdrawal_management");
  std::set<std::string> flags;
  for (const auto& f : rs.flags) flags.insert(f.id);
  CHECK(flags == std::set<std::string>{"suicide_risk", "medical_emergency", "pregnancy", "seizure_risk", "cost_barrier",
                                       "leave_barrier", "high_overdose_risk", "chronic_pain", "dual_diagnosis", "low_readiness",
                                       "transport_barrier", "housing_instability", "unsafe_environment", "no_oud_diagnosis",
                                       "severity_unknown", "outside_rule_scope"});
  for (const auto& r : rs.rules) {
    CAPTURE(r.id);
    CHECK_FALSE(r.principle.empty());
    CHECK_FALSE(r.source.empty());
    CHECK_FALSE(r.because.empty());
  }
}

TEST_CASE("every principle P1-P12 is implemented by some rule or the pathway") {
  const RuleSet& rs = default_content().rules;
  std::set<std::string> seen = {rs.pathway_principle};
  for (const auto& r : rs.rules) seen.insert(r.principle);
  for (int p = 1; p <= 12; ++p) CHECK_MESSAGE(seen.count("P" + std::to_string(p)), "P", p);
}

TEST_CASE("the medication note corrects the seeds: Suboxone is buprenorphine + naloxone") {
  const RuleSet& rs = default_content().rules;
  const auto& bup = rs.medications[static_cast<std::size_t>(rs.find_medication("buprenorphine"))];
  CHECK(bup.note.find("buprenorphine + naloxone") != std::string::npos);
}

TEST_CASE("faults in a rule set") {
  Symbols symbols;
  Diagnostics qd;
  const Content& c = default_content();
  auto errors = [&](const std::string& rules) {
    Diagnostics d;
    load_rules(rules, "r.yaml", c.questionnaire, const_cast<Symbols&>(c.symbols), d);
    std::vector<std::string> out;
    for (const auto& x : d.items()) out.push_back(x.str());
    return out;
  };
  std::string head =
      "carepath_rules: 1\nid: t\nversion: '1'\nquestionnaire: opioid-intake\nlevels:\n  - {id: a, label: A}\nrules:\n";
  CHECK(errors(head + "  - id: r\n    when: medical_emergency\n    then: {level: a}\n    because: x {medical_emergency}\n")
            .empty());
  auto e = errors(head + "  - id: r\n    when: medical_emergency\n    then: {level: b}\n    because: x\n");
  REQUIRE(e.size() == 1);
  CHECK(e[0].rfind("r.yaml:10:19: unknown level 'b'", 0) == 0);
  e = errors(head + "  - id: r\n    when: medical_emergency\n    then: {level: a}\n");
  REQUIRE(e.size() == 1);
  CHECK(e[0].find("has no rationale") != std::string::npos);
  e = errors(head + "  - id: r\n    when: medical_emergency\n    then: {level: a}\n    because: '{pregnent}'\n");
  REQUIRE(e.size() == 1);
  CHECK(e[0].find("unknown name 'pregnent' (did you mean 'pregnant'?)") != std::string::npos);
  e = errors(head + "  - id: r\n    principle: P9\n    when: medical_emergency\n    then: {level: a}\n    because: x\n");
  REQUIRE(e.size() == 1);
  CHECK(e[0].find("unknown principle 'P9'") != std::string::npos);
  std::string many = head + "  - id: r\n    when: medical_emergency\n    then: {level: a}\n";
  many += "    because: x {reasons}\n    reasons:\n";
  for (int k = 0; k < 65; ++k) many += "      - {if: medical_emergency, text: x}\n";
  e = errors(many);
  REQUIRE(e.size() == 1);
  CHECK_MESSAGE(e[0].rfind("r.yaml:13:7: rule 'r' has 65 reasons; a rule may have at most 64", 0) == 0, e[0]);
}

TEST_CASE("the decision block: the spec's reasons by default; its faults are found") {
  std::vector<std::string> reasons;
  for (const auto& r : default_content().rules.decision.reasons) reasons.push_back(r.id);
  CHECK(reasons == std::vector<std::string>{"level_not_available", "patient_preference", "clinical_judgement", "payer_or_cost",
                                            "waiting_list", "other"});
  const Content& c = default_content();
  auto errors = [&](const std::string& decision) {
    Diagnostics d;
    RuleSet rs = load_rules(
        "carepath_rules: 1\nid: t\nversion: '1'\nquestionnaire: opioid-intake\nlevels:\n  - {id: a, label: A}\nrules: []\n" +
            decision,
        "r.yaml", c.questionnaire, const_cast<Symbols&>(c.symbols), d);
    std::vector<std::string> out;
    for (const auto& x : d.items()) out.push_back(x.str());
    return std::make_pair(out, rs.decision);
  };
  auto [fine, decision] = errors(
      "decision:\n  reasons: [{id: x, label: X}]\n  bridging:\n    - text: always\n    - {text: 'if {route}', when: route == "
      "'injection'}\n");
  CHECK(fine.empty());
  REQUIRE(decision.bridging.size() == 2);
  CHECK_FALSE(decision.bridging[0].conditional);
  CHECK(decision.bridging[1].conditional);
  CHECK(decision.find_reason("x") == 0);
  auto [bad, _] = errors(
      "decision:\n  reasons: [{id: x, label: X}, {id: x, label: Y}]\n  bridging:\n    - {text: t, when: rout == 'injection'}\n");
  REQUIRE(bad.size() == 2);
  CHECK(bad[0].find("duplicate decision reason id 'x'") != std::string::npos);
  CHECK(bad[1].find("unknown name 'rout' (did you mean 'route'?)") != std::string::npos);
}
