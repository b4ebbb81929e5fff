#include "util/text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <bit>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "util/swar.hpp"

namespace carepath {

// Optimal string alignment distance: Levenshtein plus adjacent transpositions, the most
// common typing slip ("lable" for "label"). Three rows of the matrix, not all of it: a hostile
// answer can be megabytes long.
std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> before(b.size() + 1), prev(b.size() + 1), row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      row[j] = std::min({prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) row[j] = std::min(row[j], before[j - 2] + 1);
    }
    std::swap(before, prev);
    std::swap(prev, row);
  }
  return prev[b.size()];
}

std::string closest(std::string_view word, const std::vector<std::string>& candidates) {
  // A third of the word's length (at least 1, at most 3) keeps suggestions plausible.
  std::size_t limit = std::clamp<std::size_t>(word.size() / 3, 1, 3);
  std::string best;
  std::size_t best_d = std::string::npos;
  for (const auto& c : candidates) {
    // The distance is at least the difference in length: a word far longer than a candidate
    // (a pasted paragraph, a hostile megabyte) is never compared letter by letter.
    std::size_t gap = word.size() > c.size() ? word.size() - c.size() : c.size() - word.size();
    if (gap > limit) continue;
    std::size_t d = edit_distance(word, c);
    if (d < best_d) {
      best_d = d;
      best = c;
    }
  }
  if (best_d <= limit) return best;
  // A prefix match ("scale" for "scale_total") is also a likely intent.
  for (const auto& c : candidates)
    if (word.size() >= 4 && (c.starts_with(word) || word.starts_with(c))) return c;
  return "";
}

std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates) {
  std::string c = closest(word, candidates);
  return c.empty() ? "" : fmt::format(" (did you mean '{}'?)", c);
}

std::string join(const std::vector<std::string>& parts, std::string_view sep) {
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i) out += sep;
    out += parts[i];
  }
  return out;
}

std::string group_thousands(std::size_t n) {
  std::string digits = std::to_string(n), out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

namespace {

// The next character of s at pos: its byte length and its columns.
std::pair<std::size_t, std::size_t> next_char(std::string_view s, std::size_t pos) {
  auto c = static_cast<unsigned char>(s[pos]);
  if (c == 0x1b) {
    // CSI: ESC [ parameters final byte (0x40-0x7e); other escapes are two bytes.
    std::size_t i = pos + 1;
    if (i < s.size() && s[i] == '[') {
      ++i;
      while (i < s.size() && !(s[i] >= 0x40 && s[i] <= 0x7e)) ++i;
      return {std::min(i + 1, s.size()) - pos, 0};
    }
    return {std::min<std::size_t>(2, s.size() - pos), 0};
  }
  if (c < 0x80) return {1, c < 0x20 || c == 0x7f ? 0 : 1};
  std::size_t len = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
  if (pos + len > s.size()) return {s.size() - pos, 1};
  char32_t cp = len == 1 ? c : c & (0x7f >> len);
  for (std::size_t k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[pos + k]) & 0x3f);
  bool combining = (cp >= 0x300 && cp <= 0x36f) || (cp >= 0x200b && cp <= 0x200f) || (cp >= 0xfe00 && cp <= 0xfe0f);
  bool wide = (cp >= 0x1100 && cp <= 0x115f) || (cp >= 0x2e80 && cp <= 0xa4cf) || (cp >= 0xac00 && cp <= 0xd7a3) ||
              (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0xfe30 && cp <= 0xfe4f) || (cp >= 0xff00 && cp <= 0xff60) ||
              (cp >= 0xffe0 && cp <= 0xffe6) || (cp >= 0x1f300 && cp <= 0x1f64f) || (cp >= 0x1f900 && cp <= 0x1f9ff) ||
              (cp >= 0x20000 && cp <= 0x3fffd);
  return {len, combining ? 0 : wide ? 2 : 1};
}

}  // namespace

std::size_t visible_width(std::string_view s) {
  std::size_t w = 0;
  for (std::size_t pos = 0; pos < s.size();) {
    auto [len, cols] = next_char(s, pos);
    w += cols;
    pos += len;
  }
  return w;
}

std::string wrap(std::string_view text, std::size_t width, std::size_t indent) {
  std::string out, line;
  std::size_t line_w = 0;
  std::size_t pos = 0;
  auto flush = [&] {
    if (!out.empty()) out += "\n" + std::string(line.empty() ? 0 : indent, ' ');
    out += line;
    line.clear();
    line_w = 0;
  };
  std::size_t room = width > indent ? width - indent : 20;
  while (pos < text.size()) {
    while (pos < text.size() && text[pos] == ' ') ++pos;
    if (pos >= text.size()) break;
    if (text[pos] == '\n') {
      flush();
      ++pos;
      continue;
    }
    std::size_t end = text.find_first_of(" \n", pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view w = text.substr(pos, end - pos);
    std::size_t ww = visible_width(w);
    if (line_w > 0 && line_w + 1 + ww > room) flush();
    if (line_w > 0) {
      line += ' ';
      ++line_w;
    }
    // A word longer than a whole line (a digest, a path) is cut where the line ends.
    for (std::size_t i = 0; i < w.size();) {
      auto [len, cols] = next_char(w, i);
      if (line_w > 0 && line_w + cols > room) flush();
      line.append(w.substr(i, len));
      line_w += cols;
      i += len;
    }
    pos = end;
  }
  if (!line.empty()) flush();
  return out;
}

std::string reflow(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '\n') {
      out += text[i];
      continue;
    }
    std::size_t next = i + 1;
    while (next < text.size() && text[next] == ' ') ++next;
    std::string_view rest = text.substr(next);
    bool blank = rest.empty() || rest[0] == '\n';
    bool entry = rest.starts_with("- ") || rest.starts_with("* ");
    if (blank) {
      // One paragraph break for any run of blank lines; none at the end.
      while (next < text.size() && (text[next] == '\n' || text[next] == ' ')) ++next;
      if (next < text.size()) out += "\n\n";
      i = next - 1;
    } else {
      out += entry ? '\n' : ' ';
    }
  }
  return out;
}

