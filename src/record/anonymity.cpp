#include "record/anonymity.hpp"

#include <fmt/format.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <vector>

#include "util/limits.hpp"
#include "util/swar.hpp"

namespace carepath {

namespace {

constexpr bool digit(char c) {
  return c >= '0' && c <= '9';
}
constexpr bool alpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool email_local_char(char c) {
  return digit(c) || alpha(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
}

// name@domain.tld: one local character before '@' is enough; the domain needs a dot and a
// top-level label of two or more letters.
bool has_email(std::string_view s) {
  for (std::size_t at = s.find('@'); at != std::string_view::npos; at = s.find('@', at + 1)) {
    if (at == 0 || !email_local_char(s[at - 1])) continue;
    std::size_t end = at + 1;
    while (end < s.size() && (digit(s[end]) || alpha(s[end]) || s[end] == '-' || s[end] == '.')) ++end;
    std::string_view domain = s.substr(at + 1, end - at - 1);
    while (!domain.empty() && domain.back() == '.') domain.remove_suffix(1);
    std::size_t dot = domain.rfind('.');
    if (dot == std::string_view::npos || dot == 0) continue;
    std::string_view tld = domain.substr(dot + 1);
    bool letters = tld.size() >= 2;
    for (char c : tld) letters = letters && alpha(c);
    if (letters) return true;
  }
  return false;
}

struct Group {
  std::size_t begin, end;
  int value;  // saturates; only small groups are compared
  std::size_t size() const { return end - begin; }
};

// A gap joins two digit groups into one number when it is one or two separator characters;
// `sep` is the character when it is a single one.
bool joins(std::string_view gap, char& sep) {
  if (gap.empty() || gap.size() > 2) return false;
  for (char c : gap)
    if (c != ' ' && c != '-' && c != '.' && c != '/' && c != '(' && c != ')') return false;
  sep = gap.size() == 1 ? gap[0] : '\0';
  return true;
}

bool year(const Group& g) { return g.size() == 4 && g.value >= 1900 && g.value <= 2099; }
bool month(const Group& g) { return g.size() <= 2 && g.value >= 1 && g.value <= 12; }
bool day(const Group& g) { return g.size() <= 2 && g.value >= 1 && g.value <= 31; }

bool date_of(const Group& a, const Group& b, const Group& c, char sep) {
  if (sep != '-' && sep != '/' && sep != '.') return false;
  if (year(a) && month(b) && day(c)) return true;
  bool day_month = (month(a) && day(b)) || (day(a) && month(b));
  if (day_month && year(c)) return true;
  return day_month && sep == '/' && c.size() == 2;  // 03/14/85
}

bool ssn_of(const Group& a, const Group& b, const Group& c, char sep) {
  if ((sep != '-' && sep != ' ' && sep != '.' && sep != '/') || a.size() != 3 || b.size() != 2 || c.size() != 4) return false;
  // Never issued: area 000, 666 or 900-999, group 00, serial 0000.
  return a.value != 0 && a.value != 666 && a.value < 900 && b.value != 0 && c.value != 0;
}

constexpr std::array<std::string_view, 12> month_names = {"january", "february", "march",     "april",   "may",      "june",
                                                          "july",    "august",   "september", "october", "november", "december"};

bool month_word(std::string_view w) {
  std::string l;
  for (char c : w) l += lower(c);
  if (l.size() < 3) return false;
  for (auto m : month_names)
    if (l == m || (l.size() == 3 && m.starts_with(l)) || (l == "sept")) return true;
  return false;
}

// "March 14, 1985", "14 Mar 1985": a month name with a day and a year within a few characters.
bool has_month_name_date(std::string_view s, const std::vector<Group>& groups) {
  for (std::size_t i = 0; i < s.size();) {
    if (!alpha(s[i])) {
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j < s.size() && alpha(s[j])) ++j;
    if (month_word(s.substr(i, j - i))) {
      bool has_day = false, has_year = false;
      for (const auto& g : groups) {
        bool near = (g.begin >= j && g.begin <= j + 12) || (g.end <= i && g.end + 8 >= i);
        if (!near) continue;
        has_day = has_day || day(g);
        has_year = has_year || year(g);
      }
      if (has_day && has_year) return true;
    }
    i = j;
  }
  return false;
}

bool ip_of(const std::vector<Group>& g, std::size_t i, std::string_view s) {
  if (i + 3 >= g.size()) return false;
  for (std::size_t k = i; k < i + 4; ++k) {
    if (g[k].size() > 3 || g[k].value > 255) return false;
    if (k > i && (g[k].begin != g[k - 1].end + 1 || s[g[k - 1].end] != '.')) return false;
  }
  return true;
}

}  // namespace

namespace {

// The ASCII character a look-alike stands for: digits of every script, full-width forms, dashes,
// dots, slashes and spaces of other widths; 0 to drop it (zero-width), -1 for none.
int ascii_for(char32_t c) {
  static constexpr char32_t zeros[] = {0x0660, 0x06F0, 0x07C0, 0x0966, 0x09E6, 0x0A66, 0x0AE6, 0x0B66, 0x0BE6, 0x0C66,
                                       0x0CE6, 0x0D66, 0x0DE6, 0x0E50, 0x0ED0, 0x0F20, 0x1040, 0x1090, 0x17E0, 0x1810,
                                       0x1946, 0x19D0, 0x1A80, 0x1A90, 0x1B50, 0x1BB0, 0x1C40, 0x1C50, 0xA620, 0xA8D0,
                                       0xA900, 0xA9D0, 0xAA50, 0xABF0, 0xFF10, 0x104A0, 0x11066, 0x1D7CE, 0x1D7D8, 0x1D7E2,
                                       0x1D7EC, 0x1D7F6, 0x1E950, 0x1FBF0};
  for (char32_t z : zeros)
    if (c >= z && c <= z + 9) return '0' + static_cast<int>(c - z);
  if (c >= 0xFF21 && c <= 0xFF3A) return 'A' + static_cast<int>(c - 0xFF21);
  if (c >= 0xFF41 && c <= 0xFF5A) return 'a' + static_cast<int>(c - 0xFF41);
  switch (c) {
    case 0xFF20: case 0xFE6B: return '@';
    case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014: case 0x2015: case 0x2043: case 0x2212: case 0xFE58:
    case 0xFE63: case 0xFF0D: return '-';
    case 0xFF0E: case 0x2024: case 0x3002: case 0xFE52: case 0xFF61: case 0x00B7: case 0x2027: return '.';
    case 0xFF0F: case 0x2215: case 0x2044: return '/';
    case 0xFF08: case 0xFE59: return '(';
    case 0xFF09: case 0xFE5A: return ')';
    case 0xFF0B: case 0xFE62: return '+';
    case 0x00A0: case 0x202F: case 0x205F: case 0x3000: case 0x1680: return ' ';
    case 0x200B: case 0x200C: case 0x200D: case 0x2060: case 0xFEFF: case 0x00AD: return 0;
    default: return c >= 0x2000 && c <= 0x200A ? ' ' : -1;
  }
}

// `s` with every look-alike replaced by its ASCII character, so that the patterns below see
// "１２３-４５-６７８９" and "١٢٣٤٥" as digits. Bytes that are not valid UTF-8 are kept.
std::string normalized(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    auto b = static_cast<unsigned char>(s[i]);
    std::size_t n = b < 0x80 ? 1 : (b >> 5) == 6 ? 2 : (b >> 4) == 14 ? 3 : (b >> 3) == 30 ? 4 : 1;
    if (n == 1 || i + n > s.size()) {
      out += s[i++];
      continue;
    }
    char32_t c = b & (0x7F >> n);
    for (std::size_t k = 1; k < n; ++k) c = (c << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    int a = ascii_for(c);
    if (a > 0) out += static_cast<char>(a);
    else if (a < 0) out.append(s.substr(i, n));
    i += n;
  }
  return out;
}

const char* ascii_identifier_kind(std::string_view s);

bool digits_only(std::string_view s) {
  std::size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    std::uint64_t x = swar::load(s.data() + i);
    if (swar::below(x, '0') | swar::above(x, '9')) return false;
  }
  for (; i < s.size(); ++i)
    if (!digit(s[i])) return false;
  return true;
}

}  // namespace

const char* identifier_kind(std::string_view s) {
  bool ascii = std::all_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
  return ascii ? ascii_identifier_kind(s) : ascii_identifier_kind(normalized(s));
}

std::string case_id_problem(std::string_view label) {
  constexpr std::size_t max_label = 64;
  static const char* rule = "a case label is 1 to 64 ASCII letters, digits and - _ . : / #, with a digit when longer than 3";
  // One pass over the label (a batch checks one per row), each byte classed by a table: allowed,
  // a digit, a letter.
  enum : std::uint8_t { allowed = 1, is_digit = 2, is_letter = 4 };
  static constexpr auto classes = [] {
    std::array<std::uint8_t, 256> t{};
    for (int c = 0; c < 256; ++c) {
      auto ch = static_cast<char>(c);
      t[static_cast<std::size_t>(c)] =
          static_cast<std::uint8_t>((digit(ch) ? allowed | is_digit : 0) | (alpha(ch) ? allowed | is_letter : 0) |
                                    (std::string_view("-_.:/#").find(ch) != std::string_view::npos ? allowed : 0));
    }
    return t;
  }();
  // Digits alone (a TEDS-A CASEID) are one run with no letters: a label none of the checks
  // below refuses. Eight bytes at a step, as a table checks one per row.
  if (!label.empty() && label.size() <= max_label && digits_only(label)) return "";
  unsigned all = label.empty() || label.size() > max_label ? 0 : allowed, any = 0, before = 0;
  std::size_t digits = 0, groups = 0;
  for (char ch : label.substr(0, max_label)) {
    unsigned c = classes[static_cast<unsigned char>(ch)];
    all &= c;
    any |= c;
    digits += c >> 1 & 1;
    groups += (c & ~before) >> 1 & 1;  // a digit after anything else
    before = c;
  }
  bool letters = any & is_letter;
  if (all == 0) return fmt::format("case_id: {}, never a name or an identifier; this one is not (it is not shown)", rule);
  if (label.size() > 3 && digits == 0)
    return fmt::format("case_id: {}; a label without digits may be a name (it is not shown)", rule);
  // A label's characters hold no '@' and no '+', so with fewer than five digits, or one run of
  // them, it is none of the identifiers identifier_kind() looks for.
  if (const char* kind = digits >= 5 && groups >= 2 ? identifier_kind(label) : nullptr)
    return fmt::format("case_id: the label looks like {}; records must carry no direct identifiers (it is not shown)", kind);
  // Nine digits in groups (123.45.6789, 12-345-6789) have the shape of a social security number.
  if (digits == 9 && groups >= 2 && !letters)
    return "case_id: the label has the shape of a US social security number (nine digits in groups); it is not shown";
  return "";
}

namespace {

const char* ascii_identifier_kind(std::string_view s) {
  std::size_t digits = 0, runs = 0, run_at = 0;
  for (std::size_t i = 0; i < s.size(); ++i)
    if (digit(s[i])) {
      ++digits;
      if (i == 0 || !digit(s[i - 1])) ++runs, run_at = i;
    }
  bool at = s.find('@') != std::string_view::npos;
  if (digits < 5 && !at) return nullptr;  // the common case: codes and small numbers
  if (at && has_email(s)) return "an e-mail address";
  // One run of digits (a case label such as C0001234) is no date, no number in groups and no
  // address: of the kinds below only a phone number written after a '+' can be one run.
  if (runs == 1) return digits >= 10 && digits <= 15 && run_at > 0 && s[run_at - 1] == '+' ? "a phone number" : nullptr;
  std::vector<Group> g;
  for (std::size_t i = 0; i < s.size();) {
    if (!digit(s[i])) {
      ++i;
      continue;
    }
    Group grp{i, i, 0};
    while (grp.end < s.size() && digit(s[grp.end])) {
      grp.value = grp.value > 100000 ? grp.value : grp.value * 10 + (s[grp.end] - '0');
      ++grp.end;
    }
    g.push_back(grp);
    i = grp.end;
  }
  std::vector<char> sep(g.size(), '\0');  // sep[k]: the single separator before group k
  std::vector<bool> joined(g.size(), false);
  for (std::size_t k = 1; k < g.size(); ++k) joined[k] = joins(s.substr(g[k - 1].end, g[k].begin - g[k - 1].end), sep[k]);
  for (std::size_t k = 0; k + 2 < g.size(); ++k) {
    if (!joined[k + 1] || !joined[k + 2] || sep[k + 1] != sep[k + 2]) continue;
    if (ssn_of(g[k], g[k + 1], g[k + 2], sep[k + 1])) return "a US social security number";
    if (date_of(g[k], g[k + 1], g[k + 2], sep[k + 1])) return "a date (such as a date of birth)";
  }
  if (has_month_name_date(s, g)) return "a date (such as a date of birth)";
  for (std::size_t k = 0; k < g.size(); ++k)
    if (ip_of(g, k, s)) return "an IP address";
  // Phone numbers: 10 to 15 digits written in groups, or after a '+'.
  for (std::size_t k = 0; k < g.size();) {
    std::size_t end = k + 1, total = g[k].size();
    while (end < g.size() && joined[end]) total += g[end++].size();
    bool plus = g[k].begin > 0 && s[g[k].begin - 1] == '+';
    if (total >= 10 && total <= 15 && (end - k >= 2 || plus)) return "a phone number";
    k = end;
  }
  return nullptr;
}

}  // namespace

bool showable(std::string_view v, bool name) {
  constexpr std::size_t max_shown = 32;
  bool code = v.size() <= max_shown;
  std::size_t digits = 0;
  for (std::size_t i = 0; i < v.size() && code; ++i) {
    char c = v[i];
    digits += digit(c);
    code = digit(c) || (c >= 'a' && c <= 'z') || (name && c >= 'A' && c <= 'Z') || c == '_' || c == '-';
  }
  return code && digits < 5;
}

std::string shown(std::string_view v, bool name) {
  if (showable(v, name)) return fmt::format("'{}'", v);
  std::size_t chars = 0;
  for (char c : v) chars += (static_cast<unsigned char>(c) & 0xC0) != 0x80;  // UTF-8 characters, not bytes
  return fmt::format("a value of {} character{} (not shown)", chars, chars == 1 ? "" : "s");
}

bool plain_text(std::string_view text) {
  // A word is clean when no byte is below 0x20, above 0x7e or '@'. Words holding a tab or a
  // line end are looked at byte by byte, which every row's newline brings about.
  auto byte_ok = [](unsigned char c) { return (c >= 0x20 && c <= 0x7e && c != '@') || c == '\t' || c == '\n' || c == '\r'; };
  std::size_t i = 0;
#ifdef __SSE2__
  // Sixteen bytes at a step, each compared exactly, so that line ends need no second look.
  // Signed compares: a byte of 0x80 or above is negative, so below ' ' as well.
  const __m128i space = _mm_set1_epi8(0x20), tilde = _mm_set1_epi8(0x7e), at = _mm_set1_epi8('@');
  const __m128i tab = _mm_set1_epi8('\t'), nl = _mm_set1_epi8('\n'), cr = _mm_set1_epi8('\r');
  for (; i + 16 <= text.size(); i += 16) {
    __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(text.data() + i));
    __m128i bad = _mm_or_si128(_mm_or_si128(_mm_cmplt_epi8(x, space), _mm_cmpgt_epi8(x, tilde)), _mm_cmpeq_epi8(x, at));
    __m128i control_ok = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, tab), _mm_cmpeq_epi8(x, nl)), _mm_cmpeq_epi8(x, cr));
    if (_mm_movemask_epi8(_mm_andnot_si128(control_ok, bad)) != 0) return false;
  }
