// The anonymity guard: what counts as a direct identifier, what does not, and that refusals
// never repeat the value.
#include <doctest/doctest.h>

#include <algorithm>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "helpers.hpp"
#include "record/anonymity.hpp"
#include "render/result_output.hpp"
#include "util/limits.hpp"

using namespace carepath;
using namespace carepath::testing;

TEST_CASE("e-mail addresses") {
  CHECK(std::string(identifier_kind("jane.doe@example.org")) == "an e-mail address");
  CHECK(identifier_kind("write to j@clinic.co.uk please") != nullptr);
  CHECK(identifier_kind("@home") == nullptr);
  CHECK(identifier_kind("a@b") == nullptr);
  CHECK(identifier_kind("x@y.1") == nullptr);
}

TEST_CASE("phone numbers in groups or after a plus") {
  for (const char* s : {"555-123-4567", "(555) 123-4567", "+1 555 123 4567", "+15551234567", "555.123.4567", "06 12 34 56 78"})
    CHECK_MESSAGE(identifier_kind(s) == std::string("a phone number"), s);
  // Plain numbers are codes or case numbers, not phone numbers.
  CHECK(identifier_kind("20211234567") == nullptr);
  CHECK(identifier_kind("-9") == nullptr);
  CHECK(identifier_kind("12345") == nullptr);
  CHECK(identifier_kind("C0001234") == nullptr);
  CHECK(identifier_kind("+1234567890123456") == nullptr);  // sixteen digits: too many for a phone
}

TEST_CASE("US social security numbers, not the never-issued ones") {
  CHECK(identifier_kind("123-45-6789") == std::string("a US social security number"));
  CHECK(identifier_kind("ssn 123 45 6789") == std::string("a US social security number"));
  CHECK(identifier_kind("000-12-3456") == nullptr);
  CHECK(identifier_kind("666-12-3456") == nullptr);
  CHECK(identifier_kind("123-00-4567") == nullptr);
}

TEST_CASE("dates in numeric and written forms") {
  for (const char* s :
       {"1985-03-14", "03/14/1985", "14.03.1985", "14/03/85", "March 14, 1985", "14 Mar 1985", "born sept 3 1990"})
    CHECK_MESSAGE(identifier_kind(s) == std::string("a date (such as a date of birth)"), s);
  CHECK(identifier_kind("1985") == nullptr);
  CHECK(identifier_kind("March 1985") == nullptr);  // no day: not a date of birth
  CHECK(identifier_kind("1.0.0") == nullptr);
  CHECK(identifier_kind("13/13/1985") == nullptr);
}

TEST_CASE("IP addresses") {
  CHECK(identifier_kind("192.168.10.200") == std::string("an IP address"));
  CHECK(identifier_kind("1.2.3.4") == nullptr);  // too few digits to be worth a look (a version)
}

TEST_CASE("ordinary answers and case ids pass") {
  for (const char* s : {"daily", "C-0001", "less_than_daily", "2021", "C-2024-0001", "none", "", "smart_recovery"})
    CHECK_MESSAGE(identifier_kind(s) == nullptr, s);
}

TEST_CASE("unshowable_value never contains the value") {
  std::string why = unshowable_value("jane.doe@example.org", 100);
  CHECK(why.find("e-mail") != std::string::npos);
  CHECK(why.find("jane") == std::string::npos);
  CHECK(unshowable_value(std::string(5000, 'a'), 4096) == "the value is longer than 4096 bytes");
  CHECK(unshowable_value(std::string("a\0b", 3), 100).find("NUL byte") != std::string::npos);
  CHECK(unshowable_value("\xff", 100, "a key").starts_with("a key holds invalid UTF-8"));
  CHECK(unshowable_value("2024-01-02", 100, "v", false).empty());
  CHECK(unshowable_value("daily", 100).empty());
}

TEST_CASE("records: case_id and answers that look like identifiers are refused, naming the item, not the value") {
  auto o = score_yaml(
      "carepath: 1\nquestionnaire: opioid-intake\ncase_id: jane.doe@example.org\nanswers:\n  suicidal_ideation: none\n"
      "  medical_emergency: no\n  primary_substance: heroin\n  use_frequency: 555-123-4567\n");
  auto lines = error_lines(o);
  REQUIRE(lines.size() == 2);
  CHECK(lines[0].find("case_id: the value looks like an e-mail address") != std::string::npos);
  CHECK(lines[1].find("item 'use_frequency': the value looks like a phone number") != std::string::npos);
  for (const auto& l : lines) {
    CHECK(l.find("jane") == std::string::npos);
    CHECK(l.find("4567") == std::string::npos);
  }
}

TEST_CASE("records: a key that looks like an identifier is refused without being repeated") {
  auto o = score_yaml(record_yaml("  suicidal_ideation: none\n  \"jane@example.org\": yes\n"));
  auto lines = error_lines(o);
  REQUIRE(!lines.empty());
  CHECK(lines[0].find("a key looks like an e-mail address") != std::string::npos);
  for (const auto& l : lines) CHECK(l.find("jane") == std::string::npos);
}