std::string json_quote(std::string_view s) {
  std::string out;
  append_json_quoted(out, s);
  return out;
}

namespace {

// Which bytes JSON text must escape: the control characters, '"' and '\\'.
constexpr std::array<bool, 256> json_special = [] {
  std::array<bool, 256> t{};
  for (int c = 0; c < 0x20; ++c) t[static_cast<std::size_t>(c)] = true;
  t['"'] = t['\\'] = true;
  return t;
}();

// The offset of the first byte JSON must escape in [p, end), or end - p. Most text written is
// plain, and most strings are short (keys, ids): sixteen bytes a step where SSE2 is (every
// x86-64), eight elsewhere, then a table lookup a byte.
std::size_t json_plain_run(const char* p, const char* end) {
  const char* at = p;
#ifdef __SSE2__
  const __m128i quote = _mm_set1_epi8('"'), backslash = _mm_set1_epi8('\\'), control = _mm_set1_epi8(0x1f);
  for (; end - at >= 16; at += 16) {
    __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(at));
    __m128i special = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, backslash)),
                                    _mm_cmpeq_epi8(_mm_max_epu8(v, control), control));  // byte <= 0x1f
    if (int mask = _mm_movemask_epi8(special))
      return static_cast<std::size_t>(at - p + std::countr_zero(static_cast<unsigned>(mask)));
  }
#endif
  for (; end - at >= 8; at += 8) {
    std::uint64_t x = swar::load(at);
    if (swar::below(x, 0x20) | swar::equal(x, '"') | swar::equal(x, '\\')) break;
  }
  while (at < end && !json_special[static_cast<unsigned char>(*at)]) ++at;
  return static_cast<std::size_t>(at - p);
}

}  // namespace

// Most strings written are short and plain (keys, ids, codes): those of 8 bytes or more are
// tested a word at a time, the last word overlapping the one before; longer ones sixteen bytes
// a step.
bool json_plain(std::string_view s) {
  const char* p = s.data();
  const std::size_t n = s.size();
  if (n >= 32) return json_plain_run(p, p + n) == n;
  auto special = [](std::uint64_t x) { return swar::below(x, 0x20) | swar::equal(x, '"') | swar::equal(x, '\\'); };
  if (n >= 8) {
    std::uint64_t any = special(swar::load(p + n - 8));
    for (std::size_t at = 0; at + 8 < n; at += 8) any |= special(swar::load(p + at));
    return any == 0;
  }
  bool any = false;
  for (char c : s) any |= json_special[static_cast<unsigned char>(c)];
  return !any;
}

void append_json_quoted(std::string& out, std::string_view s) {
  if (json_plain(s)) {
    out += '"';
    out += s;
    out += '"';
    return;
  }
  // Runs of plain characters are copied whole: batch output quotes megabytes of rationale.
  out.reserve(out.size() + s.size() + 2);
  out += '"';
  const char* p = s.data();
  const char* end = p + s.size();
  while (p < end) {
    std::size_t n = json_plain_run(p, end);
    out.append(p, n);
    p += n;
    if (p == end) break;
    auto c = static_cast<unsigned char>(*p++);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default: out += fmt::format("\\u{:04x}", c);
    }
  }
  out += '"';
}

std::string csv_field(std::string_view s) {
  // A plain loop: find_first_of with a set searches the set once per character.
  if (std::none_of(s.begin(), s.end(), [](char c) { return c == ',' || c == '"' || c == '\n' || c == '\r'; }))
    return std::string(s);
  std::string out;
  out.reserve(s.size() + 8);
  append_csv_quoted(out, s);
  return out;
}

void append_csv_quoted(std::string& out, std::string_view s) {
  out += '"';
  append_csv_escaped(out, s);
  out += '"';
}

void append_csv_escaped(std::string& out, std::string_view s) {
  for (std::size_t start = 0;;) {
    std::size_t q = s.find('"', start);
    out.append(s.substr(start, q == std::string_view::npos ? q : q + 1 - start));
    if (q == std::string_view::npos) break;
    out += '"';
    start = q + 1;
  }
}

std::string_view trim_view(std::string_view s) {
  std::size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return {};
  std::size_t e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

std::string trim(std::string_view s) {
  return std::string(trim_view(s));
}

std::string shell_word(const std::string& s) {
  bool plain = !s.empty() && s.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_./-+,:=@") ==
                                 std::string::npos;
  if (plain) return s;
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

}  // namespace carepath
