// Questionnaire loading: the default content's structure and planted faults at their positions.
#include <doctest/doctest.h>

#include "helpers.hpp"
#include "content/questionnaire.hpp"

using namespace carepath;
using namespace carepath::testing;

namespace {
std::vector<std::string> load_errors(const std::string& yaml) {
  Symbols symbols;
  Diagnostics diags;
  load_questionnaire(yaml, "q.yaml", symbols, diags);
  diags.sort_by_position();
  std::vector<std::string> out;
  for (const auto& d : diags.items()) out.push_back(d.str());
  return out;
}
const std::string head = "carepath_questionnaire: 1\nid: t\nversion: '1'\nsections:\n  - id: s\n    items:\n";
}  // namespace

TEST_CASE("the default questionnaire holds every item of the spec, typed as the spec says") {
  const Questionnaire& q = default_content().questionnaire;
  CHECK(q.id == "opioid-intake");
  CHECK(q.items.size() == 42);
  auto type = [&](const char* id) { return q.items[static_cast<std::size_t>(q.find_item(id))].type; };
  CHECK(type("suicidal_ideation") == ItemType::choice);
  CHECK(type("co_use") == ItemType::multi);
  CHECK(type("dsm5_criteria") == ItemType::multi);
  CHECK(type("cows_gooseflesh") == ItemType::points);
  CHECK(type("age_first_use") == ItemType::integer);
  CHECK(type("pregnant") == ItemType::boolean);
  const Item& pulse = q.items[static_cast<std::size_t>(q.find_item("cows_pulse"))];
  REQUIRE(pulse.codes.size() == 4);
  CHECK(pulse.codes[3].number == 4);
  CHECK(pulse.group >= 0);
  CHECK(q.groups[static_cast<std::size_t>(pulse.group)].complete);
  for (const char* id : {"suicidal_ideation", "medical_emergency", "primary_substance", "use_frequency"})
    CHECK(q.items[static_cast<std::size_t>(q.find_item(id))].required);
  CHECK(q.find_item("suicidal_ideation") == 0);  // asked first
}

TEST_CASE("item faults are reported at their line and column") {
  auto e = load_errors(head + "      - id: a\n        type: choise\n        label: A\n");
  REQUIRE(e.size() == 2);
  CHECK(e[0] == "q.yaml:7:13: item 'a' of type choice needs 'codes'");
  CHECK(e[1].rfind("q.yaml:8:15: item 'a': unknown type 'choise' (did you mean 'choice'?)", 0) == 0);

  e = load_errors(head + "      - id: a\n        type: boolean\n        label: A\n        lable: typo\n");
  REQUIRE(e.size() == 1);
  CHECK(e[0].rfind("q.yaml:10:9: item: unknown key 'lable' (did you mean 'label'?)", 0) == 0);

  e = load_errors(head + "      - id: a\n        type: integer\n        label: A\n        min: 5\n        max: 1\n");
  CHECK(e.size() == 1);

  e = load_errors(head + "      - id: a\n        type: choice\n        label: A\n        codes: {x: X, x: Y}\n");
  CHECK(e.size() == 1);
  CHECK(e[0].find("duplicate code 'x'") != std::string::npos);
}

TEST_CASE("score bands must cover every possible total without gaps") {
  std::string items = "      - id: m\n        type: multi\n        label: M\n        codes: {a: A, b: B, c: C}\n";
  CHECK(load_errors(
            head + items +
            "scores:\n  - id: n\n    count: m\n    bands:\n      - {id: lo, min: 0, max: 1}\n      - {id: hi, min: 2, max: 3}\n")
            .empty());
  auto e = load_errors(
      head + items +
      "scores:\n  - id: n\n    count: m\n    bands:\n      - {id: lo, min: 0, max: 1}\n      - {id: hi, min: 2, max: 2}\n");
  REQUIRE(e.size() == 1);
  CHECK(e[0].find("the bands end at 2, but the highest possible total is 3") != std::string::npos);
  e = load_errors(head + items + "scores:\n  - id: n\n    count: m\n    bands:\n      - {id: lo, min: 1, max: 3}\n");
  REQUIRE(e.size() == 1);
  CHECK(e[0].find("starts at 1, but the lowest possible total is at 0") != std::string::npos);
}

TEST_CASE("conditions may use only earlier items") {
  auto e = load_errors(head +
                       "      - id: a\n        type: boolean\n        label: A\n        when: b\n      - id: b\n        type: "
                       "boolean\n        label: B\n");
  REQUIRE(e.size() == 1);
  CHECK(e[0].find("condition uses 'b', which is not asked before 'a'") != std::string::npos);
}

TEST_CASE("a file that is not a questionnaire") {
  CHECK(load_errors("").size() == 1);
  CHECK(load_errors("- a\n- b\n")[0].find("must be a mapping") != std::string::npos);
  CHECK(load_errors("carepath_questionnaire: 2\nid: t\nversion: '1'\nsections: []\n")[0].find("version 2 is not supported") !=
        std::string::npos);
}
