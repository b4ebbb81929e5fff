#pragma once
// Small text helpers shared by loaders and renderers.
#include <string>
#include <string_view>
#include <vector>

namespace carepath {

std::size_t edit_distance(std::string_view a, std::string_view b);

// The closest candidate when it is close enough to be a likely misspelling, else "".
std::string closest(std::string_view word, const std::vector<std::string>& candidates);

// " (did you mean 'x'?)" or "".
std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates);

std::string join(const std::vector<std::string>& parts, std::string_view sep);

// Whether `s` is one of `list`. Runs for flag cells of a table's rows: lengths first, most
// entries differ there.
inline bool contains(const std::vector<std::string>& list, std::string_view s) {
  for (const auto& e : list)
    if (e.size() == s.size() && std::string_view(e) == s) return true;
  return false;
}

// 3400 -> "3,400": counts for people.
std::string group_thousands(std::size_t n);

// Columns a string takes on a terminal: escape sequences (colour) take none, a UTF-8
// character one, or two when it is wide (CJK, emoji), a combining mark none.
std::size_t visible_width(std::string_view s);

// Wraps text at `width` visible columns, every line after the first indented by `indent`
// spaces; a newline in the text breaks the line, a word longer than a line is cut.
std::string wrap(std::string_view text, std::size_t width, std::size_t indent);

// A YAML paragraph as one line: the line breaks of a literal block (`|`) become spaces, so
// that wrap() can fill lines evenly. A blank line stays a paragraph break, and a line that
// starts a list entry ("- ", "* ") keeps its break.
std::string reflow(std::string_view text);

std::string json_quote(std::string_view s);
void append_json_quoted(std::string& out, std::string_view s);  // json_quote, onto `out`
bool json_plain(std::string_view s);                            // nothing in `s` needs escaping in JSON

// Quotes a CSV field when it needs it (RFC 4180).
std::string csv_field(std::string_view s);
void append_csv_quoted(std::string& out, std::string_view s);   // always quoted, quotes doubled
void append_csv_escaped(std::string& out, std::string_view s);  // quotes doubled, not quoted

std::string trim(std::string_view s);
std::string_view trim_view(std::string_view s);  // trim, as a view into s: no copy

// `s` as one word for a POSIX shell: as it is when that is safe, else in single quotes.
std::string shell_word(const std::string& s);

}  // namespace carepath
