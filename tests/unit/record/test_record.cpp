// Record validation (spec section 1): what is refused, and that messages name the place,
// the item, what was given and what is allowed.
#include <doctest/doctest.h>

#include <fmt/format.h>

#include "helpers.hpp"

using namespace carepath;
using namespace carepath::testing;

namespace {

const char* minimal = "  suicidal_ideation: none\n  medical_emergency: no\n  primary_substance: heroin\n  use_frequency: daily\n";

std::vector<std::string> errors_of(const std::string& yaml) {
  auto o = score_yaml(yaml);
  return error_lines(o);
}

bool has(const std::vector<std::string>& errors, const std::string& needle) {
  for (const auto& e : errors)
    if (e.find(needle) != std::string::npos) return true;
  return false;
}

}  // namespace

TEST_CASE("a minimal valid record") {
  CHECK(errors_of(record_yaml(minimal)).empty());
}

TEST_CASE("a value not allowed for its item names file, line, column, item, value and what is allowed") {
  auto e = errors_of(
      record_yaml("  suicidal_ideation: none\n  medical_emergency: no\n  primary_substance: heroin\n  use_frequency: dayly\n"));
  REQUIRE(e.size() == 1);
  CHECK(e[0] ==
        "test.yaml:7:18: item 'use_frequency': 'dayly' is not allowed; expected one of: none_past_month, less_than_daily, "
        "daily (did you mean 'daily'?)");
}

TEST_CASE("types, ranges and allowed points") {
  CHECK(has(errors_of(record_yaml(std::string(minimal) + "  age_first_use: 4\n")),
            "item 'age_first_use': '4' is not allowed; expected a whole number from 5 to 99"));
  CHECK(has(errors_of(record_yaml(std::string(minimal) + "  age_first_use: twelve\n")), "item 'age_first_use'"));
  CHECK(has(errors_of(record_yaml(std::string(minimal) + "  pregnant: maybe\n")),
            "item 'pregnant': 'maybe' is not allowed; expected yes or no"));
  CHECK(errors_of(record_yaml(std::string(minimal) + "  pregnant: true\n")).empty());  // true/false accepted on input
  CHECK(has(errors_of(record_yaml(std::string(minimal) + "  co_use: alcohol\n")), "item 'co_use': expected a list"));
  CHECK(has(errors_of(record_yaml(std::string(minimal) + "  co_use: [alcohol, alcohol]\n")), "'alcohol' is listed twice"));
  CHECK(has(errors_of(record_yaml(std::string(minimal) + "  co_use: [beer]\n")), "'beer' is not allowed"));
  CHECK(errors_of(record_yaml(std::string(minimal) + "  co_use: []\n")).empty());  // an empty list means none
  CHECK(has(errors_of(record_yaml(std::string(minimal) + "  readiness: [action]\n")), "item 'readiness': expected one of"));
}

TEST_CASE("a points answer must be one of the item's points: no rounding") {
  std::string cows =
      "  cows_assessed: yes\n  cows_pulse: 3\n  cows_sweating: 0\n  cows_restlessness: 0\n  cows_pupils: 0\n  cows_aches: 0\n"
      "  cows_nose_tearing: 0\n  cows_gi: 0\n  cows_tremor: 0\n  cows_yawning: 0\n  cows_anxiety: 0\n  cows_gooseflesh: 0\n";
  auto e = errors_of(record_yaml(std::string(minimal) + cows));
  REQUIRE(e.size() == 1);
  CHECK(e[0].find("item 'cows_pulse': '3' is not allowed; expected one of the points: 0, 1, 2, 4") != std::string::npos);
}

TEST_CASE("unknown item ids are refused, which also keeps identifiers out") {
  auto e = errors_of(record_yaml(std::string(minimal) + "  name: Jane Doe\n  use_frequncy: daily\n"));
  CHECK(has(e, "unknown item 'name'"));
  CHECK(has(e, "unknown item 'use_frequncy' (did you mean 'use_frequency'?)"));
  e = errors_of("carepath: 1\nquestionnaire: opioid-intake\ndob: 1990-01-01\nanswers:\n" + std::string(minimal));
  CHECK(has(e, "test.yaml:3:1: unknown field 'dob'"));
}

