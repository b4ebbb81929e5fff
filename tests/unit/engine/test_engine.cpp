// The engine on the default content: personas for every principle (expected results worked
// out by hand from the brief's P1-P12), published band edges, unknown answers.
#include <doctest/doctest.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <set>
#include <sstream>

#include "helpers.hpp"
#include "util/text.hpp"

using namespace carepath;
using namespace carepath::testing;

namespace {

const std::string all_meds = "buprenorphine,methadone,naltrexone,naloxone";

struct Expect {
  const char* persona;
  bool emergency;
  const char* setting;
  const char* level;
  const char* pathway;  // ids joined by '>'
  const char* alternative;
  std::string medications;
  std::set<std::string> flags;
  const char* severity;
};

Outcome score_file(const std::string& rel) {
  std::ifstream in(source_path(rel));
  REQUIRE(in);
  std::stringstream ss;
  ss << in.rdbuf();
  return score_yaml(ss.str());
}

std::string result_field(const Outcome& o, const std::string& field) {
  const RuleSet& rs = default_content().rules;
  for (std::size_t i = 0; i < rs.result_scores.size(); ++i)
    if (rs.result_scores[i].field == field)
      return default_engine().format_value(o.result.result_scores[i], rs.result_scores[i].value.type(), false);
  return "?";
}

std::string level(int l) { return l < 0 ? "" : default_content().rules.levels[static_cast<std::size_t>(l)].id; }

void check_persona(const Expect& e) {
  CAPTURE(e.persona);
  Outcome o = score_file(std::string("examples/personas/") + e.persona + ".yaml");
  REQUIRE_MESSAGE(o.ok(), join_ids(error_lines(o)));
  const Engine& en = default_engine();
  std::string pathway;
  for (const auto& id : pathway_ids(en, o.result)) pathway += (pathway.empty() ? "" : ">") + id;
  auto flags = flag_ids(en, o.result);
  CHECK(o.result.emergency == e.emergency);
  CHECK(default_content().symbols.name(o.result.setting) == e.setting);
  CHECK(level(o.result.primary_level) == e.level);
  CHECK(pathway == e.pathway);
  CHECK(level(o.result.alternative) == e.alternative);
  CHECK(join_ids(medication_ids(en, o.result)) == e.medications);
  CHECK(std::set<std::string>(flags.begin(), flags.end()) == e.flags);
  CHECK(result_field(o, "severity") == e.severity);
}

}  // namespace

