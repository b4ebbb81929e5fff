// How a row's flag columns become the set of codes a flag item answers.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <string>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "record/mapping.hpp"
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
#ifdef __SSE2__
  const FlagRun& run = flag_run_[f];
  const std::size_t n = run.size;
  std::string_view last = cell(row, run.first + static_cast<int>(n) - 1);
  // The run's n cells and the n - 1 commas between them are the row's text itself (text of
  // integers holds no quotes). They take 2n - 1 bytes when each cell is one byte; taking that
  // many, the cells are one byte each exactly when no comma falls at an even place, so it is
  // enough that every even place holds the absent or the present byte.
  const char* s = cell(row, run.first).data();
  const std::size_t bytes = 2 * n - 1;
  if (last.data() + last.size() - s != static_cast<std::ptrdiff_t>(bytes)) return std::nullopt;
  // Sixteen bytes at a time, the last block ending where the run ends (overlapping the one
  // before): nothing outside the run is read. Bit i of each mask is the run's byte i.
  const __m128i present_byte = _mm_set1_epi8(run.present), absent_byte = _mm_set1_epi8(run.absent);
  std::uint64_t present = 0, known = 0;
  for (std::size_t at = 0;; at += 16) {
    at = std::min(at, bytes - 16);
    __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + at));
    auto p = static_cast<std::uint64_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, present_byte)));
    auto a = static_cast<std::uint64_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, absent_byte)));
    present |= p << at;
    known |= (p | a) << at;
    if (at + 16 == bytes) break;
  }
  const std::uint64_t cells = run.cells;
  if ((known & cells) != cells) return std::nullopt;
  // The present cells' bits side by side (bit i: cell i), those excused taken out.
  std::uint64_t x = present & cells;
  x = (x | x >> 1) & 0x3333333333333333u;
  x = (x | x >> 2) & 0x0f0f0f0f0f0f0f0fu;
  x = (x | x >> 4) & 0x00ff00ff00ff00ffu;
  x = (x | x >> 8) & 0x0000ffff0000ffffu;
  x = (x | x >> 16) & 0x00000000ffffffffu;
  if (run.excuse_column >= 0) {
    std::int16_t slot = run.excuse_index.find(cell(row, run.excuse_column));
    if (slot >= 0) x &= ~std::uint64_t{run.excused[static_cast<std::size_t>(slot)]};
  }
  std::uint64_t bits = 0;
  const std::uint64_t* codes = run.codes.data();
  for (std::size_t k = 0; k < run.eights; ++k, codes += 256) bits |= codes[x >> (8 * k) & 255];
  return bits;
#else
  (void)row;
  (void)f;
  return std::nullopt;  // flag_run() makes no run
#endif
}

BoundMapping::FlagRun BoundMapping::flag_run(const IntIndex& index, const std::vector<FlagAt>& columns,
                                             const std::vector<Unless>& unless) {
  FlagRun run;
#ifdef __SSE2__
  // run_flags() reads 16 bytes at a time within the run, and a mask of a bit per byte: the run
  // spans 2n - 1 bytes, from 17 to 63. (Fewer columns gain little from it.)
  const std::size_t n = columns.size();
  if (n < min_run || n > max_run) return run;
  // One byte for an absent cell and one for a present one, each compared at once.
  int absent = -1, present = -1;
  for (int b = 0; b < 256; ++b) {
    std::int16_t slot = index.single[static_cast<std::size_t>(b)];
    int& byte = slot == 0 ? absent : present;
    if (slot != 0 && slot != 1) continue;
    if (byte >= 0) return run;
    byte = b;
  }
  if (absent < 0 || present < 0) return run;
  int first = columns.front().at;
  for (const FlagAt& c : columns) first = std::min(first, c.at);
  if (first < 0) return run;
  std::vector<const FlagAt*> at(n, nullptr);  // by place in the run
  for (const FlagAt& c : columns) {
    auto place = static_cast<std::size_t>(c.at - first);
    if (place >= n || at[place]) return run;  // not side by side
    at[place] = &c;
    run.cells |= std::uint64_t{1} << (2 * place);
  }
  // The cells each listed integer of the one `unless` column excuses. A listed cell that is
  // not a canonical integer is compared as text by excused(): then there is no run.
  std::map<std::string, std::uint32_t> excusing;
  for (std::size_t place = 0; place < n; ++place)
    for (std::uint32_t u = at[place]->first; u < at[place]->last; ++u) {
      const Unless& by = unless[u];
      if (by.column < 0 || (run.excuse_column >= 0 && by.column != run.excuse_column)) return {};
      run.excuse_column = by.column;
      for (const std::string& v : *by.cells) {
        if (by.index.find(v) != 1) return {};
        excusing[v] |= std::uint32_t{1} << place;
      }
    }
  std::map<std::uint32_t, std::vector<std::string>> by_cells;
  for (const auto& [v, excused] : excusing) by_cells[excused].push_back(v);
  for (const auto& [excused, values] : by_cells) {
    run.excuse_index.add(values, static_cast<std::int16_t>(run.excused.size()));
    run.excused.push_back(excused);
  }
  run.size = n;
  run.eights = (n + 7) / 8;
  run.codes.assign(run.eights * 256, 0);
  for (std::size_t k = 0; k < run.eights; ++k)
    for (std::size_t held = 0; held < 256; ++held)
      for (std::size_t i = 0; i < 8 && 8 * k + i < n; ++i)
        if (held >> i & 1) run.codes[256 * k + held] |= at[8 * k + i]->bit;
  run.absent = static_cast<char>(absent);
  run.present = static_cast<char>(present);
  run.first = first;
#else
  (void)index;
  (void)columns;
  (void)unless;
#endif
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
