#pragma once
// Shared fixtures for the unit tests: the default content, records from YAML text.
#include <doctest/doctest.h>

#include <sstream>
#include <string>
#include <vector>

#include "content.hpp"
#include "engine.hpp"
#include "record.hpp"
#include "result_output.hpp"

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

}  // namespace carepath::testing