TEST_CASE("personas: every principle P1-P12 as the brief states it") {
  const std::vector<Expect> expectations = {
      {"p01-suicide-plan", true, "hospital", "inpatient", "detox>inpatient>php>iop>outpatient>support_group", "", all_meds,
       {"suicide_risk", "high_overdose_risk"}, "severe"},
      {"p01-medical-emergency", true, "none", "outpatient", "outpatient>support_group", "", all_meds,
       {"medical_emergency"}, "mild"},
      {"p02-on-methadone", false, "none", "iop", "iop>outpatient>support_group", "", all_meds, {}, "moderate"},
      {"p03-pregnant", false, "none", "php", "php>iop>outpatient>support_group", "", "buprenorphine,methadone,naloxone",
       {"pregnancy"}, "severe"},
      {"p04-hospital-cows", false, "hospital", "php", "detox>php>iop>outpatient>support_group", "", all_meds, {}, "severe"},
      {"p04-residential-cows", false, "residential", "php", "detox>php>iop>outpatient>support_group", "", all_meds, {}, "severe"},
      {"p04-residential-no-support", false, "residential", "iop", "detox>iop>outpatient>support_group", "", all_meds,
       {}, "moderate"},
      {"p04-ambulatory", false, "ambulatory", "iop", "detox>iop>outpatient>support_group", "", all_meds, {}, "moderate"},
      {"p05-moderate-environment", false, "none", "inpatient", "inpatient>php>iop>outpatient>support_group", "", all_meds,
       {"housing_instability"}, "moderate"},
      {"p05-moderate-relapse", false, "none", "php", "php>iop>outpatient>support_group", "", all_meds, {}, "moderate"},
      {"p05-mild-environment", false, "none", "iop", "iop>outpatient>support_group", "", all_meds,
       {"unsafe_environment"}, "mild"},
      // No use disorder and no medication now: naloxone only (P8 as amended).
      {"p05-no-diagnosis", false, "none", "outpatient", "outpatient>support_group", "", "naloxone", {"no_oud_diagnosis"}, "none"},
      {"p05-diagnosis-elsewhere", false, "none", "iop", "iop>outpatient>support_group", "", all_meds, {}, "moderate"},
      {"p05-severity-unknown", false, "none", "outpatient", "outpatient>support_group", "", all_meds,
       {"severity_unknown"}, "unknown"},
      {"p06-leave-barrier", false, "none", "inpatient", "inpatient>php>iop>outpatient>support_group", "iop", all_meds,
       {"leave_barrier", "unsafe_environment"}, "severe"},
      {"p06-cost-outpatient", false, "none", "outpatient", "outpatient>support_group", "", all_meds, {"cost_barrier"}, "mild"},
      {"p08-chronic-pain", false, "none", "iop", "iop>outpatient>support_group", "", all_meds, {"chronic_pain"}, "moderate"},
      {"p09-dual-diagnosis", false, "none", "iop", "iop>outpatient>support_group", "", all_meds, {"dual_diagnosis"}, "moderate"},
      {"p10-low-readiness", false, "none", "inpatient", "inpatient>php>iop>outpatient>support_group", "", all_meds,
       {"low_readiness", "unsafe_environment"}, "severe"},
      {"p11-transport-telehealth", false, "none", "outpatient", "outpatient>support_group", "", all_meds,
       {"transport_barrier"}, "mild"},
      {"p12-alcohol", false, "hospital", "php", "detox>php>iop>outpatient>support_group", "", "",
       {"seizure_risk", "outside_rule_scope"}, "severe"},
      // Injection is high-risk use whatever the substance: naloxone (P8 as amended).
      {"p12-stimulant-injection", false, "none", "iop", "iop>outpatient>support_group", "", "naloxone",
       {"high_overdose_risk", "outside_rule_scope"}, "moderate"},
      {"p02-pregnant-alcohol", false, "hospital", "iop", "detox>iop>outpatient>support_group", "",
       "buprenorphine,methadone,naloxone", {"pregnancy", "seizure_risk", "high_overdose_risk"}, "moderate"},
      {"p06-residential-cost", false, "residential", "inpatient", "detox>inpatient>php>iop>outpatient>support_group", "iop",
       all_meds, {"cost_barrier", "high_overdose_risk", "unsafe_environment"}, "moderate"},
      {"p06-hospital-barrier", false, "hospital", "outpatient", "detox>outpatient>support_group", "", all_meds,
       {"cost_barrier", "leave_barrier"}, "mild"},
      {"heroin-daily-severe", false, "hospital", "inpatient", "detox>inpatient>php>iop>outpatient>support_group", "iop", all_meds,
       {"seizure_risk", "cost_barrier", "high_overdose_risk", "unsafe_environment"}, "severe"},
  };
  for (const auto& e : expectations) check_persona(e);
}

