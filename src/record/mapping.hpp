#pragma once
// Mapping files: how a foreign table's columns and codes become answers to our items (see
// carepath(1), MAPPING FILES). Every item and code is checked against the loaded content when
// the mapping is loaded, so that a row can later be turned into a typed record by table lookups.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "record/anonymity.hpp"
#include "content/content.hpp"
#include "util/csv.hpp"
#include "record/record.hpp"

namespace carepath {

struct MappedCode {
  std::string cell;  // the table's code, as it appears in the cell
  Value value;       // our answer, parsed once when the mapping is loaded
  std::string text;  // text answers only
};

// One column that answers one item.
struct ColumnMap {
  std::string column;
  int item = -1;
  std::vector<MappedCode> codes;    // empty: the cell is parsed as the item's own answer
  std::vector<std::string> missing; // cells that mean "not known"
  Pos pos;
};

// A multi item built from 0/1 columns, one column per code.
struct FlagColumn {
  std::string column;
  int bit = 0;                      // index of the code within the item
  std::string code;
  std::vector<std::pair<std::string, std::vector<std::string>>> unless;  // column -> cells
  Pos pos;
};

struct FlagItem {
  int item = -1;
  std::vector<std::string> present{"1"}, absent{"0"};
  std::vector<FlagColumn> columns;
  Pos pos;
};

struct Constant {
  int item = -1;
  Value value;
  std::string text;
};

struct ActualMap {
  std::string column;
  // cell -> the placement as one number (see ActualPlacement): its level, and for a
  // admission to a step before the levels the setting the table names (`settings:`)
  std::vector<std::pair<std::string, int>> levels;
  std::vector<std::string> missing;
};

// Where a person actually went, as MappedRow::actual carries it in one int: -1 when not known,
// else level + levels * (setting value index + 1), the setting -1 when the table does not say.
struct ActualPlacement {
  int level = -1, setting = -1;
  static ActualPlacement of(int code, std::size_t levels) {
    if (code < 0) return {};
    auto n = static_cast<int>(levels);
    return {code % n, code / n - 1};
  }
};

struct Mapping {
  std::string id;
  std::string file;
  std::vector<std::string> missing;    // cells that mean "not known", unless a column says otherwise
  std::optional<std::string> case_id;  // the column holding an anonymised case label
  std::vector<ColumnMap> columns;
  std::vector<FlagItem> flags;
  std::vector<Constant> constants;
  std::optional<ActualMap> actual;
  bool missing_required_unknown = false;  // `missing_required: unknown`: research scoring
};

// Loads and checks a mapping against the content; throws exit_data listing every problem.
Mapping load_mapping(const std::string& path, const Content& content);
Mapping parse_mapping(std::string_view text, const std::string& file, const Content& content, Diagnostics& diags);

// One row turned into a typed record, before the questionnaire's applicability checks.
struct MappedRow {
  Record record;
  int actual = -1;  // ActualPlacement's code, -1 when the table does not say
  std::vector<Diagnostic> errors;
};

// A byte's place among the bytes of short integer cells ("3", "-9", "12"): the digit, 10 for a
// minus sign, 11 for any other byte. A cell of two bytes is then one of 12 * 12, found by index.
inline constexpr std::array<std::uint8_t, 256> int_cell_byte = [] {
  std::array<std::uint8_t, 256> b{};
  b.fill(11);
  for (int d = 0; d < 10; ++d) b[static_cast<std::size_t>('0' + d)] = static_cast<std::uint8_t>(d);
  b['-'] = 10;
  return b;
}();

// Calls f(place, cell) for every cell of two bytes that are digits or minus signs, its place
// 12 * int_cell_byte of the first + that of the second: what tables of such cells are filled from.
template <class F>
void for_each_int_pair(F&& f) {
  const char bytes[] = "0123456789-";
  for (std::size_t c0 = 0; c0 < 11; ++c0)
    for (std::size_t c1 = 0; c1 < 11; ++c1) {
      const char cell[2] = {bytes[c0], bytes[c1]};
      f(12 * c0 + c1, std::string_view(cell, 2));
    }
}

// A mapping bound to one table's header: column names resolved to positions.
class BoundMapping {
 public:
  // Throws exit_data when a column the mapping needs is not in the header.
  BoundMapping(const Mapping& m, const Content& content, const std::vector<std::string>& header, const std::string& file);
  // `text`: what text_kind() found the text the row comes from to hold.
  void apply(const std::vector<CsvField>& row, int line, TextKind text, MappedRow& out) const;
  bool has_actual() const { return actual_ >= 0; }

