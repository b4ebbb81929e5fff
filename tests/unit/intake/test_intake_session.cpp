#include "intake/intake_session.hpp"

#include <doctest/doctest.h>
#include <yaml-cpp/yaml.h>

#include "helpers.hpp"

namespace carepath {

namespace {

// A questionnaire of generic items covering every item type, a numeric code, and a gated group
// that must be complete.
const char* const questionnaire_text = R"(carepath_questionnaire: 1
id: session-test
version: "2.1"
sections:
  - id: one
    items:
      - {id: pick, type: choice, required: true, label: Pick, codes: {alpha: Alpha, "yes": Yes as a code, beta: Beta}}
      - {id: number_codes, type: choice, label: Numbers, codes: {"1": One, "2": Two}}
      - {id: gate, type: boolean, label: Gate}
      - group: gated
        when: gate == yes
        complete: true
        items:
          - {id: g_points, type: points, label: Points, points: {0: none, 2: some}}
          - {id: g_count, type: integer, min: 1, max: 5, label: Count}
      - {id: many, type: multi, label: Many, codes: {p: P, q: Q, r: R}}
      - {id: note, type: text, label: Note}
)";

struct Fixture {
  Content content;
  Fixture() {
    Diagnostics d;
    content.questionnaire = load_questionnaire(questionnaire_text, "session-test.yaml", content.symbols, d);
    content.questionnaire_digest = "digest-1";
    REQUIRE(d.empty());
  }
  int id(const char* name) const { return content.questionnaire.find_item(name); }
};

std::string answer(IntakeSession& s, int item, const char* typed) {
  std::vector<int> cleared;
  return s.answer(item, typed, cleared);
}

}  // namespace

TEST_CASE("typed answers: numbers stand for codes only when no code is a number") {
  Fixture f;
  IntakeSession s(f.content);
  CHECK(s.numbered(f.id("pick")));
  CHECK_FALSE(s.numbered(f.id("number_codes")));
  CHECK(answer(s, f.id("pick"), "3") == "");
  CHECK(s.answer_text(f.id("pick")) == "beta");
  CHECK(answer(s, f.id("number_codes"), "2") == "");
  CHECK(s.answer_text(f.id("number_codes")) == "2");
  CHECK(answer(s, f.id("gate"), "Y") == "");
  CHECK(s.answer_text(f.id("gate")) == "yes");
  CHECK(answer(s, f.id("many"), "1, r") == "");
  CHECK(s.answer_text(f.id("many")) == "p, r");
  CHECK(answer(s, f.id("many"), "0") == "");
  CHECK(s.answered(f.id("many")));
  CHECK(s.answer_text(f.id("many")) == "");
}

TEST_CASE("typed answers are refused with the batch parser's messages") {
  Fixture f;
  IntakeSession s(f.content);
  const Item& pick = s.item(f.id("pick"));
  Value v;
  std::string text;
  RawValue raw;
  raw.shape = RawValue::Shape::scalar;
  raw.scalar = "alpah";
  std::string batch = parse_answer(pick, raw, v, text);
  CHECK_FALSE(batch.empty());
  CHECK(answer(s, f.id("pick"), "alpah") == batch);
  CHECK(answer(s, f.id("pick"), "9").find("'9' is not allowed") != std::string::npos);
  CHECK(answer(s, f.id("g_points"), "1").find("no rounding") != std::string::npos);
  CHECK(answer(s, f.id("many"), "p p").find("listed twice") != std::string::npos);
  CHECK_FALSE(s.answered(f.id("pick")));
}

TEST_CASE("navigation follows conditions; changing the gate clears the group and says which") {
  Fixture f;
  IntakeSession s(f.content);
  CHECK(s.first_pending() == f.id("pick"));
  CHECK(answer(s, f.id("pick"), "alpha") == "");
  CHECK(answer(s, f.id("number_codes"), "1") == "");
  CHECK(s.next(f.id("gate")) == f.id("many"));  // the group does not apply yet
  CHECK(answer(s, f.id("gate"), "yes") == "");
  CHECK(s.next(f.id("gate")) == f.id("g_points"));
  CHECK(answer(s, f.id("g_points"), "2") == "");
  CHECK(answer(s, f.id("g_count"), "4") == "");
  CHECK(s.previous(f.id("many")) == f.id("g_count"));
  std::vector<int> cleared;
  CHECK(s.answer(f.id("gate"), "no", cleared) == "");
  CHECK(cleared == std::vector<int>{f.id("g_points"), f.id("g_count")});
  CHECK_FALSE(s.answered(f.id("g_points")));
  CHECK(s.previous(f.id("many")) == f.id("gate"));
  CHECK(s.first_pending() == f.id("many"));
}

