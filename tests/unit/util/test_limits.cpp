// Limits on untrusted input: every case ends in a clear message at a position, quickly.
#include <doctest/doctest.h>

#include <chrono>
#include <filesystem>
#include <sstream>
#include <string>

#include "helpers.hpp"
#include "util/limits.hpp"
#include "content/questionnaire.hpp"
#include "content/rules.hpp"
#include "util/yaml_doc.hpp"

using namespace carepath;
using namespace carepath::testing;

namespace {

std::vector<std::string> record_errors(const std::string& yaml) {
  auto raws = raw_records(yaml);
  REQUIRE(raws.size() == 1);
  return error_lines(score_record(default_engine(), raws[0]));
}

std::string first_error(const std::string& yaml) {
  auto e = record_errors(yaml);
  return e.empty() ? "" : e[0];
}

// Nine aliases of the level before, `levels` times: 9^levels nodes when expanded.
std::string alias_bomb(int levels) {
  std::string s = "a0: &a0 [x, x, x, x, x, x, x, x, x]\n";
  for (int i = 1; i <= levels; ++i) {
    s += "a" + std::to_string(i) + ": &a" + std::to_string(i) + " [";
    for (int k = 0; k < 9; ++k) s += (k ? ", *a" : "*a") + std::to_string(i - 1);
    s += "]\n";
  }
  return s;
}

}  // namespace

TEST_CASE("text_problem: NUL, control characters and invalid UTF-8, with the offset") {
  std::size_t at = 99;
  CHECK(text_problem("plain\ttext\r\n", at).empty());
  CHECK(text_problem("\xEF\xBB\xBFwith a BOM, caf\xC3\xA9, \xE2\x82\xAC, \xF0\x9F\x98\x80", at).empty());
  CHECK(text_problem(std::string("ab\0c", 4), at).starts_with("a NUL byte"));
  CHECK(at == 2);
  CHECK(text_problem("a\x07", at).starts_with("control character 0x07"));
  for (const char* bad : {"\xC0\xAF", "\xE0\x80\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80", "\xC3", "\x80", "\xFF"})
    CHECK_MESSAGE(text_problem(std::string("x") + bad, at).starts_with("invalid UTF-8"), bad);
}

TEST_CASE("a billion laughs is refused in a record before anything is expanded") {
  auto start = std::chrono::steady_clock::now();
  auto e = record_errors(record_yaml("  suicidal_ideation: none\n") + "lol: " + alias_bomb(9).substr(4));
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(5));
  REQUIRE(!e.empty());
  CHECK(e[0].find("anchors (&name) are not allowed in a record") != std::string::npos);
}

TEST_CASE("content: aliases are allowed, but their expansion is bounded") {
  std::vector<Diagnostic> errors;
  CHECK(check_yaml(alias_bomb(3), content_yaml_limits, "c.yaml", 0, errors));
  CHECK(errors.empty());
  CHECK_FALSE(check_yaml(alias_bomb(9), content_yaml_limits, "c.yaml", 0, errors));
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].str().find("expands to more than 1000000 nodes through its aliases") != std::string::npos);
  // Without an alias the count is the document's own: "through aliases" is not suggested.
  std::string flat = "[";
  for (std::size_t i = 0; i <= max_expanded_nodes; ++i) flat += "0,";
  flat += "0]";
  std::vector<Diagnostic> flat_errors;
  CHECK_FALSE(check_yaml(flat, content_yaml_limits, "c.yaml", 0, flat_errors));
  REQUIRE(flat_errors.size() == 1);
  CHECK(flat_errors[0].str().find("the document has more than 1000000 nodes") != std::string::npos);
  CHECK(flat_errors[0].str().find("alias") == std::string::npos);
  errors.clear();
  CHECK_FALSE(check_yaml("a: &x [1, *x]\n", content_yaml_limits, "c.yaml", 0, errors));
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].message == "an alias refers to a node that contains it");
}

