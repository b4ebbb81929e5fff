// carepath's conditions in FHIR's terms: enableWhen where FHIR can say them, FHIRPath otherwise,
// with carepath's meaning of an unanswered item (it satisfies no comparison).
#include <string>

#include "helpers.hpp"
#include "interop/fhirpath.hpp"
#include "util/json_writer.hpp"

namespace carepath {
using namespace testing;

namespace {

// Compiling interns literals, so it gets content of its own.
Content& content() {
  static std::unique_ptr<Content> c = load_content_or_throw({});
  return *c;
}

Condition condition(const std::string& src) {
  ItemScope scope(content().questionnaire, content().symbols, false);
  Condition c;
  c.expr = compile_expr(src, scope, Type::boolean, [&](std::size_t, const std::string& m) { FAIL(m); });
  return c;
}

// The enableWhen written for `src`, or "" when FHIR's enableWhen cannot say it.
std::string enable_when(const std::string& src) {
  Condition c = condition(src);
  JsonWriter w(false);
  w.begin_object();
  bool ok = write_enable_when(w, content(), {&c});
  w.end_object();
  return ok ? w.str() : "";
}

const std::string answers = "%resource.repeat(item).where(linkId = ";

}  // namespace

TEST_CASE("fhirpath: enableWhen for what FHIR can say") {
  CHECK(enable_when("cows_assessed == yes") ==
        R"({"enableWhen":[{"question":"cows_assessed","operator":"=","answerBoolean":true}]})");
  CHECK(enable_when("prior_treatment_episodes >= 2") ==
        R"({"enableWhen":[{"question":"prior_treatment_episodes","operator":">=","answerInteger":2}]})");
  CHECK(enable_when("2 < prior_treatment_episodes") ==
        R"({"enableWhen":[{"question":"prior_treatment_episodes","operator":">","answerInteger":2}]})");
  CHECK(enable_when("not answered(route)") ==
        R"({"enableWhen":[{"question":"route","operator":"exists","answerBoolean":false}]})");
  std::string coded = enable_when("'craving' in dsm5_criteria");
  CHECK(coded.find(R"("operator":"=","answerCoding":{"system":")") != std::string::npos);
  CHECK(coded.find(R"(/multi/dsm5_criteria","code":"craving"})") != std::string::npos);
  std::string any = enable_when("route == 'injection' or pregnant");
  CHECK(any.find(R"("enableBehavior":"any")") != std::string::npos);
  std::string all = enable_when("route == 'injection' and pregnant and answered(age_first_use)");
  CHECK(all.find(R"("enableBehavior":"all")") != std::string::npos);
}

TEST_CASE("fhirpath: FHIRPath where enableWhen would differ or cannot say it") {
  // FHIR's != holds for an unanswered question; carepath's does not.
  CHECK(enable_when("use_frequency != 'daily'").empty());
  CHECK(fhirpath_condition(content(), condition("use_frequency != 'daily'").expr) ==
        "iif(" + answers + "'use_frequency').answer.value.code != 'daily', true, false)");
  CHECK(enable_when("count(dsm5_criteria) >= 2").empty());
  auto count = fhirpath_condition(content(), condition("count(dsm5_criteria) >= 2").expr);
  REQUIRE(count);
  CHECK(count->find(".count()) >= 2, true, false)") != std::string::npos);
  // A renderer may hold an untouched list of check boxes as an empty answer, which `exists` counts.
  CHECK(enable_when("not answered(dsm5_criteria)").empty());
  CHECK(fhirpath_condition(content(), condition("not answered(dsm5_criteria)").expr) ==
        "(" + answers + "'dsm5_criteria').answer.exists()).not()");
  CHECK(enable_when("not (route == 'injection')").empty());
  CHECK(fhirpath_condition(content(), condition("not (route == 'injection')").expr) ==
        "(iif(" + answers + "'route').answer.value.code = 'injection', true, false)).not()");
  CHECK(fhirpath_condition(content(), condition("route in ['injection', 'smoking']").expr) ==
        "iif(" + answers + "'route').answer.value.code in ('injection' | 'smoking'), true, false)");
}

TEST_CASE("fhirpath: a score is empty until every item it adds is answered") {
  const Questionnaire& q = content().questionnaire;
  for (const Score& s : q.scores) {
    std::string e = fhirpath_score(content(), s);
    if (s.kind == Score::Kind::sum) {
      for (int i : s.items) CHECK(e.find("'" + q.items[static_cast<std::size_t>(i)].id + "'") != std::string::npos);
      CHECK(e.find(" + ") != std::string::npos);  // FHIRPath's + of an empty operand is empty
    } else {
      CHECK(e.rfind("iif(", 0) == 0);
      CHECK(e.find(".count())") != std::string::npos);
    }
  }
}

}  // namespace carepath
