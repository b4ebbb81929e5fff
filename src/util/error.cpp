#include "util/error.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>

#include "util/i18n.hpp"

namespace carepath {

std::string Pos::str() const {
  std::string s;
  append_to(s);
  return s;
}

void Pos::append_to(std::string& out) const { append_position(out, file, line, col); }

void append_position(std::string& out, std::string_view file, int line, int col) {
  out += file;
  if (line <= 0) return;
  char digits[16];
  out += ':';
  out.append(digits, static_cast<std::size_t>(std::to_chars(digits, digits + sizeof digits, line).ptr - digits));
  if (col <= 0) return;
  out += ':';
  out.append(digits, static_cast<std::size_t>(std::to_chars(digits, digits + sizeof digits, col).ptr - digits));
}

std::string Diagnostic::str() const {
  std::string s;
  append_to(s);
  return s;
}

void Diagnostic::append_to(std::string& out) const {
  if (!pos.file.empty()) {
    pos.append_to(out);
    out += ": ";
  }
  out += message;
}

void Diagnostics::sort_by_position() {
  std::stable_sort(items_.begin(), items_.end(), [](const Diagnostic& a, const Diagnostic& b) {
    if (a.pos.file != b.pos.file) return a.pos.file < b.pos.file;
    if (a.pos.line != b.pos.line) return a.pos.line < b.pos.line;
    return a.pos.col < b.pos.col;
  });
}

void throw_if_any(const Diagnostics& diags, const std::string& what) { throw_if_any(diags.items(), what); }

void throw_if_any(const std::vector<Diagnostic>& diags, const std::string& what) {
  if (diags.empty()) return;
  std::vector<std::string> lines;
  for (const auto& d : diags) lines.push_back(d.str());
  std::string count = fmt::format(fmt::runtime(trn("{} problem", "{} problems", diags.size())), diags.size());
  throw Error(exit_data, what + " (" + count + ")", std::move(lines));
}

}  // namespace carepath
