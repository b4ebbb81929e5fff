// The result contract: JSON fields and CSV columns in the spec's order.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "helpers.hpp"

using namespace carepath;
using namespace carepath::testing;

TEST_CASE("CSV header follows the spec") {
  CHECK(csv_header(default_engine()) ==
        "case_id,source,status,emergency,withdrawal_management,primary_level,pathway,alternative,medications,flags,severity,cows_total,error");
}

TEST_CASE("CSV rows join ids with > and |, and error rows name the problem") {
  Outcome ok = score_yaml("carepath: 1\nquestionnaire: opioid-intake\ncase_id: C-1\nanswers:\n  suicidal_ideation: none\n"
                          "  medical_emergency: no\n  primary_substance: alcohol\n  use_frequency: daily\n  dsm5_criteria: []\n");
  REQUIRE(ok.ok());
  CHECK(result_csv(default_engine(), ok) ==
        "C-1,test.yaml,ok,false,hospital,outpatient,detox>outpatient>support_group,,,seizure_risk|no_oud_diagnosis|outside_rule_scope,none,,");
  Outcome bad = score_yaml("carepath: 1\nquestionnaire: opioid-intake\nanswers:\n  suicidal_ideation: none\n");
  REQUIRE_FALSE(bad.ok());
  std::string row = result_csv(default_engine(), bad);
  CHECK(row.rfind(",test.yaml,error,,,,,,,,,,", 0) == 0);
  CHECK(row.find("required item 'medical_emergency' is missing") != std::string::npos);
}

TEST_CASE("JSON of an invalid record has status error and its messages") {
  Outcome bad = score_yaml("carepath: 1\nquestionnaire: opioid-intake\nanswers:\n  suicidal_ideation: maybe\n");
  std::string json = result_json(default_engine(), bad, false);
  CHECK(json.find("\"status\":\"error\"") != std::string::npos);
  CHECK(json.find("item 'suicidal_ideation'") != std::string::npos);
  CHECK(json.find("\"ruleset\":{\"id\":\"opioid-pathway\"") != std::string::npos);
}