  // A row read one mapped column at a time, for a caller that needs less than a whole record
  // (batch scoring looks outcomes up by the cells). plain(): the row has the header's width and
  // no cell the anonymity guard refuses; `problems` is the caller's scratch space.
  bool plain(const std::vector<CsvField>& row, int line, TextKind text, std::vector<Diagnostic>& problems) const;
  // A cell of columns[k] (a row's column column_at(k)): the index of its code in
  // columns[k].codes, missing_cell when it means not known, or another negative number for a
  // cell only apply() reads (text, an unlisted code).
  static constexpr std::int16_t missing_cell = -2;
  std::int16_t code_of_cell(std::size_t k, std::string_view cell) const { return index_[k].find(cell); }
  int column_at(std::size_t k) const { return column_at_[k]; }
  // The codes flags[f]'s columns give a row, nullopt when not known; a cell that is neither
  // present, absent nor missing goes to `errors`.
  // `text`: as for apply().
  std::optional<std::uint64_t> flag_set(const std::vector<CsvField>& row, int line, std::size_t f, TextKind text,
                                        std::vector<Diagnostic>& errors) const;
  // The row's actual placement as ActualPlacement's code (-1 when not known), or unknown_level
  // for a cell the mapping does not know.
  static constexpr int unknown_level = -2;
  int actual_of(const std::vector<CsvField>& row) const { return actual_ >= 0 ? actual_level(cell(row, actual_)) : -1; }
  // The case id cell; empty when the mapping names none or the cell is empty.
  std::string_view case_cell(const std::vector<CsvField>& row) const {
    return case_id_ >= 0 ? cell(row, case_id_) : std::string_view();
  }

 private:
  static std::string_view cell(const std::vector<CsvField>& row, int at) { return row[static_cast<std::size_t>(at)].text; }
  // The anonymity guard, over every cell, mapped or not, before any message could repeat one.
  void check_cells(const std::vector<CsvField>& row, int line, TextKind text, std::vector<Diagnostic>& errors) const;