TEST_CASE("required items missing") {
  auto e = errors_of(record_yaml("  suicidal_ideation: none\n  primary_substance: heroin\n  use_frequency: daily\n"));
  REQUIRE(e.size() == 1);
  CHECK(has(e, "required item 'medical_emergency' is missing"));
}

TEST_CASE("an item whose condition is false must not be answered") {
  auto e = errors_of(record_yaml(std::string(minimal) + "  cows_assessed: no\n  cows_pulse: 0\n"));
  CHECK(has(e, "item 'cows_pulse' was answered, but it is asked only when cows_assessed == yes"));
  e = errors_of(record_yaml(std::string(minimal) + "  cows_pulse: 0\n"));  // condition unknown: not asked either
  CHECK(has(e, "item 'cows_pulse' was answered"));
}

TEST_CASE("a group that must be complete may not be partial") {
  auto e = errors_of(record_yaml(std::string(minimal) + "  cows_assessed: yes\n  cows_pulse: 0\n  cows_sweating: 1\n"));
  REQUIRE(e.size() == 1);
  CHECK(has(e, "group 'cows' is partial"));
  CHECK(has(e, "cows_restlessness"));
  e = errors_of(record_yaml(std::string(minimal) + "  cows_assessed: yes\n"));
  CHECK(has(e, "group 'cows' applies and its items are required"));
}

TEST_CASE("header: version, questionnaire id, answers, duplicates") {
  CHECK(has(errors_of("carepath: 2\nquestionnaire: opioid-intake\nanswers:\n" + std::string(minimal)),
            "record format version must be 1"));
  CHECK(has(errors_of("carepath: 1\nquestionnaire: alcohol\nanswers:\n" + std::string(minimal)), "this record is for 'alcohol'"));
  CHECK(has(errors_of("carepath: 1\nquestionnaire: opioid-intake\n"), "missing 'answers'"));
  CHECK(has(errors_of("questionnaire: opioid-intake\nanswers:\n" + std::string(minimal)), "missing 'carepath: 1'"));
  CHECK(has(errors_of(record_yaml(std::string(minimal) + "  pregnant: no\n  pregnant: yes\n")),
            "item 'pregnant' is answered twice"));
  CHECK(has(errors_of("- just\n- a list\n"), "a record must be a mapping"));
}

TEST_CASE("every problem of a record is reported, not just the first") {
  auto e =
      errors_of(record_yaml("  suicidal_ideation: sometimes\n  medical_emergency: no\n  primary_substance: heroine\n  "
                            "use_frequency: daily\n  shoe_size: 9\n"));
  CHECK(e.size() == 3);
}

TEST_CASE("an unanswered item given as null is unknown, not an error") {
  CHECK(errors_of(record_yaml(std::string(minimal) + "  pregnant:\n")).empty());
}

TEST_CASE("YAML streams: each document is a record with its own line numbers") {
  auto raws = raw_records(
      "carepath: 1\nquestionnaire: opioid-intake\nanswers:\n" + std::string(minimal) +
      "---\ncarepath: 1\nquestionnaire: opioid-intake\nanswers:\n  suicidal_ideation: none\n  medical_emergency: nope\n"
      "  primary_substance: heroin\n  use_frequency: daily\n");
  REQUIRE(raws.size() == 2);
  CHECK(raws[0].source == "test.yaml");
  CHECK(raws[1].source == "test.yaml:8");
  Outcome o = score_record(default_engine(), raws[1]);
  REQUIRE(o.errors.size() == 1);
  CHECK(o.errors[0].pos.line == 13);
}