#endif
  for (; i + 8 <= text.size(); i += 8) {
    std::uint64_t x = swar::load(text.data() + i);
    if (!(swar::below(x, 0x20) | swar::above(x, 0x7e) | swar::equal(x, '@'))) continue;
    for (std::size_t k = i; k < i + 8; ++k)
      if (!byte_ok(static_cast<unsigned char>(text[k]))) return false;
  }
  for (; i < text.size(); ++i)
    if (!byte_ok(static_cast<unsigned char>(text[i]))) return false;
  return true;
}

namespace {

// Bytes W at a time through GCC's vector extensions: two SSE2 registers or one AVX2 register
// for 32, one SSE2 register for 16.
using Bytes16 = char __attribute__((vector_size(16)));
using Bytes32 = char __attribute__((vector_size(32)));

// Whether every byte of a comparison's result is true (all ones): one instruction that gathers
// the bytes' top bits where the processor has one, else the words ANDed together.
// (What comparing two of the byte vectors gives. Taken by reference: a 32-byte vector passed by
// value to a function the compiler may not inline would change the calling convention.)
using Mask16 = signed char __attribute__((vector_size(16)));
using Mask32 = signed char __attribute__((vector_size(32)));
#ifdef __SSE2__
[[gnu::always_inline]] inline bool all_ones(const Mask16& v) {
  return __builtin_ia32_pmovmskb128(reinterpret_cast<Bytes16>(v)) == 0xffff;
}
[[gnu::target("avx2")]] inline bool all_ones(const Mask32& v) {
  return __builtin_ia32_pmovmskb256(reinterpret_cast<Bytes32>(v)) == -1;
}
#else
template <class Mask>
bool all_ones(const Mask& v) {
  std::uint64_t words[sizeof v / 8], all = ~std::uint64_t{0};
  std::memcpy(words, &v, sizeof v);
  for (std::uint64_t w : words) all &= w;
  return all == ~std::uint64_t{0};
}
#endif

// Where the steps of integers_only() stop: at the first step holding a byte that is not a digit,
// a comma or a newline, a minus opening a cell or a CR ending a line (the bytes before and after
// each step are read with it), or where fewer than a step and a byte are left.
template <class Bytes>
[[gnu::always_inline]] inline std::size_t integer_steps(std::string_view t, std::size_t i) {
  constexpr std::size_t W = sizeof(Bytes);
  for (; i + W + 1 <= t.size(); i += W) {
    Bytes x, prev, next;  // (loaded in place: a function returning a vector would change the ABI)
    std::memcpy(&x, t.data() + i, W);
    std::memcpy(&prev, t.data() + i - 1, W);
    std::memcpy(&next, t.data() + i + 1, W);
    auto good = ((x >= '0') & (x <= '9')) | (x == ',') | (x == '\n') | ((x == '-') & ((prev == ',') | (prev == '\n'))) |
                ((x == '\r') & (next == '\n'));
    if (!all_ones(good)) break;
  }
  return i;
}

[[gnu::target("avx2")]] std::size_t integer_steps_avx2(std::string_view t, std::size_t i) {
  return integer_steps<Bytes32>(t, i);
}

}  // namespace

