// The counselor's decision in a record (spec: placement): read and checked like an answer, its
// reason checked against the result; and the intake's `unfinished` mark.
#include <doctest/doctest.h>

#include "helpers.hpp"
#include "record/jsonl.hpp"

using namespace carepath;
using namespace carepath::testing;

namespace {

const char* minimal = "  suicidal_ideation: none\n  medical_emergency: no\n  primary_substance: heroin\n  use_frequency: daily\n";

std::vector<std::string> errors_of(const std::string& yaml) {
  return error_lines(score_yaml(yaml));
}

bool has(const std::vector<std::string>& errors, const std::string& needle) {
  for (const auto& e : errors)
    if (e.find(needle) != std::string::npos) return true;
  return false;
}

}  // namespace

namespace {

// The recommended primary level of the minimal record, and another level.
std::pair<std::string, std::string> recommended_and_other() {
  auto o = score_yaml(record_yaml(minimal));
  REQUIRE(o.ok());
  const auto& levels = default_content().rules.levels;
  std::string recommended = levels[static_cast<std::size_t>(o.result.primary_level)].id;
  std::string other =
      levels[static_cast<std::size_t>(o.result.primary_level) == levels.size() - 1 ? 0 : o.result.primary_level + 1].id;
  return {recommended, other};
}

std::string with_placement(const std::string& block) {
  return record_yaml(minimal) + "placement:\n" + block;
}

}  // namespace

TEST_CASE("placement: the counselor's decision is read and checked like an answer") {
  auto [recommended, other] = recommended_and_other();
  auto follows = score_yaml(with_placement("  level: " + recommended + "\n"));
  REQUIRE(follows.ok());
  REQUIRE(follows.record.placement);
  CHECK(follows_recommendation(*follows.record.placement, follows.result));
  auto departs =
      score_yaml(with_placement("  level: " + other + "\n  reason: waiting_list\n  note: nearest program has a 6-week wait\n"));
  REQUIRE(departs.ok());
  CHECK_FALSE(follows_recommendation(*departs.record.placement, departs.result));
  CHECK(departs.record.placement->note == "nearest program has a 6-week wait");
  CHECK(default_content().rules.decision.reasons[static_cast<std::size_t>(departs.record.placement->reason)].id ==
        "waiting_list");

  CHECK(has(errors_of(with_placement("  level: " + other + "\n")), "placement: missing 'reason'"));
  CHECK(has(errors_of(with_placement("  level: " + recommended + "\n  reason: other\n")), "placement.reason: the level decided"));
  CHECK(has(errors_of(with_placement("  level: rehab\n")), "placement.level: 'rehab' is not a level"));
  CHECK(has(errors_of(with_placement("  level: " + other + "\n  reason: waitinglist\n")),
            "placement.reason: 'waitinglist' is not allowed (did you mean 'waiting_list'?)"));
  CHECK(has(errors_of(with_placement("  reason: other\n")), "placement: missing 'level'"));
  CHECK(has(errors_of(with_placement("  level: " + recommended + "\n  counselor: Jane\n")),
            "placement: unknown field 'counselor'"));
  CHECK(has(errors_of(record_yaml(minimal) + "placement: " + recommended + "\n"), "placement must be a mapping"));
  // A note is guarded like any text: an identifier, or more than 200 characters, is refused.
  CHECK(has(errors_of(with_placement("  level: " + other + "\n  reason: other\n  note: call 555-123-4567\n")), "placement.note"));
  CHECK(has(errors_of(with_placement("  level: " + other + "\n  reason: other\n  note: " + std::string(201, 'x') + "\n")),
            "placement.note"));
}

TEST_CASE("unfinished: true or false, nothing else") {
  auto o = score_yaml("carepath: 1\nquestionnaire: opioid-intake\nunfinished: true\nanswers:\n" + std::string(minimal));
  REQUIRE(o.ok());
  CHECK(o.record.unfinished);
  CHECK_FALSE(score_yaml(record_yaml(minimal)).record.unfinished);
  CHECK(has(errors_of("carepath: 1\nquestionnaire: opioid-intake\nunfinished: maybe\nanswers:\n" + std::string(minimal)),
            "unfinished must be true or false"));
}

TEST_CASE("placement in JSON Lines is read as in YAML, and a reused record does not keep it") {
  auto [recommended, other] = recommended_and_other();
  JsonlParser parser;
  auto parse = [&](const std::string& line, RawRecord& raw) {
    std::string buf = line + std::string(jsonl_padding, ' ');
    parser.parse(std::string_view(buf.data(), line.size()), "test.jsonl", 1, raw);
  };
  const std::string answers =
      R"("answers":{"suicidal_ideation":"none","medical_emergency":"no","primary_substance":"heroin","use_frequency":"daily"})";
  RawRecord raw;
  parse(R"({"carepath":1,"questionnaire":"opioid-intake",)" + answers + R"(,"placement":{"level":")" + other +
            R"(","reason":"patient_preference"},"unfinished":true})",
        raw);
  auto o = score_record(default_engine(), raw);
  REQUIRE(o.ok());
  REQUIRE(o.record.placement);
  CHECK(default_content().rules.levels[static_cast<std::size_t>(o.record.placement->level)].id == other);
  CHECK(o.record.unfinished);
  parse(R"({"carepath":1,"questionnaire":"opioid-intake",)" + answers + "}", raw);
  CHECK_FALSE(raw.placement_present);
  CHECK(raw.placement.empty());
  score_record(default_engine(), raw, o);
  CHECK_FALSE(o.record.placement);
  CHECK_FALSE(o.record.unfinished);
}