TEST_CASE("YAML syntax errors in a stream are reported with their line and the stream goes on") {
  auto raws = raw_records("carepath: 1\nanswers: [unclosed\n---\ncarepath: 1\nquestionnaire: opioid-intake\nanswers:\n" +
                          std::string(minimal));
  REQUIRE(raws.size() == 2);
  REQUIRE(raws[0].errors.size() == 1);
  CHECK(raws[0].errors[0].message.find("YAML syntax error") != std::string::npos);
  CHECK(score_record(default_engine(), raws[1]).ok());
}

namespace {
std::string describe(const RawValue& v) {
  std::string s = fmt::format("{}@{}:{}", static_cast<int>(v.shape), v.pos.line, v.pos.col);
  if (v.shape == RawValue::Shape::scalar) s += "=" + v.scalar;
  for (const auto& e : v.list) s += "|" + e;
  return s;
}
std::string describe(const RawRecord& r) {
  std::string s = fmt::format("{} @{}:{} answers_present={}\n", r.source, r.pos.line, r.pos.col, r.answers_present);
  for (const auto* fields : {&r.header, &r.answers})
    for (const auto& f : *fields) s += fmt::format("  {}@{}:{} {}\n", f.key, f.pos.line, f.pos.col, describe(f.value));
  for (const auto& e : r.errors) s += "  ! " + e.str() + "\n";
  return s;
}
}  // namespace

TEST_CASE("a record replayed from a loaded tree is the record read from its text") {
  // Shapes and mistakes of every kind (one "answers" key: a second is reported as a duplicate).
  for (const char* text :
       {"carepath: 1\nquestionnaire: opioid-intake\ncase_id: A1\nanswers:\n  suicidal_ideation: none\n  co_use: [alcohol, "
        "cannabis]\n",
        "carepath: 1\nanswers:\n  route:\n  co_use: []\n  pregnant: ~\n  x: {a: 1}\n  y: [a, [b], ~, {c: d}]\n", "- a\n- b\n",
        "just text\n", "~\n", "carepath: 1\nanswers: [a, b, {c: 1}]\nextra: {deep: {deeper: [1, 2]}}\n",
        "carepath: 1\nanswers: 7\n", "carepath: 1\nanswers:\n", "carepath: 1\n[a, b]: c\n{k: v}: w\nafter: 1\n",
        "carepath: 1\nanswers:\n  ? [x]\n  : y\n  route: injection\nlist: [1, {2: 3}, 4]\n",
        "{carepath: 1, questionnaire: opioid-intake, answers: {route: injection, co_use: [alcohol]}}\n",
        "carepath: 1\nanswers:\n  text: |\n    two\n    lines\n  quoted: \"a: b\"\n"}) {
    CAPTURE(text);
    auto raws = raw_records(std::string("# a comment line\n") + text);
    REQUIRE(raws.size() == 1);
    RawRecord tree = raw_from_yaml(YAML::Load(std::string("# a comment line\n") + text), "test.yaml", 0, "test.yaml");
    CHECK(describe(raws[0]) == describe(tree));
  }
}

TEST_CASE("a refused record is said once: its source, the count and every problem") {
  CHECK_NOTHROW(throw_if_invalid("ok.yaml", {}));
  std::vector<Diagnostic> errors = {{{"bad.yaml", 3, 5}, "item 'x': wrong"}, {{"bad.yaml", 4, 1}, "missing 'answers'"}};
  try {
    throw_if_invalid("bad.yaml", errors);
    FAIL("not thrown");
  } catch (const Error& e) {
    CHECK(e.code() == exit_data);
    CHECK(std::string(e.what()) == "bad.yaml: the record is not valid (2 problems)");
    CHECK(e.details() == std::vector<std::string>{"bad.yaml:3:5: item 'x': wrong", "bad.yaml:4:1: missing 'answers'"});
  }
  errors.pop_back();
  CHECK_THROWS_WITH(throw_if_invalid("bad.yaml", errors), "bad.yaml: the record is not valid (1 problem)");
}
