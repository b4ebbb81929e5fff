#pragma once
// Shared fixtures for the unit tests: the default content, records from YAML text.
#include <doctest/doctest.h>

#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "content/content.hpp"
#include "engine/engine.hpp"
#include "record/record.hpp"
#include "render/result_output.hpp"

namespace carepath::testing {

inline const Content& default_content() {
  static std::unique_ptr<Content> c = load_content_or_throw({});
  return *c;
}

inline const Engine& default_engine() {
  static Engine e(default_content());
  return e;
}

inline std::string source_path(const std::string& rel) { return std::string(CAREPATH_SOURCE_DIR) + "/" + rel; }

// Reads the records of a YAML text (one or a '---' stream).
inline std::vector<RawRecord> raw_records(const std::string& yaml, const std::string& file = "test.yaml") {
  std::istringstream in(yaml);
  std::vector<RawRecord> out;
  read_yaml_records(in, file, [&](RawRecord&& r) { out.push_back(std::move(r)); });
  return out;
}

// A record of the default questionnaire with the given answers (YAML mapping lines, indented by 2).
inline std::string record_yaml(const std::string& answers) {
  return "carepath: 1\nquestionnaire: opioid-intake\nanswers:\n" + answers;
}

inline Outcome score_yaml(const std::string& yaml, const Engine& engine = default_engine()) {
  auto raws = raw_records(yaml);
  REQUIRE(raws.size() == 1);
  return score_record(engine, raws[0]);
}

inline std::string join_ids(const std::vector<std::string>& ids) {
  std::string s;
  for (const auto& i : ids) s += (s.empty() ? "" : ",") + i;
  return s;
}

// A random answer for every item: unknown, a valid answer, or (rarely) a value no valid record
// holds, which the tables must leave to the program.
inline std::vector<Value> random_answers(const Questionnaire& q, std::mt19937& rng) {
  std::vector<Value> out(q.items.size());
  for (std::size_t i = 0; i < q.items.size(); ++i) {
    const Item& it = q.items[i];
    std::uniform_int_distribution<int> roll(0, 99);
    int r = roll(rng);
    if (r < 25) continue;
    if (r < 27) {
      out[i] = Value::of_bool(roll(rng) % 2, true);  // out of any table: an uncertain answer
      continue;
    }
    auto pick = [&](std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng); };
    switch (it.type) {
      case ItemType::choice: out[i] = Value::of_sym(it.codes[pick(it.codes.size())].sym); break;
      case ItemType::boolean: out[i] = Value::of_bool(pick(2) == 1); break;
      case ItemType::multi:
        out[i] = Value::of_set(std::uniform_int_distribution<std::uint64_t>(0, (std::uint64_t{1} << it.codes.size()) - 1)(rng));
        break;
      case ItemType::integer:
        out[i] = Value::of_int(it.min + static_cast<long long>(pick(static_cast<std::size_t>(it.max - it.min + 1))));
        break;
      case ItemType::points: out[i] = Value::of_int(it.codes[pick(it.codes.size())].number); break;
      case ItemType::text: break;
    }
  }
  return out;
}

// What a result decides: the fields the batch outputs (CSV, table, summary) show.
inline void same_decisions(const Result& a, const Result& b) {
  CHECK(a.emergency == b.emergency);
  CHECK(a.setting == b.setting);
  CHECK(a.primary_level == b.primary_level);
  CHECK(a.alternative == b.alternative);
  CHECK(a.pathway == b.pathway);
  CHECK(a.flags == b.flags);
  CHECK(a.medications == b.medications);
}

}  // namespace carepath::testing