TEST_CASE("personas: the alternative setting (P6) and the six-dimension profile (P13)") {
  struct Profile {
    const char* persona;
    const char* alternative_setting;  // "" for none
    std::vector<int> dimensions;      // -1 for unknown, in the rule set's order
  };
  const std::vector<Profile> profiles = {
      {"p02-pregnant-alcohol", "", {3, 3, 0, 1, 2, 0}},
      {"p06-residential-cost", "ambulatory", {2, 0, 0, 0, 2, 2}},
      {"p06-hospital-barrier", "", {4, 0, 0, 0, 1, 0}},
      // Withdrawal history and COWS unanswered: "at least 3"; mental health and readiness unknown.
      {"heroin-daily-severe", "", {3, 1, -1, -1, 4, 2}},
  };
  const RuleSet& rs = default_content().rules;
  for (const auto& p : profiles) {
    CAPTURE(p.persona);
    Outcome o = score_file(std::string("examples/personas/") + p.persona + ".yaml");
    REQUIRE(o.ok());
    const Result& r = o.result;
    CHECK(std::string(r.alternative_setting < 0 ? "" : rs.setting.values[static_cast<std::size_t>(r.alternative_setting)].id) ==
          p.alternative_setting);
    std::vector<int> dims;
    for (const auto& v : r.ratings) dims.push_back(v.known() ? static_cast<int>(v.i) : -1);
    CHECK(dims == p.dimensions);
  }
  Outcome o = score_file("examples/personas/heroin-daily-severe.yaml");
  const Engine& en = default_engine();
  // The withdrawal rating could rise with the unanswered withdrawal history; relapse is at the top.
  CHECK(o.result.rating_open[0]);
  CHECK_FALSE(o.result.rating_open[4]);
  auto items = en.rating_unknowns(0, o.record, o.result);
  CHECK(std::find(items.begin(), items.end(), default_content().questionnaire.find_item("withdrawal_history")) != items.end());
}

namespace {

// COWS answers that add up to `total`, drawing on each item's allowed points.
std::string cows_answers(int total) {
  const Questionnaire& q = default_content().questionnaire;
  const Score& cows = q.scores[static_cast<std::size_t>(q.find_score("cows"))];
  std::string out = "  cows_assessed: yes\n";
  int left = total;
  for (int i : cows.items) {
    const Item& it = q.items[static_cast<std::size_t>(i)];
    long long best = 0;
    for (const auto& c : it.codes)
      if (c.number <= left && c.number > best) best = c.number;
    left -= static_cast<int>(best);
    out += "  " + it.id + ": " + std::to_string(best) + "\n";
  }
  REQUIRE(left == 0);
  return out;
}

const char* daily_heroin =
    "  suicidal_ideation: none\n  medical_emergency: no\n  primary_substance: heroin\n  use_frequency: daily\n";

}  // namespace

TEST_CASE("COWS band edges (Wesson & Ling: 0-4, 5-12, 13-24, 25-36, 37-48)") {
  const std::vector<std::pair<int, std::string>> edges = {{0, "none"},      {4, "none"},     {5, "mild"},
                                                          {12, "mild"},     {13, "moderate"}, {24, "moderate"},
                                                          {25, "moderately_severe"}, {36, "moderately_severe"}, {37, "severe"},
                                                          {48, "severe"}};
  for (const auto& [total, band] : edges) {
    CAPTURE(total);
    Outcome o = score_yaml(record_yaml(std::string(daily_heroin) + cows_answers(total)));
    REQUIRE(o.ok());
    CHECK(result_field(o, "cows_total") == std::to_string(total));
    CHECK(result_field(o, "cows_band") == band);
  }
}

TEST_CASE("COWS decides the withdrawal setting at 13 and 25 (P4)") {
  auto setting = [](int total) {
    Outcome o = score_yaml(record_yaml(std::string(daily_heroin) + "  supportive_person: yes\n  living_situation: independent\n"
                                       "  substance_use_at_home: no\n" + cows_answers(total)));
    REQUIRE(o.ok());
    return default_content().symbols.name(o.result.setting);
  };
  CHECK(setting(12) == "ambulatory");
  CHECK(setting(13) == "residential");
  CHECK(setting(24) == "residential");
  CHECK(setting(25) == "hospital");
}

