#include <doctest/doctest.h>

#include "util/text.hpp"

using namespace carepath;

TEST_CASE("did-you-mean finds likely misspellings and nothing else") {
  std::vector<std::string> ids = {"use_frequency", "primary_substance", "pregnant"};
  CHECK(did_you_mean("use_frequncy", ids) == " (did you mean 'use_frequency'?)");
  CHECK(did_you_mean("pregnent", ids) == " (did you mean 'pregnant'?)");
  CHECK(did_you_mean("shoe_size", ids).empty());
  CHECK(did_you_mean("lable", {"label", "help"}) == " (did you mean 'label'?)");
  CHECK(edit_distance("kitten", "sitting") == 3);
  CHECK(edit_distance("lable", "label") == 1);
}

TEST_CASE("edit distance in three rows: the full matrix's values, transpositions included") {
  CHECK(edit_distance("", "abc") == 3);
  CHECK(edit_distance("abc", "") == 3);
  CHECK(edit_distance("ca", "abc") == 3);  // optimal string alignment, not Damerau's unrestricted distance
  CHECK(edit_distance("daily", "dialy") == 1);
  CHECK(edit_distance("flaw", "lawn") == 2);
}

TEST_CASE("a word far longer than every candidate is not compared letter by letter") {
  // A megabyte against a few codes: only the prefix check looks at it, so this is instant and small.
  std::string huge(1 << 20, 'x');
  CHECK(did_you_mean(huge, {"daily", "weekly"}).empty());
  CHECK(did_you_mean("daily" + huge, {"daily", "weekly"}) == " (did you mean 'daily'?)");
}

TEST_CASE("quoting for JSON and CSV") {
  CHECK(json_quote("a\"b\\c\nd\x01") == "\"a\\\"b\\\\c\\nd\\u0001\"");
  CHECK(csv_field("plain") == "plain");
  CHECK(csv_field("a,b") == "\"a,b\"");
  CHECK(csv_field("say \"hi\"") == "\"say \"\"hi\"\"\"");
}

TEST_CASE("wrap keeps words whole and indents continuation lines") {
  CHECK(wrap("one two three four", 10, 2) == "one two\n  three\n  four");
  CHECK(trim("  x \n") == "x");
  std::string_view line = " \t{\"a\": 1}\r\n";
  CHECK(trim_view(line) == "{\"a\": 1}");
  CHECK(trim_view(line).data() == line.data() + 2);  // a view into the text, not a copy
  CHECK(trim_view(" \r\n\t").empty());
}

TEST_CASE("json_quote escapes a special character wherever it falls among plain ones") {
  for (std::size_t at = 0; at < 20; ++at)
    for (const auto& [raw, escaped] : std::vector<std::pair<char, std::string>>{{'"', "\\\""}, {'\\', "\\\\"}, {'\n', "\\n"}, {'\x01', "\\u0001"}}) {
      std::string s(20, 'a');
      s[at] = raw;
      CHECK(json_quote(s) == "\"" + std::string(at, 'a') + escaped + std::string(19 - at, 'a') + "\"");
    }
  CHECK(json_quote("") == "\"\"");
  CHECK(json_quote("caf\xc3\xa9") == "\"caf\xc3\xa9\"");
}