  // Most tables code cells as small integers: a cell is then classified by indexing, not by
  // comparing strings. find() gives the slot a listed cell was given, not_listed for another
  // canonical integer, or by_text when the cell is not one (the caller compares text).
  static constexpr std::int16_t missing_slot = missing_cell, by_text = -1, not_listed = -3;
  struct IntIndex {
    int lo = 0;
    std::vector<std::int16_t> slot;
    // A cell of one byte by that byte: at(0) to at(9) for the digits, by_text for the rest. Kept
    // by add().
    std::array<std::int16_t, 256> single = single_bytes();
    // A cell of two bytes by 12 * int_cell_byte of the first + that of the second: what
    // find_other() gives it. Kept by add().
    std::array<std::int16_t, 12 * 12> pairs;
    IntIndex() { fill_pairs(); }
    void add(const std::vector<std::string>& cells, std::int16_t value);
    std::int16_t find(std::string_view cell) const {
      // Most cells of a coded table are one digit ("3"), classified here by one load; most others
      // are two bytes.
      if (cell.size() == 1) return single[static_cast<unsigned char>(cell[0])];
      if (cell.size() == 2)
        return pairs[12u * int_cell_byte[static_cast<unsigned char>(cell[0])] +
                     int_cell_byte[static_cast<unsigned char>(cell[1])]];
      return find_other(cell);
    }
    std::int16_t at(int v) const {
      return v < lo || v - lo >= static_cast<int>(slot.size()) ? not_listed : slot[static_cast<std::size_t>(v - lo)];
    }
    std::int16_t find_other(std::string_view cell) const;
    static std::array<std::int16_t, 256> single_bytes();
    void fill_pairs();
  };
  struct Unless {
    int column;
    const std::vector<std::string>* cells;
    IntIndex index;  // listed cells: 1
  };
  // A flag column as flag_set() reads it, in one place: a TEDS-A row reads 18 of them, most
  // absent, and each then costs a load of its cell and one of its class.
  struct FlagAt {
    int at;               // the column
    std::uint32_t first;  // its `unless` columns: unless_[first] to unless_[last - 1]
    std::uint32_t last;
    std::uint64_t bit;  // of its code
  };
  // Flag columns side by side in the table, as TEDS-A has its 18: in text of integers only,
  // where every cell is a view of the row's text, a run of one-byte cells ("0,0,1,0,...") is
  // checked from that text sixteen bytes at a time (with SSE2, which every x86-64 build has;
  // elsewhere there is no run), and its present cells become codes by table, eight at a time,
  // with no branch on which are present: a row has a few, at random. A run holds no other cells
  // than absent and present ones, else the row's flags are read column by column (which reports
  // what the others are). A run's `unless` columns must be one column, listing canonical integers.
  struct FlagRun {
    int first = -1;                // the run's first column; -1: no run
    std::size_t size = 0;          // its cells
    std::size_t eights = 0;        // its cells by eights, rounded up
    std::uint64_t cells = 0;       // a bit for each cell's byte in the run's text (every other)
    char absent = 0, present = 0;  // the one byte each of an absent and a present cell
    // By eight cells k and which of them are present (bit i: the run's cell 8k + i), the codes
    // they give: codes[256 * k + present].
    std::vector<std::uint64_t> codes;
    // The column every `unless` of the run reads (-1: none), and by what its cell gives in
    // excuse_index, the run's cells that cell excuses (bit i: cell i).
    int excuse_column = -1;
    IntIndex excuse_index;
    std::vector<std::uint32_t> excused;
  };
  static constexpr std::size_t min_run = 9, max_run = 32;
  static FlagRun flag_run(const IntIndex& index, const std::vector<FlagAt>& columns, const std::vector<Unless>& unless);
  // The run's flags, or nullopt when a cell is not one byte, absent or present.
  std::optional<std::uint64_t> run_flags(const std::vector<CsvField>& row, std::size_t f) const;
  bool excused(const std::vector<CsvField>& row, const FlagAt& c) const;  // by its `unless` columns
  // The message for a flag cell that is neither present, absent nor missing.
  Diagnostic flag_problem(std::size_t f, const FlagAt& c, const std::vector<CsvField>& row, int line) const;
  // The level an actual-placement cell names, -1 when it says none, unknown_level when it is
  // not a code the mapping knows.
  int actual_level(std::string_view cell) const;

  const Mapping& m_;
  const Content& c_;
  std::string file_;
  std::size_t width_ = 0;
  int case_id_ = -1;
  int actual_ = -1;
  std::vector<int> column_at_;                     // by ColumnMap
  std::vector<IntIndex> index_;                    // by ColumnMap: code index or missing_slot
  std::vector<IntIndex> flag_index_;               // by FlagItem: absent 0, present 1, missing_slot
  std::vector<std::vector<FlagAt>> flag_at_;       // by FlagItem, by FlagColumn
  std::vector<Unless> unless_;                     // every FlagColumn's, in order
  std::vector<FlagRun> flag_run_;                  // by FlagItem
  IntIndex actual_index_;  // level index or missing_slot
};

}  // namespace carepath