bool integers_only(std::string_view t, std::size_t step) {
  auto ok = [&](std::size_t i) {
    char c = t[i];
    if ((c >= '0' && c <= '9') || c == ',' || c == '\n') return true;
    if (c == '-') return i == 0 || t[i - 1] == ',' || t[i - 1] == '\n';
    return c == '\r' && i + 1 < t.size() && t[i + 1] == '\n';
  };
  std::size_t i = 0;
  if (!t.empty() && !ok(i++)) return false;
  i = step == 32 ? integer_steps_avx2(t, i) : integer_steps<Bytes16>(t, i);
  for (; i < t.size(); ++i)
    if (!ok(i)) return false;
  return true;
}

TextKind text_kind(std::string_view text) {
  // A chunk of a mapped table is checked whole before its rows are read: 32 bytes a step where
  // the processor has AVX2 (half the instructions of 16).
  static const std::size_t step = __builtin_cpu_supports("avx2") ? 32 : 16;
  if (integers_only(text, step)) return TextKind::integers;
  return plain_text(text) ? TextKind::plain : TextKind::any;
}

std::string unshowable_reason(std::string_view text, std::size_t max_bytes, std::string_view what, bool identifiers) {
  if (text.size() > max_bytes) return fmt::format("{} is longer than {} bytes", what, max_bytes);
  std::size_t at = 0;
  if (auto why = text_problem(text, at); !why.empty()) return fmt::format("{} holds {}", what, why);
  if (const char* kind = identifiers ? identifier_kind(text) : nullptr)
    return fmt::format("{} looks like {}; records must carry no direct identifiers (it is not shown)", what, kind);
  return "";
}

}  // namespace carepath
