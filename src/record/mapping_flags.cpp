// How a row's flag columns become the set of codes a flag item answers.
#include <fmt/format.h>

#include <algorithm>

#include "record/mapping.hpp"
#include "util/swar.hpp"
#include "util/text.hpp"

namespace carepath {

// Inline: a row reads it for each flag present.
[[gnu::always_inline]] inline bool BoundMapping::excused(const std::vector<CsvField>& row, const FlagAt& c) const {
  bool excused = false;
  for (std::uint32_t u = c.first; u < c.last; ++u) {
    const Unless& by = unless_[u];
    std::string_view v = cell(row, by.column);
    std::int16_t listed = by.index.find(v);
    excused = excused || listed == 1 || (listed == by_text && contains(*by.cells, v));
  }
  return excused;
}

std::optional<std::uint64_t> BoundMapping::flag_set(const std::vector<CsvField>& row, int line, std::size_t f, TextKind text,
                                                    std::vector<Diagnostic>& errors) const {
  if (text == TextKind::integers && flag_run_[f].first >= 0 && row.size() == width_)
    if (auto bits = run_flags(row, f)) return bits;
  const FlagItem& fi = m_.flags[f];
  // Held in locals: pushing an error could, for all the compiler knows, change the members.
  const CsvField* cells = row.data();
  const IntIndex& index = flag_index_[f];
  std::uint64_t bits = 0;
  bool known = true;
  for (const FlagAt& c : flag_at_[f]) {
    std::string_view v = cells[static_cast<std::size_t>(c.at)].text;
    std::int16_t slot = index.find(v);
    if (slot == 0) continue;
    if (slot == by_text && contains(fi.absent, v)) continue;
    if (slot != 1 && !(slot == by_text && contains(fi.present, v))) {
      known = false;
      if (!v.empty() && !contains(m_.missing, v)) errors.push_back(flag_problem(f, c, row, line));
      continue;
    }
    if (!excused(row, c)) bits |= c.bit;
  }
  if (!known) return std::nullopt;
  return bits;
}

std::optional<std::uint64_t> BoundMapping::run_flags(const std::vector<CsvField>& row, std::size_t f) const {
  const FlagRun& run = flag_run_[f];
  const FlagAt* columns = flag_at_[f].data();
  const IntIndex& index = flag_index_[f];
  const std::size_t n = run.at.size();
  std::string_view last = cell(row, run.first + static_cast<int>(n) - 1);
  // The run's n cells and the n - 1 commas between them are the row's text itself (text of
  // integers holds no quotes). They take 2n - 1 bytes when each cell is one byte; taking that
  // many, the cells are one byte each exactly when no comma falls at an even place. read()
  // finds a comma neither absent nor present, so reading every even place checks that too.
  const char* s = cell(row, run.first).data();
  if (last.data() + last.size() - s != static_cast<std::ptrdiff_t>(2 * n - 1)) return std::nullopt;
  std::uint64_t bits = 0;
  auto read = [&](std::size_t k) {  // the k-th cell: false for one neither absent nor present
    std::int16_t slot = index.single[static_cast<unsigned char>(s[2 * k])];
    if (slot != 1) return slot == 0;
    const FlagAt& c = columns[run.at[k]];
    if (!excused(row, c)) bits |= c.bit;
    return true;
  };
  std::size_t j = 0;
  for (; j + 4 < n; j += 4) {  // four cells and the commas after them
    if (swar::load(s + 2 * j) == run.absent_word) continue;
    for (std::size_t k = j; k < j + 4; ++k)
      if (!read(k)) return std::nullopt;
  }
  for (; j < n; ++j)
    if (!read(j)) return std::nullopt;
  return bits;
}

BoundMapping::FlagRun BoundMapping::flag_run(const IntIndex& index, const std::vector<FlagAt>& columns) {
  FlagRun run;
  // A word covers four cells: fewer columns than eight gain little from it.
  const auto absent = std::find(index.single.begin(), index.single.end(), std::int16_t{0});
  if (columns.size() < 8 || absent == index.single.end()) return run;
  int first = columns.front().at;
  for (const FlagAt& c : columns) first = std::min(first, c.at);
  if (first < 0) return run;
  run.at.assign(columns.size(), 0);
  std::vector<char> taken(columns.size(), 0);
  for (std::size_t k = 0; k < columns.size(); ++k) {
    auto place = static_cast<std::size_t>(columns[k].at - first);
    if (place >= columns.size() || std::exchange(taken[place], 1)) return {};  // not side by side
    run.at[place] = static_cast<std::uint32_t>(k);
  }
  const char a = static_cast<char>(absent - index.single.begin());
  const char word[8] = {a, ',', a, ',', a, ',', a, ','};
  run.absent_word = swar::load(word);
  run.first = first;
  return run;
}

Diagnostic BoundMapping::flag_problem(std::size_t f, const FlagAt& c, const std::vector<CsvField>& row, int line) const {
  const FlagItem& fi = m_.flags[f];
  const CsvField& cell = row[static_cast<std::size_t>(c.at)];
  auto k = static_cast<std::size_t>(&c - flag_at_[f].data());
  return {{file_, line, cell.col},
          fmt::format("flag column '{}' (item '{}'): {} is neither present ({}) nor absent ({})", fi.columns[k].column,
                      c_.questionnaire.items[static_cast<std::size_t>(fi.item)].id, shown(cell.text), join(fi.present, ", "),
                      join(fi.absent, ", "))};
}

}  // namespace carepath