TEST_CASE("deep nesting becomes our message, also past yaml-cpp's own guard") {
  CHECK(first_error(std::string(100, '[') + std::string(100, ']')) == "test.yaml:1:65: nesting is deeper than 64 levels");
  CHECK(first_error(std::string(100000, '[')).find("nesting is deeper than 64 levels") != std::string::npos);
  std::string deep;
  for (int i = 0; i < 70; ++i) deep += std::string(static_cast<std::size_t>(i) * 2, ' ') + "k:\n";
  CHECK(first_error(deep).find("nesting is deeper than 64 levels") != std::string::npos);
}

TEST_CASE("tags, long keys and values, binary and invalid UTF-8 in records") {
  CHECK(first_error(record_yaml("  suicidal_ideation: !!str none\n")).find("YAML tags") != std::string::npos);
  CHECK(first_error(record_yaml("  " + std::string(300, 'k') + ": x\n")).find("a key is longer than") != std::string::npos);
  CHECK(first_error(record_yaml("  suicidal_ideation: " + std::string(20000, 'x') + "\n")).find("a value is longer than") !=
        std::string::npos);
  CHECK(first_error(record_yaml("  use_frequency: " + std::string(5000, 'x') + "\n"))
            .find("item 'use_frequency': the value is longer than 4096 bytes") != std::string::npos);
  CHECK(first_error(record_yaml("  suicidal_ideation: n\xFFne\n")) ==
        "test.yaml:4:23: invalid UTF-8 (byte 0xFF); carepath reads UTF-8 text");
  CHECK(first_error(std::string("carepath: 1\n\0\0\0\x01\x02", 17)).find("a NUL byte") != std::string::npos);
}

TEST_CASE("numbers out of range are refused, not wrapped") {
  CHECK(
      first_error(
          record_yaml("  suicidal_ideation: none\n  medical_emergency: no\n  primary_substance: heroin\n  use_frequency: daily\n"
                      "  age_first_use: 99999999999999999999999\n"))
          .find("item 'age_first_use': a value of 23 characters (not shown) is not allowed") != std::string::npos);
}

TEST_CASE("a byte-order mark and CRLF line ends are accepted") {
  std::string minimal =
      "  suicidal_ideation: none\n  medical_emergency: no\n  primary_substance: heroin\n  use_frequency: daily\n";
  std::string crlf;
  for (char c : "\xEF\xBB\xBF" + record_yaml(minimal)) {
    if (c == '\n') crlf += '\r';
    if (c) crlf += c;
  }
  CHECK(record_errors(crlf).empty());
}

TEST_CASE("a stream goes on past a bad record, and an oversized record is refused whole") {
  std::string good =
      record_yaml("  suicidal_ideation: none\n  medical_emergency: no\n  primary_substance: heroin\n  use_frequency: daily\n");
  std::string big;
  for (std::size_t i = 0; big.size() <= max_record_bytes; ++i)
    big += "k" + std::to_string(i) + ": " + std::string(100, 'x') + "\n";
  std::string stream = good + "---\n" + big + "---\n" + "a: &x 1\n---\n" + good;
  auto raws = raw_records(stream);
  REQUIRE(raws.size() == 4);
  CHECK(score_record(default_engine(), raws[0]).ok());
  CHECK(error_lines(score_record(default_engine(), raws[1]))[0].find("the record is larger than 1024 KiB") != std::string::npos);
  CHECK(error_lines(score_record(default_engine(), raws[2]))[0].find("anchors") != std::string::npos);
  CHECK(score_record(default_engine(), raws[3]).ok());
}

TEST_CASE("read_line_bounded stops at the limit, leaving the rest unread") {
  std::istringstream in(std::string(12, 'a') + "\r\nb\nc");
  std::string line;
  REQUIRE(read_line_bounded(in, line, 10));
  CHECK(line == std::string(10, 'a'));
  REQUIRE(read_line_bounded(in, line, 10));
  CHECK(line == "aa");
  REQUIRE(read_line_bounded(in, line, 10));
  CHECK(line == "b");
  REQUIRE(read_line_bounded(in, line, 10));
  CHECK(line == "c");
  CHECK_FALSE(read_line_bounded(in, line, 10));
}

