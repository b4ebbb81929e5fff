#pragma once
// The outcome memo's keys read straight off a mapped table's cells: a row whose key the memo
// knows then needs no record at all. The readers know nothing of the memo; this reads a row
// through BoundMapping's column-by-column interface and the mapping's codes, and lays the bytes
// out as the memo says (OutcomeMemo::key_offset, key_byte).
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "batch/outcome_memo.hpp"
#include "record/mapping.hpp"

namespace carepath {

class MappedMemoKeys {
 public:
  // nullopt when an item is mapped twice, or an item or a flag set takes more than a byte of
  // the memo's key (those rows are keyed from their records).
  static std::optional<MappedMemoKeys> make(const Mapping& m, const Content& content, const OutcomeMemo& memo);

  // A mapped column of one table as key() reads it: where it is, and its key byte for every cell
  // of one byte and of two (by 256 + 12 * int_cell_byte() of each), found once when the table's
  // header is read. A row's cells are then read with no branch on what each holds: tables mix
  // "3", "-9" and "12" at random, and a branch the processor guesses wrong costs more.
  struct Column {
    std::uint32_t at = 0;                            // in a row
    std::uint32_t offset = 0;                        // in the key
    std::array<std::int16_t, 256 + 12 * 12> byte{};  // -1: the row is not keyed
  };
  std::vector<Column> columns(const BoundMapping& bound) const;

  // The key of a row, with its case label (a view of its cell, empty for none) and actual
  // placement. False for a row that BoundMapping::apply() would report, or must read itself:
  // the row then takes that way. `columns`: this one's of `bound`. `scratch` is the caller's, for
  // the messages no one will read.
  bool key(const BoundMapping& bound, const std::vector<Column>& columns, const std::vector<CsvField>& row, int line,
           TextKind text, std::string& key, std::string_view& label, int& actual, std::vector<Diagnostic>& scratch) const;

 private:
  // Column k's key byte for a cell: -1 when the row is not keyed.
  std::int16_t cell_byte(const BoundMapping& bound, std::size_t k, std::string_view cell) const;

  std::string blank_;                                  // no answers, the constants in place
  std::vector<std::size_t> column_offset_;             // by ColumnMap
  std::vector<std::vector<std::int16_t>> column_byte_; // by ColumnMap, by code; -1: none
  std::vector<std::size_t> flag_offset_;               // by FlagItem
  std::vector<std::int16_t> flag_unknown_;             // by FlagItem: not known
  std::vector<std::vector<std::int16_t>> flag_byte_;   // by FlagItem, by set of codes
};

}  // namespace carepath
