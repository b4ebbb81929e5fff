// The result contract: JSON fields and CSV columns in the spec's order.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "helpers.hpp"

using namespace carepath;
using namespace carepath::testing;

TEST_CASE("CSV header follows the spec") {
  CHECK(csv_header(default_engine()) ==
        "case_id,source,status,emergency,withdrawal_management,primary_level,pathway,alternative,medications,flags,severity,cows_"
        "total,error,"
        "alternative_setting,dim_withdrawal,dim_biomedical,dim_emotional,dim_readiness,dim_relapse,dim_environment,"
        "placement_level,placement_reason,unfinished");
}

TEST_CASE("CSV rows join ids with > and |, and error rows name the problem") {
  Outcome ok = score_yaml("carepath: 1\nquestionnaire: opioid-intake\ncase_id: C-1\nanswers:\n  suicidal_ideation: none\n"
                          "  medical_emergency: no\n  primary_substance: alcohol\n  use_frequency: daily\n  dsm5_criteria: []\n");
  REQUIRE(ok.ok());
  // Daily alcohol (seizure risk) rates withdrawal 3; no criteria rates relapse 0; the other
  // dimensions rest on unanswered items (P13).
  CHECK(result_csv(default_engine(), ok) ==
        "C-1,test.yaml,ok,false,hospital,outpatient,detox>outpatient>support_group,,,seizure_risk|no_oud_diagnosis|outside_rule_"
        "scope,none,,"
        ",,3,,,,0,,,,false");
  Outcome bad = score_yaml("carepath: 1\nquestionnaire: opioid-intake\nanswers:\n  suicidal_ideation: none\n");
  REQUIRE_FALSE(bad.ok());
  std::string row = result_csv(default_engine(), bad);
  CHECK(row.rfind(",test.yaml,error,,,,,,,,,,", 0) == 0);
  CHECK(row.find("required item 'medical_emergency' is missing") != std::string::npos);
  CHECK(row.ends_with("daily\",,,,,,,,,,false"));  // alternative setting, six ratings, placement: empty
}

TEST_CASE("JSON of an invalid record has status error and its messages") {
  Outcome bad = score_yaml("carepath: 1\nquestionnaire: opioid-intake\nanswers:\n  suicidal_ideation: maybe\n");
  std::string json = result_json(default_engine(), bad, false);
  CHECK(json.find("\"status\":\"error\"") != std::string::npos);
  CHECK(json.find("item 'suicidal_ideation'") != std::string::npos);
  CHECK(json.find("\"ruleset\":{\"id\":\"opioid-pathway\"") != std::string::npos);
}

TEST_CASE("an error cell from escaped messages is the cell written from the errors themselves") {
  const Engine& engine = default_engine();
  Outcome o;
  o.case_id = "C-9";
  std::vector<std::vector<std::string>> message_sets{{"plain"},       {"a, b"},       {"say \"hi\""}, {"one", "two, \"three\""},
                                                     {"line\nbreak"}, {"x", "y", "z"}};
  for (std::string file : {"in.jsonl", "we,ird.csv", "q\"uote.csv", "sp ace.jsonl"})
    for (int col : {0, 1})
      for (const auto& messages : message_sets) {
        o.source = file + ":7";
        o.errors.clear();
        for (const auto& m : messages) o.errors.push_back({{file, 7, col}, m});
        std::string plain, fast;
        append_result_csv(plain, engine, o, o.result, nullptr);
        CsvMessages escaped = csv_messages(messages);
        append_result_csv(fast, engine, o, o.result, nullptr, &escaped);
        CHECK(fast == plain);
      }
  // The escaped messages are what is written (the caller vouches that they are o.errors'):
  // the comparisons above did take that way.
  o.errors = {{{"in.jsonl", 4, 1}, "plain"}};
  std::string given;
  CsvMessages other = csv_messages({"other"});
  append_result_csv(given, engine, o, o.result, nullptr, &other);
  CHECK(given.ends_with(",in.jsonl:4:1: other,,,,,,,,,,false"));
  // Errors at different places are written the long way, whatever messages come with them.
  o.errors = {{{"a.csv", 2, 0}, "first"}, {{"a.csv", 3, 0}, "second"}};
  std::string plain, fast;
  append_result_csv(plain, engine, o, o.result, nullptr);
  CsvMessages escaped = csv_messages({"first", "second"});
  append_result_csv(fast, engine, o, o.result, nullptr, &escaped);
  CHECK(fast == plain);
  CHECK(plain.find("a.csv:3: second") != std::string::npos);
}

TEST_CASE("compact JSON with the rule set's fixed parts encoded once is the JSON written field by field") {
  const Engine& engine = default_engine();
  ResultJsonParts parts(engine);
  std::mt19937 rng(20261207);
  int fired = 0;
  auto same = [&](const Outcome& o) {
    std::string plain, quick;
    append_result_json(plain, engine, o, false);
    append_result_json(quick, engine, o, false, &parts);
    CHECK(quick == plain);
    fired += static_cast<int>(o.result.fired.size());
  };
  for (const auto& entry : std::filesystem::directory_iterator(source_path("examples/personas"))) {
    std::ifstream in(entry.path());
    std::stringstream text;
    text << in.rdbuf();
    for (const auto& raw : raw_records(text.str(), entry.path().string())) same(score_record(engine, raw));
  }
  for (int n = 0; n < 300; ++n) {
    Outcome o;
    o.record.answers = random_answers(engine.content().questionnaire, rng);
    o.record.text.assign(o.record.answers.size(), "");
    o.record.from_constant.assign(o.record.answers.size(), false);
    engine.evaluate(o.record, o.result);
    same(o);
  }
  CHECK(fired > 1000);
  // Indented output has no fixed parts to copy: they are not used for it.
  Outcome o = score_yaml(
      "carepath: 1\nquestionnaire: opioid-intake\nanswers:\n  suicidal_ideation: none\n"
      "  medical_emergency: no\n  primary_substance: alcohol\n  use_frequency: daily\n  dsm5_criteria: []\n");
  REQUIRE(o.ok());
  std::string plain, quick;
  append_result_json(plain, engine, o, true);
  append_result_json(quick, engine, o, true, &parts);
  CHECK(quick == plain);
}
