// Rule test cases: loading, expectation checks with readable diffs, and coverage.
#include <doctest/doctest.h>

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "trainer/cases.hpp"
#include "helpers.hpp"

using namespace carepath;
using namespace carepath::testing;

namespace {

std::string write_temp(const std::string& name, const std::string& text) {
  std::string path =
      (std::filesystem::temp_directory_path() / ("carepath-test-" + std::to_string(::getpid()) + "-" + name)).string();
  std::ofstream(path) << text;
  return path;
}

const char* two_cases = R"(- id: mild
  answers: {suicidal_ideation: none, medical_emergency: no, primary_substance: heroin, use_frequency: less_than_daily,
            oud_severity: mild}
  expect:
    primary_level: outpatient
    flags_exclude: [no_oud_diagnosis]
    scores: {severity: mild}
- id: wrong
  answers: {suicidal_ideation: none, medical_emergency: no, primary_substance: heroin, use_frequency: less_than_daily,
            oud_severity: mild, chronic_pain: yes}
  expect:
    primary_level: iop
    flags: []
)";

}  // namespace

TEST_CASE("cases load, pass and fail with a readable diff") {
  Diagnostics diags;
  auto path = write_temp("cases.yaml", two_cases);
  auto cases = load_cases(path, default_engine(), diags);
  std::remove(path.c_str());
  REQUIRE(diags.empty());
  REQUIRE(cases.size() == 2);
  CHECK(cases[0].expect.size() == 3);
  CHECK(cases[0].expect[1].kind == Expectation::Kind::exclude);
  CHECK(case_failures(default_engine(), cases[0], score_record(default_engine(), cases[0].record)).empty());
  auto f = case_failures(default_engine(), cases[1], score_record(default_engine(), cases[1].record));
  REQUIRE(f.size() == 4);
  CHECK(f[0] == "primary_level: expected iop");
  CHECK(f[1].find("got outpatient") != std::string::npos);
  CHECK(f[3].find("unexpected: chronic_pain") != std::string::npos);
}

TEST_CASE("mistakes in a case file are reported with positions and suggestions") {
  Diagnostics diags;
  auto path = write_temp("bad.yaml", "- id: x\n  answers: {}\n  expect: {primary_levle: iop, flags: [no_such_flag]}\n");
  load_cases(path, default_engine(), diags);
  std::remove(path.c_str());
  REQUIRE(diags.size() == 2);
  CHECK(diags.items()[0].message.find("did you mean 'primary_level'") != std::string::npos);
  CHECK(diags.items()[0].pos.line == 3);
  CHECK(diags.items()[1].message.find("'no_such_flag' is not a known value") != std::string::npos);
}

TEST_CASE("the shipped cases fire every rule of the default content") {
  Coverage cov(default_engine());
  Diagnostics diags;
  int n = 0;
  for (const auto& f : case_files({source_path("tests/cases")}))
    for (const auto& c : load_cases(f, default_engine(), diags)) {
      Outcome o = score_record(default_engine(), c.record);
      REQUIRE(o.ok());
      Result r = default_engine().evaluate(o.record, &cov);
      cov.add_result(r);
      CHECK(case_failures(default_engine(), c, o).empty());
      ++n;
    }
  CHECK(diags.empty());
  CHECK(n > 40);
  CHECK(cov.never_fired().empty());
  CHECK(cov.rules_fired() == cov.rules_total());
  CHECK(cov.outcomes_seen() <= cov.outcomes_total());
}

TEST_CASE("coverage counts sub-conditions, not literals") {
  const RuleSet& rs = default_content().rules;
  const Rule& always = rs.rules[static_cast<std::size_t>(rs.find_rule("setting.ambulatory"))];
  CHECK(coverage_nodes(always.when).empty());
  const Rule& two = rs.rules[static_cast<std::size_t>(rs.find_rule("safety.emergency"))];
  CHECK(coverage_nodes(two.when).size() == 3);  // the 'or' and both comparisons
  Coverage cov(default_engine());
  CHECK(cov.rules_fired() == 0);
  CHECK(cov.never_reached().size() == rs.rules.size());
}

TEST_CASE("a case may give a whole record, or a file of records that must all give the result") {
  std::string records = write_temp(
      "records.yaml", record_yaml("  suicidal_ideation: none\n  medical_emergency: no\n  primary_substance: heroin\n"
                                  "  use_frequency: less_than_daily\n  oud_severity: mild\n") +
                          "---\n" +
                          record_yaml("  suicidal_ideation: none\n  medical_emergency: no\n  primary_substance: heroin\n"
                                      "  use_frequency: less_than_daily\n  oud_severity: severe\n"));
  std::string name = std::filesystem::path(records).filename().string();
  Diagnostics diags;
  auto path = write_temp(
      "file-cases.yaml",
      "- id: many\n  record_file: " + name +
          "\n  expect: {primary_level: outpatient}\n"
          "- id: whole\n  record: {carepath: 1, questionnaire: opioid-intake, answers: {suicidal_ideation: none,\n"
          "    medical_emergency: no, primary_substance: heroin, use_frequency: daily}}\n  expect: {pathway_include: [detox]}\n");
  auto cases = load_cases(path, default_engine(), diags);
  std::remove(path.c_str());
  std::remove(records.c_str());
  REQUIRE(diags.empty());
  REQUIRE(cases.size() == 3);
  CHECK(cases[0].id == "many#1");
  CHECK(cases[1].id == "many#2");
  CHECK(case_failures(default_engine(), cases[0], score_record(default_engine(), cases[0].record)).empty());
  CHECK_FALSE(case_failures(default_engine(), cases[1], score_record(default_engine(), cases[1].record)).empty());
  CHECK(case_failures(default_engine(), cases[2], score_record(default_engine(), cases[2].record)).empty());
}