TEST_CASE("DSM-5 severity edges (0-1 none, 2-3 mild, 4-5 moderate, 6-11 severe)") {
  const std::vector<std::string> criteria = {"larger_amounts", "cut_down",        "time_spent",          "craving",
                                             "role_failure",   "social_problems", "activities_given_up", "hazardous_use",
                                             "harm_despite",   "tolerance",       "withdrawal"};
  const char* expected[] = {"none",   "none",   "mild",   "mild",   "moderate", "moderate",
                            "severe", "severe", "severe", "severe", "severe",   "severe"};
  for (std::size_t n = 0; n <= criteria.size(); ++n) {
    CAPTURE(n);
    std::string list;
    for (std::size_t i = 0; i < n; ++i) list += (i ? ", " : "") + criteria[i];
    Outcome o = score_yaml(record_yaml(std::string(daily_heroin) + "  dsm5_criteria: [" + list + "]\n"));
    REQUIRE(o.ok());
    CHECK(result_field(o, "dsm5_count") == std::to_string(n));
    CHECK(result_field(o, "severity") == expected[n]);
  }
}

TEST_CASE("a diagnosis made elsewhere counts only when the criteria were not asked; a record answering both is refused") {
  Outcome o = score_yaml(record_yaml(std::string(daily_heroin) + "  oud_severity: severe\n"));
  REQUIRE(o.ok());
  CHECK(result_field(o, "severity") == "severe");
  o = score_yaml(record_yaml(std::string(daily_heroin) + "  dsm5_criteria: [craving, tolerance]\n  oud_severity: severe\n"));
  REQUIRE_FALSE(o.ok());
  CHECK(error_lines(o).front().find("item 'oud_severity' was answered, but it is asked only when not answered(dsm5_criteria)") !=
        std::string::npos);
}

TEST_CASE("an unknown answer that could change the result is said in the rationale") {
  // Without supportive_person the residential rule cannot apply; the ambulatory rationale says so.
  Outcome o =
      score_yaml(record_yaml(std::string(daily_heroin) + "  living_situation: independent\n  substance_use_at_home: no\n"));
  REQUIRE(o.ok());
  CHECK(default_content().symbols.name(o.result.setting) == "ambulatory");
  int rule = o.result.setting_rule;
  REQUIRE(rule >= 0);
  std::string why = default_engine().rationale(rule, o.record, o.result);
  // In words: the question, and what might have applied; no item or rule ids.
  CHECK(why.find("\"Is there someone who supports your recovery?\"") != std::string::npos);
  CHECK(why.find("Residential (24-hour, clinically managed) might have applied instead") != std::string::npos);
  CHECK(why.find("supportive_person") == std::string::npos);
  CHECK(why.find("setting.residential") == std::string::npos);
  auto unknown = default_engine().sensitive_unknowns(o.record, o.result);
  bool listed = false;
  for (const auto& [item, rules] : unknown)
    listed = listed || default_content().questionnaire.items[static_cast<std::size_t>(item)].id == "supportive_person";
  CHECK(listed);
}

TEST_CASE("evaluation is deterministic") {
  std::string yaml = record_yaml(std::string(daily_heroin) +
                                 "  co_use: [alcohol]\n  dsm5_criteria: [craving, tolerance, withdrawal, cut_down]\n");
  Outcome a = score_yaml(yaml), b = score_yaml(yaml);
  CHECK(result_json(default_engine(), a, false) == result_json(default_engine(), b, false));
}

TEST_CASE("items that are not asked for this record are not reported as unknown") {
  Outcome o = score_yaml(record_yaml(std::string(daily_heroin) + "  cows_assessed: no\n"));
  REQUIRE(o.ok());
  for (const auto& [item, rules] : default_engine().sensitive_unknowns(o.record, o.result))
    CHECK(default_content().questionnaire.items[static_cast<std::size_t>(item)].id.rfind("cows_", 0) != 0);
  Outcome open = score_yaml(record_yaml(daily_heroin));  // not known whether COWS was assessed: its items could apply
  bool cows_listed = false;
  for (const auto& [item, rules] : default_engine().sensitive_unknowns(open.record, open.result))
    cows_listed = cows_listed || default_content().questionnaire.items[static_cast<std::size_t>(item)].id == "cows_pulse";
  CHECK(cows_listed);
}