TEST_CASE("unshowable_value: the quick pass for plain codes agrees with the full checks") {
  // Cells a table is full of, and cells that sit just past the quick pass's edges.
  for (const char* s : {"", "-9", "0", "12", "2021", "20260000001", "-20260000001", "1234", "12345", "daily", "a1b2c3d4",
                        "+15551234567", "-5551234567", "555 123 4567", "123-45-6789", "1985-03-14", "1.2.3.4", "10.0.0.1",
                        "x@y.1", "j@clinic.co.uk", "March 14, 1985", "tab\there", "12 34 56 78 90", "T20260000001",
                        "case-20260000001", "14 March", "March 1985", "+1", "a+b", "5551234567x", "(555) 1234567"}) {
    std::string_view v(s);
    std::size_t at = 0;
    bool full = v.size() <= 4096 && text_problem(v, at).empty() && identifier_kind(v) == nullptr;
    CHECK_MESSAGE(unshowable_value(v, 4096).empty() == full, s);
  }
}

TEST_CASE("plain_text: every byte counts, wherever it falls in a word") {
  std::string base = "2021,20260000001,25,-9,3,3,7,-9\r\n0,7,0,4\t2,2\n";
  CHECK(plain_text(base));
  for (std::size_t at = 0; at < base.size(); ++at)
    for (char bad : {'@', '\x01', '\x7f', '\x80', '\xff', '\0'}) {
      std::string s = base;
      s[at] = bad;
      CHECK_MESSAGE(!plain_text(s), "byte ", static_cast<int>(static_cast<unsigned char>(bad)), " at ", at);
    }
}

TEST_CASE("plain_text: each of the 256 byte values, in a full step and in the tail") {
  for (int c = 0; c < 256; ++c) {
    bool ok = (c >= 0x20 && c <= 0x7e && c != '@') || c == '\t' || c == '\n' || c == '\r';
    for (std::size_t at : {0, 7, 8, 15, 16, 31, 32, 40}) {
      std::string s(41, 'a');
      s[at] = static_cast<char>(c);
      CHECK_MESSAGE(plain_text(s) == ok, "byte ", c, " at ", at);
    }
  }
}

TEST_CASE("text_kind: integers only when every cell is a minus and digits, as a byte-by-byte reading says") {
  auto integers = [](const std::string& t) {
    for (std::size_t i = 0; i < t.size(); ++i) {
      char c = t[i];
      bool ok = (c >= '0' && c <= '9') || c == ',' || c == '\n' ||
                (c == '-' && (i == 0 || t[i - 1] == ',' || t[i - 1] == '\n')) ||
                (c == '\r' && i + 1 < t.size() && t[i + 1] == '\n');
      if (!ok) return false;
    }
    return true;
  };
  CHECK(text_kind("2021,20260000001,-9,3\r\n2021,-1,0,0\n") == TextKind::integers);
  CHECK(text_kind("2021,1-9,3\n") == TextKind::plain);   // a minus inside a cell
  CHECK(text_kind("2021,--9,3\n") == TextKind::plain);
  CHECK(text_kind("2021,9\r,3\n") == TextKind::plain);  // a CR that ends no line
  CHECK(text_kind("2021,a,3\n") == TextKind::plain);
  CHECK(text_kind("2021,a@b,3\n") == TextKind::any);
  // Random texts of the bytes that matter, long enough for several vector steps.
  std::mt19937 rng(11);
  const std::string alphabet = "0123456789,,--\n\r\n a\x80";
  int agreed_integers = 0;
  for (int n = 0; n < 20000; ++n) {
    std::size_t size = std::uniform_int_distribution<std::size_t>(0, 140)(rng);
    std::string t;
    for (std::size_t i = 0; i < size; ++i) {
      // Mostly digits and commas, so that texts of integers only come up too.
      int r = std::uniform_int_distribution<int>(0, 99)(rng);
      t += r < 97 ? "0123456789,"[r % 11] : alphabet[std::uniform_int_distribution<std::size_t>(0, alphabet.size() - 1)(rng)];
    }
    bool want = integers(t);
    CHECK_MESSAGE((text_kind(t) == TextKind::integers) == want, "text '", t, "'");
    CHECK_MESSAGE(integers_only(t, 16) == want, "text '", t, "'");
    if (__builtin_cpu_supports("avx2")) CHECK_MESSAGE(integers_only(t, 32) == want, "text '", t, "'");
    agreed_integers += want;
  }
  CHECK(agreed_integers > 1000);
}

