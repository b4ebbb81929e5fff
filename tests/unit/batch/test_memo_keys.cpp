// The outcome memo's keys read off a mapped table's cells must be the keys of the records
// BoundMapping::apply() builds from the same rows, and only for rows apply() takes without a message.
#include <doctest/doctest.h>

#include <random>

#include "batch/memo_keys.hpp"
#include "content/tables.hpp"
#include "helpers.hpp"
#include "record/anonymity.hpp"

using namespace carepath;

namespace {

std::vector<CsvField> row_of(std::string_view text) {
  std::vector<CsvField> f;
  CsvReader r(text, 1);
  r.next(f);
  return f;
}

}  // namespace

TEST_CASE("the memo key a row's cells give is the key of the record apply() builds") {
  auto content = load_content_or_throw({});
  compile_tables(*content);
  Engine engine(*content);
  OutcomeMemo memo(engine);
  Mapping m = load_mapping(testing::source_path("mappings/tedsa-2021.yaml"), *content);
  // A header of every column the mapping reads, and cells drawn from what each may hold:
  // its codes, its missing values, a code nobody listed, an empty cell.
  std::vector<std::string> header{"CASEID"};
  std::vector<std::vector<std::string>> choices{{"20260000001", "X1", ""}};
  auto add = [&](const std::string& column, std::vector<std::string> cells) {
    cells.insert(cells.end(), {"99", "", "05", "-0", "x", "x1", "100", "--"});
    header.push_back(column);
    choices.push_back(std::move(cells));
  };
  for (const auto& cm : m.columns) {
    std::vector<std::string> cells = cm.missing;
    for (const auto& c : cm.codes) cells.push_back(c.cell);
    add(cm.column, cells);
  }
  for (const auto& fi : m.flags)
    for (const auto& fc : fi.columns) add(fc.column, {"0", "1", "1", "0", "-9"});
  std::vector<std::string> actual = m.actual->missing;
  for (const auto& [cell, level] : m.actual->levels) actual.push_back(cell);
  add(m.actual->column, actual);
  BoundMapping bound(m, *content, header, "t.csv");
  auto keys = MappedMemoKeys::make(m, *content, memo);
  REQUIRE(keys);
  const auto columns = keys->columns(bound);
  std::vector<Diagnostic> scratch;

  std::mt19937 rng(7);
  int keyed = 0, refused = 0;
  MappedRow out;
  std::string key;
  for (int n = 0; n < 5000; ++n) {
    std::string line;
    for (std::size_t k = 0; k < choices.size(); ++k) {
      // Mostly listed codes, now and then anything the column may hold.
      std::size_t pick = std::uniform_int_distribution<std::size_t>(0, choices[k].size() - 1)(rng);
      if (n % 4 != 0 && pick >= choices[k].size() - 8) pick = 0;
      line += (k ? "," : "") + choices[k][pick];
    }
    std::vector<CsvField> row = row_of(line);
    std::string_view label;
    int level = -7;
    bool fast = keys->key(bound, columns, row, n + 2, text_kind(line), key, label, level, scratch);
    bound.apply(row, n + 2, text_kind(line), out);
    if (!fast) {
      ++refused;
      continue;
    }
    ++keyed;
    CHECK(out.errors.empty());
    CHECK(key == memo.key_of(out.record));
    CHECK(label == out.record.case_id.value_or(""));
    CHECK(level == out.actual);
  }
  // Both ways were taken, most rows the fast one.
  CHECK(keyed > 2500);
  CHECK(refused > 100);
}
