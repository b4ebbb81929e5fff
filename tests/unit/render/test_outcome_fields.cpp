// The flat view of results: sets compare as sets, the pathway in order; answers in words.
#include <doctest/doctest.h>

#include "helpers.hpp"
#include "render/outcome_fields.hpp"

using namespace carepath;
using namespace carepath::testing;

TEST_CASE("fields compare as sets or ordered lists") {
  OutcomeField flags{"flags", {"a", "b"}, true, false};
  OutcomeField swapped{"flags", {"b", "a"}, true, false};
  CHECK(flags.same(swapped));
  OutcomeField path{"pathway", {"a", "b"}, true, true};
  OutcomeField reversed{"pathway", {"b", "a"}, true, true};
  CHECK_FALSE(path.same(reversed));
  CHECK(flags.show() == "[a, b]");
  CHECK(OutcomeField{"alternative", {"null"}, false, false}.show() == "null");
}

TEST_CASE("changes between two outcomes") {
  const std::string base =
      "  suicidal_ideation: none\n  medical_emergency: no\n  primary_substance: heroin\n  use_frequency: daily\n";
  Outcome a = score_yaml(record_yaml(base));
  Outcome b = score_yaml(record_yaml(base + "  pregnant: yes\n"));
  REQUIRE(a.ok());
  REQUIRE(b.ok());
  auto changes = outcome_changes(default_engine(), a, b);
  auto flags = std::find_if(changes.begin(), changes.end(), [](const FieldChange& c) { return c.field == "flags"; });
  REQUIRE(flags != changes.end());
  CHECK(flags->set);
  CHECK(flags->added == std::vector<std::string>{"pregnancy"});
  CHECK(flags->str() == "flags +pregnancy");
  CHECK(outcome_changes(default_engine(), a, a).empty());
  CHECK(outcome_field_names(default_engine()).size() == outcome_fields(default_engine(), a).size());
}

TEST_CASE("answers in the record's spelling and in words") {
  const Content& c = default_content();
  int route = c.questionnaire.find_item("route");
  int co_use = c.questionnaire.find_item("co_use");
  Outcome o = score_yaml(record_yaml("  suicidal_ideation: none\n  medical_emergency: no\n  primary_substance: heroin\n"
                                     "  use_frequency: daily\n  route: oral\n  co_use: []\n"));
  REQUIRE(o.ok());
  CHECK(answer_text(c, route, o.record.answers[static_cast<std::size_t>(route)], false) == "oral");
  CHECK(answer_text(c, route, o.record.answers[static_cast<std::size_t>(route)], true) == "By mouth");
  CHECK(answer_text(c, co_use, o.record.answers[static_cast<std::size_t>(co_use)], false) == "[]");
  CHECK(answer_text(c, co_use, Value::none(), false) == "unanswered");
}