TEST_CASE("a line longer than any record ends the stream with one message (binary input, /dev/zero)") {
  auto raws = raw_records(std::string(max_record_bytes + 10, '\0') + "\n---\nmore: x\n");
  REQUIRE(raws.size() == 1);
  CHECK(error_lines(score_record(default_engine(), raws[0]))[0] ==
        "test.yaml:1: line 1 is longer than 1024 KiB; is this a record file?");
}

TEST_CASE("content files: our message for deep nesting and tags, a position for invalid UTF-8") {
  Symbols symbols;
  Diagnostics diags;
  load_questionnaire(std::string(600, '[') + std::string(600, ']'), "q.yaml", symbols, diags);
  REQUIRE(!diags.empty());
  CHECK(diags.items()[0].str() == "q.yaml:1:65: nesting is deeper than 64 levels");
  Diagnostics tags;
  load_questionnaire("id: !custom x\n", "q.yaml", symbols, tags);
  REQUIRE(!tags.empty());
  CHECK(tags.items()[0].str().find("YAML tags") != std::string::npos);
}

TEST_CASE("conditions: nesting and length are bounded") {
  const Content& c = default_content();
  Symbols symbols = c.symbols;
  ItemScope scope(c.questionnaire, symbols, true);
  std::string message;
  auto on_error = [&](std::size_t, const std::string& m) {
    if (message.empty()) message = m;
  };
  compile_expr(std::string(100, '(') + "true" + std::string(100, ')'), scope, std::nullopt, on_error);
  CHECK(message.find("nested more than 64 deep") != std::string::npos);
  message.clear();
  std::string nots;
  for (int i = 0; i < 100; ++i) nots += "not ";
  compile_expr(nots + "true", scope, std::nullopt, on_error);
  CHECK(message.find("nested more than 64 deep") != std::string::npos);
  message.clear();
  std::string chain = "true";
  for (int i = 0; i < 3000; ++i) chain += " or true";
  compile_expr(chain, scope, std::nullopt, on_error);
  CHECK(message.find("longer than 4096") != std::string::npos);
}

// Every input a fuzzer found a problem with, replayed through the same code as its target
// (tests/fuzz/fuzz_<target>.cpp): each must end in diagnostics, never a crash or an exception.
TEST_CASE("fuzz findings stay fixed") {
  namespace fs = std::filesystem;
  fs::path root = source_path("tests/fuzz/regressions");
  std::size_t replayed = 0;
  for (const auto& dir : fs::directory_iterator(root)) {
    std::string target = dir.path().filename().string();
    for (const auto& f : fs::directory_iterator(dir.path())) {
      CAPTURE(f.path().string());
      std::string text = read_file(f.path().string());
      const Content& c = default_content();
      Symbols symbols = c.symbols;
      Diagnostics diags;
      if (target == "questionnaire") {
        CHECK_NOTHROW(load_questionnaire(text, "fuzz.yaml", symbols, diags));
        CHECK_FALSE(diags.empty());
      } else if (target == "rules") {
        CHECK_NOTHROW(load_rules(text, "fuzz.yaml", c.questionnaire, symbols, diags));
        CHECK_FALSE(diags.empty());
      } else if (target == "yaml_record") {
        CHECK_NOTHROW(for (const auto& r : raw_records(text)) score_record(default_engine(), r));
      } else if (target == "expr") {
        ItemScope scope(c.questionnaire, symbols, true);
        CHECK_NOTHROW(compile_expr(text, scope, std::nullopt, [](std::size_t, const std::string&) {}));
      } else {
        FAIL("no replay for fuzz target '" << target << "'");
      }
      ++replayed;
    }
  }
  CHECK(replayed > 0);
}

TEST_CASE("content: whole numbers are bounded, so that no sum can overflow") {
  std::string text = read_file(source_path("questionnaires/opioid-intake.yaml"));
  auto at = text.find("max: 99\n");
  REQUIRE(at != std::string::npos);
  text.replace(at, 8, "max: 9223372036854775807\n");
  Symbols symbols;
  Diagnostics diags;
  load_questionnaire(text, "q.yaml", symbols, diags);
  REQUIRE(!diags.empty());
  CHECK(diags.items()[0].message == "max must be between -1000000000 and 1000000000, not 9223372036854775807");
}