TEST_CASE("skipping: required items cannot be skipped; a complete group is skipped whole") {
  Fixture f;
  IntakeSession s(f.content);
  std::vector<int> cleared;
  CHECK(s.skip(f.id("pick"), cleared).find("required") != std::string::npos);
  CHECK(answer(s, f.id("pick"), "alpha") == "");
  CHECK(answer(s, f.id("gate"), "yes") == "");
  CHECK(answer(s, f.id("g_count"), "3") == "");
  CHECK(s.skip(f.id("g_points"), cleared) == "");
  CHECK(cleared == std::vector<int>{f.id("g_count")});
  CHECK(s.skipped(f.id("g_points")));
  CHECK(s.skipped(f.id("g_count")));
  CHECK_FALSE(s.pending(f.id("g_count")));
  CHECK(s.first_pending() == f.id("number_codes"));
}

TEST_CASE("the saved record round-trips, skipped items included, and is a valid record") {
  Fixture f;
  IntakeSession s(f.content);
  s.case_id = "#C-1:2";  // a comment and a colon to YAML: it must be quoted
  CHECK(answer(s, f.id("pick"), "yes") == "");  // a code that YAML would read as a boolean
  CHECK(answer(s, f.id("number_codes"), "1") == "");
  CHECK(answer(s, f.id("gate"), "no") == "");
  CHECK(answer(s, f.id("many"), "q r") == "");
  CHECK(answer(s, f.id("note"), "two\nlines: # \"and\" quotes") == "");
  std::vector<int> cleared;
  CHECK(s.skip(f.id("number_codes"), cleared) == "");
  std::string yaml = s.to_yaml();
  YAML::Node doc = YAML::Load(yaml);
  CHECK(doc["answers"]["pick"].Scalar() == "yes");
  CHECK(doc["answers"]["pick"].Tag() == "!");  // quoted: a string, not a YAML 1.1 boolean
  CHECK(doc["answers"]["number_codes"].IsNull());
  CHECK(doc["questionnaire_version"].Scalar() == "2.1");
  CHECK(doc["questionnaire_digest"].Scalar() == "digest-1");

  auto raws = testing::raw_records(yaml);
  REQUIRE(raws.size() == 1);
  std::vector<Diagnostic> errors;
  validate_record(raws[0], f.content, errors);
  CHECK(errors.empty());

  IntakeSession back(f.content);
  std::string digest;
  back.load(raws[0], errors, cleared, digest);
  CHECK(errors.empty());
  CHECK(digest == "digest-1");
  CHECK(back.case_id == s.case_id);
  for (int i = 0; i < static_cast<int>(f.content.questionnaire.items.size()); ++i) {
    CHECK(back.answer_text(i) == s.answer_text(i));
    CHECK(back.skipped(i) == s.skipped(i));
  }
  CHECK(back.first_pending() == -1);
}

TEST_CASE("resuming: an unfinished record loads; a broken one does not; stale answers are cleared") {
  Fixture f;
  std::vector<Diagnostic> errors;
  std::vector<int> cleared;
  std::string digest;
  IntakeSession s(f.content);
  auto unfinished = testing::raw_records("carepath: 1\nquestionnaire: session-test\nanswers:\n  gate: no\n  g_points: 2\n");
  s.load(unfinished[0], errors, cleared, digest);
  CHECK(errors.empty());
  CHECK(cleared == std::vector<int>{f.id("g_points")});
  CHECK(s.first_pending() == f.id("pick"));

  // Stopped inside a group that must be complete: the group is partial, which only an
  // unfinished intake may be; it continues at the group's next item.
  auto in_group =
      testing::raw_records("carepath: 1\nquestionnaire: session-test\nanswers:\n  pick: alpha\n  gate: yes\n  g_points: 2\n");
  IntakeSession g(f.content);
  g.load(in_group[0], errors, cleared, digest);
  CHECK(errors.empty());
  CHECK(g.first_pending() == f.id("number_codes"));
  std::vector<int> ignored;
  CHECK(g.skip(f.id("number_codes"), ignored) == "");
  CHECK(g.first_pending() == f.id("g_count"));

  auto broken = testing::raw_records("carepath: 1\nquestionnaire: session-test\nanswers:\n  pick: gamma\n  name: someone\n");
  IntakeSession t(f.content);
  t.load(broken[0], errors, cleared, digest);
  CHECK(errors.size() == 2);
  CHECK(t.answered_count() == 0);
}

TEST_CASE("yaml_scalar quotes what YAML could misread") {
  CHECK(yaml_scalar("daily") == "daily");
  CHECK(yaml_scalar("opioid-intake") == "opioid-intake");
  CHECK(yaml_scalar("no") == "\"no\"");
  CHECK(yaml_scalar("Off") == "\"Off\"");
  CHECK(yaml_scalar("12") == "\"12\"");
  CHECK(yaml_scalar("") == "\"\"");
  CHECK(yaml_scalar("a: b") == "\"a: b\"");
  CHECK(yaml_scalar("-x") == "\"-x\"");
}

}  // namespace carepath