TEST_CASE("plainly_fine: eight bytes a step agree with a byte-by-byte reading") {
  auto reference = [](std::string_view s) {
    std::size_t digits = 0, runs = 0;
    bool in_run = false;
    for (char ch : s) {
      auto c = static_cast<unsigned char>(ch);
      if (c < 0x20 || c > 0x7e || c == '@' || c == '+') return false;
      bool d = c >= '0' && c <= '9';
      digits += d;
      runs += d && !in_run;
      in_run = d;
    }
    return digits < 5 || runs == 1;
  };
  std::mt19937 rng(12);
  const std::string rare = std::string("@+/:;` \x1f\x7f\x80\xff\0", 12) + "\t";
  std::size_t fine = 0;
  for (int n = 0; n < 50000; ++n) {
    std::string t;
    std::size_t size = std::uniform_int_distribution<std::size_t>(0, 40)(rng);
    for (std::size_t k = 0; k < size; ++k) {
      int r = std::uniform_int_distribution<int>(0, 199)(rng);
      auto pick_rare = std::uniform_int_distribution<std::size_t>(0, rare.size() - 1);
      t += r < 120 ? "0123456789"[r % 10] : r < 198 ? "Tabz_-.X"[r % 8] : rare[pick_rare(rng)];
    }
    INFO("text: ", t);
    REQUIRE(plainly_fine(t) == reference(t));
    fine += reference(t);
  }
  CHECK(fine > 5000);    // both verdicts are well represented
  CHECK(fine < 45000);
}

TEST_CASE("case_id_problem: its one pass refuses exactly what each check on its own would") {
  // The checks one at a time, in the order the message takes.
  auto reference = [](std::string_view s) -> std::string {
    auto d = [](char c) { return c >= '0' && c <= '9'; };
    auto a = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
    bool chars = !s.empty() && s.size() <= 64 && std::all_of(s.begin(), s.end(), [&](char c) {
      return d(c) || a(c) || std::string_view("-_.:/#").find(c) != std::string_view::npos;
    });
    if (!chars) return "characters";
    if (s.size() > 3 && std::none_of(s.begin(), s.end(), d)) return "no digit";
    if (const char* kind = identifier_kind(s)) return kind;
    std::size_t digits = 0, groups = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
      digits += d(s[i]);
      groups += d(s[i]) && (i == 0 || !d(s[i - 1]));
    }
    if (digits == 9 && groups >= 2 && std::none_of(s.begin(), s.end(), a)) return "social security number";
    return "";
  };
  auto kind_of = [](const std::string& why) -> std::string {
    if (why.empty()) return "";
    if (why.find("never a name") != std::string::npos) return "characters";
    if (why.find("without digits") != std::string::npos) return "no digit";
    if (why.find("nine digits in groups") != std::string::npos) return "social security number";
    auto at = why.find("looks like ");
    REQUIRE(at != std::string::npos);
    return why.substr(at + 11, why.find(';') - at - 11);
  };
  std::vector<std::string> labels = {
      "",         "C-0001",       "20260000001", "123-45-6789", "555-123-4567", "1985-03-14",
      "10.0.0.1", "+15551234567", "a@b.org",     "abcd",        "ab1",          std::string(65, '7'),
      "12 34",    "2024/01/02",   "C#12345:678", "123.45.6789", "x123-45-6789"};
  std::mt19937 rng(18);
  const std::string alphabet = "0123456789012345678901234567890123456789abcXYZ-_.:/#@+ ";
  for (int n = 0; n < 20000; ++n) {
    std::string s(rng() % 20, ' ');
    for (auto& c : s) c = alphabet[rng() % alphabet.size()];
    labels.push_back(s);
  }
  // Digits alone take a shortcut: every length up to past the limit, and each with one other
  // character anywhere (a letter, a separator, a space, a byte above ASCII, and the characters
  // either side of the digits, ':' and '/').
  for (std::size_t n = 0; n <= 70; ++n) {
    std::string s(n, '0');
    for (auto& c : s) c = static_cast<char>('0' + rng() % 10);
    labels.push_back(s);
    for (std::size_t at = 0; at < n; ++at)
      for (char c : std::string("a- \x80:/")) labels.push_back(s.substr(0, at) + c + s.substr(at + 1));
  }
  for (const auto& s : labels) CHECK_MESSAGE(kind_of(case_id_problem(s)) == reference(s), s);
}

// Batch scoring writes a case label that case_id_problem() accepted as it is, without
// checking it for CSV quoting (batch_work.cpp): no byte CSV must quote may pass.
TEST_CASE("case_id_problem accepts no label that CSV would have to quote") {
  int accepted = 0;
  for (int c = 1; c < 256; ++c) {
    for (std::string label : {std::string("ab12") + static_cast<char>(c) + "34", static_cast<char>(c) + std::string("1234")}) {
      CAPTURE(label);
      if (!case_id_problem(label).empty()) continue;
      ++accepted;
      CHECK_FALSE(csv_needs_quotes(label));
    }
  }
  CHECK(accepted > 100);  // letters, digits and - _ . : / #, in either place
  for (char c : {',', '"', '\n', '\r'}) CHECK_FALSE(case_id_problem(std::string("ab12") + c + "34").empty());
}
