#include <doctest/doctest.h>

#include "text.hpp"

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

TEST_CASE("quoting for JSON and CSV") {
  CHECK(json_quote("a\"b\\c\nd\x01") == "\"a\\\"b\\\\c\\nd\\u0001\"");
  CHECK(csv_field("plain") == "plain");
  CHECK(csv_field("a,b") == "\"a,b\"");
  CHECK(csv_field("say \"hi\"") == "\"say \"\"hi\"\"\"");
}

TEST_CASE("wrap keeps words whole and indents continuation lines") {
  CHECK(wrap("one two three four", 10, 2) == "one two\n  three\n  four");
  CHECK(trim("  x \n") == "x");
}
