// Record -> QuestionnaireResponse -> record gives the same answers, for any answers of both
// rule sets' questionnaires; and the Questionnaire says what the questionnaire says.
#include <string>

#include "helpers.hpp"
#include "interop/fhir_export.hpp"
#include "record/fhir_response.hpp"

namespace carepath {
using namespace testing;

namespace {

void round_trip(const Content& c, int records, unsigned seed) {
  std::mt19937 rng(seed);
  const std::size_t n = c.questionnaire.items.size();
  for (int k = 0; k < records; ++k) {
    Record r;
    r.answers = random_answers(c.questionnaire, rng);
    // Only answers a record can hold (random_answers also makes values no record has).
    for (std::size_t i = 0; i < n; ++i) {
      ItemType t = c.questionnaire.items[i].type;
      Kind want = t == ItemType::choice    ? Kind::symbol
                  : t == ItemType::boolean ? Kind::boolean
                  : t == ItemType::multi   ? Kind::set
                                           : Kind::integer;
      if (r.answers[i].uncertain || r.answers[i].kind != want) r.answers[i] = Value::none();
    }
    r.text.assign(n, {});
    r.from_constant.assign(n, false);
    if (k % 3 == 0) r.case_id = "C-" + std::to_string(k);
    std::string json = fhir_response_json(c, r, {"2026-01-01T00:00:00Z", true});
    RawRecord raw = raw_from_fhir(json, "response.json", 0, "response.json");
    for (const auto& e : raw.errors) FAIL_CHECK(e.message);
    REQUIRE(raw.errors.empty());
    std::vector<Diagnostic> errors;
    Record back;
    validate_answers(raw, c, errors, back);
    for (const auto& e : errors) FAIL_CHECK(e.message);
    CHECK(back.case_id == r.case_id);
    for (std::size_t i = 0; i < n; ++i) CHECK_MESSAGE(back.answers[i] == r.answers[i], c.questionnaire.items[i].id);
  }
}

}  // namespace

TEST_CASE("fhir: any answers of the default questionnaire survive a QuestionnaireResponse") {
  round_trip(default_content(), 500, 7);
}

TEST_CASE("fhir: any answers of the alcohol example survive a QuestionnaireResponse") {
  Diagnostics diags;
  auto c = load_content(
      {source_path("examples/alcohol/questionnaire.yaml"), source_path("examples/alcohol/rules.yaml"), ""}, diags);
  REQUIRE(diags.empty());
  round_trip(*c, 300, 11);
}

TEST_CASE("fhir: a response names its questionnaire and refuses what is not one") {
  RawRecord r = raw_from_fhir(R"({"resourceType": "Patient", "name": [{"family": "X"}]})", "p.json", 0, "p.json");
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0].message.find("Patient") != std::string::npos);
  r = raw_from_fhir(R"({"resourceType": "QuestionnaireResponse", "status": "completed",
    "questionnaire": "https://x.org/Questionnaire/opioid-intake|1.0.0", "subject": {"reference": "Patient/1"}})",
                    "r.json", 4, "r.json");
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0].pos.line == 6);
  CHECK(r.errors[0].message.find("subject") != std::string::npos);
  CHECK(is_fhir_resource(" {\"resourceType\": \"X\"}"));
  CHECK_FALSE(is_fhir_resource("carepath: 1\nquestionnaire: resourceType\n"));
}

TEST_CASE("fhir: the Questionnaire has an item per question and says its conditions") {
  const Content& c = default_content();
  std::vector<std::string> lost;
  std::string q = fhir_questionnaire_json(c, lost);
  CHECK(lost.empty());
  for (const Item& it : c.questionnaire.items) CHECK(q.find("\"linkId\": \"" + it.id + "\"") != std::string::npos);
  for (const Score& s : c.questionnaire.scores) CHECK(q.find("\"linkId\": \"" + s.id + ".total\"") != std::string::npos);
  std::size_t conditions = 0;
  for (const Group& g : c.questionnaire.groups)
    conditions += c.questionnaire.items[static_cast<std::size_t>(g.items[0])].conditions.size();
  CHECK((conditions == 0 || q.find("\"enableWhen\"") != std::string::npos));
}

}  // namespace carepath
