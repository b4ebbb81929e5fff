#include "error.hpp"

#include <algorithm>

namespace carepath {

std::string Pos::str() const {
  std::string s = file;
  if (line > 0) {
    s += ":" + std::to_string(line);
    if (col > 0) s += ":" + std::to_string(col);
  }
  return s;
}

void Diagnostics::sort_by_position() {
  std::stable_sort(items_.begin(), items_.end(), [](const Diagnostic& a, const Diagnostic& b) {
    if (a.pos.file != b.pos.file) return a.pos.file < b.pos.file;
    if (a.pos.line != b.pos.line) return a.pos.line < b.pos.line;
    return a.pos.col < b.pos.col;
  });
}

void throw_if_any(const Diagnostics& diags, const std::string& what) {
  if (diags.empty()) return;
  std::vector<std::string> lines;
  for (const auto& d : diags.items()) lines.push_back(d.str());
  throw Error(exit_data, what + " (" + std::to_string(diags.size()) + " problem" +
                             (diags.size() == 1 ? "" : "s") + ")",
              std::move(lines));
}

}  // namespace carepath
