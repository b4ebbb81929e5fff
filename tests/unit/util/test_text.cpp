#include <doctest/doctest.h>
#include <fmt/format.h>

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
    for (const auto& [raw, escaped] :
         std::vector<std::pair<char, std::string>>{{'"', "\\\""}, {'\\', "\\\\"}, {'\n', "\\n"}, {'\x01', "\\u0001"}}) {
      std::string s(20, 'a');
      s[at] = raw;
      CHECK(json_quote(s) == "\"" + std::string(at, 'a') + escaped + std::string(19 - at, 'a') + "\"");
    }
  CHECK(json_quote("") == "\"\"");
  CHECK(json_quote("caf\xc3\xa9") == "\"caf\xc3\xa9\"");
}

TEST_CASE("json_quote's block scans give what escaping byte by byte gives") {
  // The plain path: every byte looked at on its own.
  auto reference = [](std::string_view s) {
    std::string out = "\"";
    for (char ch : s) {
      auto c = static_cast<unsigned char>(ch);
      if (c == '"') out += "\\\"";
      else if (c == '\\') out += "\\\\";
      else if (c == '\n') out += "\\n";
      else if (c == '\r') out += "\\r";
      else if (c == '\t') out += "\\t";
      else if (c < 0x20) out += fmt::format("\\u{:04x}", c);
      else out += ch;
    }
    return out + "\"";
  };
  // Lengths around the 8- and 16-byte steps, every byte value (high ones too: UTF-8 stays as is).
  std::uint32_t seed = 18;
  auto next = [&] { return seed = seed * 1664525u + 1013904223u, seed >> 24; };
  for (std::size_t len = 0; len < 70; ++len)
    for (int round = 0; round < 40; ++round) {
      std::string s(len, 'x');
      for (auto& ch : s) ch = static_cast<char>(next() % 8 == 0 ? next() : 'a' + next() % 26);
      CHECK(json_quote(s) == reference(s));
      std::string out = "{";
      append_json_quoted(out, s);
      CHECK(out == "{" + reference(s));
    }
}

TEST_CASE("group_thousands puts a comma between groups of three digits") {
  CHECK(group_thousands(0) == "0");
  CHECK(group_thousands(999) == "999");
  CHECK(group_thousands(3400) == "3,400");
  CHECK(group_thousands(1482543) == "1,482,543");
}

TEST_CASE("visible width skips escape codes and counts characters, not bytes") {
  CHECK(visible_width("plain") == 5);
  CHECK(visible_width("\x1b[1;31mred\x1b[0m") == 3);
  CHECK(visible_width("caf\xc3\xa9") == 4);               // é: two bytes, one column
  CHECK(visible_width("e\xcc\x81") == 1);                 // e + combining acute accent
  CHECK(visible_width("\xe2\x80\x94") == 1);              // an em dash
  CHECK(visible_width("\xe6\x97\xa5\xe6\x9c\xac") == 4);  // two CJK characters, two columns each
  CHECK(visible_width("\xf0\x9f\x98\x80") == 2);          // an emoji
}

TEST_CASE("wrap measures visible width: colour and UTF-8 do not shorten lines") {
  std::string red = "\x1b[31mword\x1b[0m";
  std::string text = red + " " + red + " " + red;
  // Three 4-column words fit in 14 columns, though their bytes would not.
  CHECK(wrap(text, 14, 0) == text);
  std::string accented = "\xc3\xa9t\xc3\xa9 \xc3\xa9t\xc3\xa9 \xc3\xa9t\xc3\xa9";  // "été été été": 11 columns, 17 bytes
  CHECK(wrap(accented, 11, 0) == accented);
  CHECK(wrap(accented, 10, 0) == "\xc3\xa9t\xc3\xa9 \xc3\xa9t\xc3\xa9\n\xc3\xa9t\xc3\xa9");
  for (std::size_t width : {20u, 33u, 60u})
    for (const auto& line : std::vector<std::string>{wrap("\x1b[1mbold\x1b[0m " + std::string(200, 'x') + " tail", width, 2)}) {
      std::size_t start = 0;
      while (start <= line.size()) {
        auto end = line.find('\n', start);
        if (end == std::string::npos) end = line.size();
        CHECK(visible_width(std::string_view(line).substr(start, end - start)) <= width);
        start = end + 1;
      }
    }
}

TEST_CASE("a word longer than a line is cut; never a character in half") {
  CHECK(wrap("abcdefghij", 4, 0) == "abcd\nefgh\nij");
  CHECK(wrap("\xc3\xa9\xc3\xa9\xc3\xa9", 2, 0) == "\xc3\xa9\xc3\xa9\n\xc3\xa9");
}

TEST_CASE("reflow joins the lines of a YAML paragraph and keeps paragraphs and list entries") {
  CHECK(reflow("Call now. For thoughts of\nsuicide, call 988.\nStay with the person.\n") ==
        "Call now. For thoughts of suicide, call 988. Stay with the person.");
  CHECK(reflow("one\n\n\ntwo") == "one\n\ntwo");
  CHECK(reflow("Steps:\n- first\n- second") == "Steps:\n- first\n- second");
  CHECK(wrap(reflow("a b\nc d"), 80, 0) == "a b c d");
}