namespace {

// Templates rendered the plain way, string by string, as Engine::render did before it wrote
// reasons and values straight into its output: the reference the fast path is held to.
void plain_in_sentence(std::string& out, std::string text) {
  std::size_t end = out.find_last_not_of(" \n");
  bool mid = end != std::string::npos && std::string_view(".!?:").find(out[end]) == std::string_view::npos;
  if (mid && text.size() > 1 && std::isupper(static_cast<unsigned char>(text[0])) &&
      std::islower(static_cast<unsigned char>(text[1])))
    text[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(text[0])));
  out += text;
}

std::string plain_render(const Engine& engine, const Template& t, const Record& record, const Result& result,
                         const std::vector<Reason>* reasons = nullptr) {
  std::string out;
  EvalEnv e = engine.env(record, result);
  for (const auto& p : t.parts) {
    if (p.reasons) {
      std::vector<std::string> held;
      if (reasons)
        for (const auto& x : *reasons)
          if (eval(x.when, e).truth().value) held.push_back(plain_render(engine, x.text, record, result));
      for (std::size_t k = 0; k < held.size(); ++k) {
        if (k > 0) out += k + 1 == held.size() ? ", " + engine.content().rules.conjunction + " " : ", ";
        plain_in_sentence(out, held[k]);
      }
      continue;
    }
    if (!p.expr.valid()) {
      out += p.text;
      continue;
    }
    const ExprNode& root = p.expr.node(p.expr.root);
    bool labels = root.op == Op::label;
    TypeInfo type = root.type;
    if (labels && type.label_item >= 0 && p.expr.node(root.a).type.type == Type::set) type.set_item = type.label_item;
    if (labels) plain_in_sentence(out, engine.format_value(eval(p.expr, e), type, labels));
    else out += engine.format_value(eval(p.expr, e), type, labels);
  }
  return trim(out);
}

}  // namespace

TEST_CASE("rendering writes what rendering string by string writes, on thousands of random records") {
  const Content& c = default_content();
  Engine engine(c);
  std::mt19937 rng(20261206);
  Record rec;
  Result r;
  std::size_t rendered = 0;
  for (int n = 0; n < 3000; ++n) {
    rec.answers = random_answers(c.questionnaire, rng);
    engine.evaluate(rec, r);
    for (int ri : r.fired) {
      const Rule& rule = c.rules.rules[static_cast<std::size_t>(ri)];
      CHECK(engine.rationale_text(ri, rec, r) == plain_render(engine, rule.because, rec, r, &rule.reasons));
      CHECK(engine.render(rule.then.caveat, rec, r) == plain_render(engine, rule.then.caveat, rec, r));
      for (const auto& note : rule.then.notes) CHECK(engine.render(note, rec, r) == plain_render(engine, note, rec, r));
      ++rendered;
    }
    CHECK(engine.pathway_rationale(rec, r) == plain_render(engine, c.rules.pathway_because, rec, r));
  }
  CHECK(rendered > 3000);
}

TEST_CASE("missing required items are those unanswered that apply, item by item, on random records") {
  const Content& c = default_content();
  const Questionnaire& q = c.questionnaire;
  Engine engine(c);
  std::mt19937 rng(20261207);
  Record rec;
  rec.required_may_be_unknown = true;
  Result r;
  std::size_t listed = 0;
  for (int n = 0; n < 3000; ++n) {
    rec.answers = random_answers(q, rng);
    engine.evaluate(rec, r);
    std::vector<int> expected;
    for (std::size_t i = 0; i < q.items.size(); ++i)
      if (q.items[i].required && !rec.answered(static_cast<int>(i)) && item_applies(q, static_cast<int>(i), rec.answers).value)
        expected.push_back(static_cast<int>(i));
    CHECK(r.missing_required == expected);
    listed += expected.size();
  }
  CHECK(listed > 3000);
}