namespace carepath {

TEST_CASE("check: an unfinished record is fine; what batch input refuses is not") {
  Fixture f;
  IntakeSession s(f.content);
  CHECK(s.check("r.yaml").empty());
  s.case_id = "someone@example.com";
  auto problems = s.check("r.yaml");
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].pos.file == "r.yaml");
  CHECK(problems[0].message.find("someone@example.com") == std::string::npos);
}

}  // namespace carepath

namespace carepath {

TEST_CASE("typed answers as people type them: any case, labels, a unique prefix; the record keeps codes") {
  Fixture f;
  IntakeSession s(f.content);
  CHECK(answer(s, f.id("pick"), "ALPHA") == "");
  CHECK(s.answer_text(f.id("pick")) == "alpha");
  CHECK(answer(s, f.id("pick"), "Beta") == "");
  CHECK(s.answer_text(f.id("pick")) == "beta");
  CHECK(answer(s, f.id("pick"), "al") == "");
  CHECK(s.answer_text(f.id("pick")) == "alpha");
  CHECK(answer(s, f.id("pick"), "y") == "");  // a choice whose code is yes takes y
  CHECK(s.answer_text(f.id("pick")) == "yes");
  CHECK(answer(s, f.id("pick"), "yes as a CODE") == "");  // a whole label, in any case
  CHECK(s.answer_text(f.id("pick")) == "yes");
  CHECK(answer(s, f.id("number_codes"), "tw") == "");  // a label's start, where codes are numbers
  CHECK(s.answer_text(f.id("number_codes")) == "2");
  CHECK(answer(s, f.id("gate"), "No") == "");
  CHECK(s.answer_text(f.id("gate")) == "no");
  CHECK(answer(s, f.id("many"), "P, r") == "");
  CHECK(s.answer_text(f.id("many")) == "p, r");
  CHECK(s.to_yaml().find("  many: [p, r]\n") != std::string::npos);
}

TEST_CASE("match_choice: a prefix of more than one option, or of none, matches nothing") {
  std::vector<ChoiceOption> options = {{"passive", {"Passive wish to be dead"}},
                                       {"active_no_plan", {"Active, no plan"}},
                                       {"active_with_plan", {"Active, with a plan"}}};
  CHECK(match_choice(options, "act", true) == -1);
  CHECK(match_choice(options, "active_w", true) == 2);
  CHECK(match_choice(options, "pas", true) == 0);
  CHECK(match_choice(options, "2", true) == 1);
  CHECK(match_choice(options, "2", false) == -1);
  CHECK(match_choice(options, "4", true) == -1);
  CHECK(match_choice(options, "x", true) == -1);
  CHECK(match_choice(options, "", true) == -1);
}

TEST_CASE("match_choice: a label in any declared language, with or without its accents") {
  std::vector<ChoiceOption> options = {{"daily", {"Every day", "Todos los días"}}, {"weekly", {"Weekly", "Semanal"}}};
  CHECK(match_choice(options, "todos los dias", true) == 0);
  CHECK(match_choice(options, "TODOS LOS DÍAS", true) == 0);
  CHECK(match_choice(options, "sem", true) == 1);
  CHECK(match_choice(options, "every day", true) == 0);
}

TEST_CASE("fold_text drops the accents of Latin letters and lowers the case") {
  CHECK(fold_text("Sí") == "si");
  CHECK(fold_text("ÁÉÍÓÚÑÜ") == "aeiounu");
  CHECK(fold_text("3 × 4") == "3 × 4");
}

TEST_CASE("typed_yes_no takes yes and no in English whatever the language") {
  CHECK(typed_yes_no("Y") == std::optional<bool>(true));
  CHECK(typed_yes_no("no") == std::optional<bool>(false));
  CHECK(typed_yes_no("maybe") == std::nullopt);
  CHECK(typed_yes_no("") == std::nullopt);
}

TEST_CASE("the saved record says unfinished until the review is done, and keeps the decision") {
  const Content& c = testing::default_content();
  IntakeSession s(c);
  CHECK(s.to_yaml().find("unfinished: true\n") != std::string::npos);
  s.unfinished = false;
  Placement p;
  p.level = 0;
  p.reason = static_cast<int>(c.rules.decision.reasons.size()) - 1;
  p.note = "a note: with a colon";
  s.placement = p;
  std::string yaml = s.to_yaml();
  CHECK(yaml.find("unfinished") == std::string::npos);
  auto raws = testing::raw_records(yaml);
  REQUIRE(raws.size() == 1);
  IntakeSession back(c);
  std::vector<Diagnostic> errors;
  std::vector<int> cleared;
  std::string digest;
  back.load(raws[0], errors, cleared, digest);
  CHECK(errors.empty());
  REQUIRE(back.placement);
  CHECK(back.placement->level == 0);
  CHECK(back.placement->reason == p.reason);
  CHECK(back.placement->note == p.note);
  CHECK_FALSE(back.unfinished);
}

}  // namespace carepath
