#include "batch/memo_keys.hpp"

#include <utility>

#include "record/anonymity.hpp"

namespace carepath {

std::optional<MappedMemoKeys> MappedMemoKeys::make(const Mapping& m, const Content& content, const OutcomeMemo& memo) {
  const auto& items = content.questionnaire.items;
  MappedMemoKeys p;
  p.blank_ = memo.blank_key();
  if (p.blank_.empty()) return std::nullopt;
  std::vector<char> taken(items.size(), 0);
  auto offset = [&](int item) -> std::optional<std::size_t> {
    if (std::exchange(taken[static_cast<std::size_t>(item)], 1)) return std::nullopt;
    return memo.key_offset(static_cast<std::size_t>(item));
  };
  auto byte = [&](int item, const Value& v) -> std::int16_t {
    auto b = memo.key_byte(static_cast<std::size_t>(item), v);
    return b ? *b : std::int16_t{-1};
  };
  for (const auto& k : m.constants) {
    auto at = offset(k.item);
    std::int16_t b = byte(k.item, k.value);
    if (!at || b < 0) return std::nullopt;
    p.blank_[*at] = static_cast<char>(b);
  }
  for (const auto& cm : m.columns) {
    auto at = offset(cm.item);
    if (!at) return std::nullopt;
    p.column_offset_.push_back(*at);
    auto& bytes = p.column_byte_.emplace_back();
    for (const auto& code : cm.codes) bytes.push_back(byte(cm.item, code.value));
  }
  for (const auto& fi : m.flags) {
    auto at = offset(fi.item);
    std::size_t codes = items[static_cast<std::size_t>(fi.item)].codes.size();
    if (!at || codes > 8) return std::nullopt;
    p.flag_offset_.push_back(*at);
    p.flag_unknown_.push_back(byte(fi.item, Value::none()));
    auto& bytes = p.flag_byte_.emplace_back();
    for (std::uint64_t bits = 0; bits < (std::uint64_t{1} << codes); ++bits) bytes.push_back(byte(fi.item, Value::of_set(bits)));
  }
  return p;
}

std::int16_t MappedMemoKeys::cell_byte(const BoundMapping& bound, std::size_t k, std::string_view cell) const {
  std::int16_t slot = bound.code_of_cell(k, cell);
  // Not known: the key keeps its byte for no answer.
  if (slot == BoundMapping::missing_cell) return static_cast<unsigned char>(blank_[column_offset_[k]]);
  return slot < 0 ? std::int16_t{-1} : column_byte_[k][static_cast<std::size_t>(slot)];
}

std::vector<MappedMemoKeys::Column> MappedMemoKeys::columns(const BoundMapping& bound) const {
  std::vector<Column> columns(column_offset_.size());
  for (std::size_t k = 0; k < columns.size(); ++k) {
    Column& c = columns[k];
    c.at = static_cast<std::uint32_t>(bound.column_at(k));
    c.offset = static_cast<std::uint32_t>(column_offset_[k]);
    c.byte.fill(-1);  // two bytes, one neither a digit nor a minus sign: no integer, not keyed
    for (std::size_t b = 0; b < 256; ++b) {
      const char cell = static_cast<char>(b);
      c.byte[b] = cell_byte(bound, k, {&cell, 1});
    }
    for_each_int_pair([&](std::size_t place, std::string_view cell) { c.byte[256 + place] = cell_byte(bound, k, cell); });
  }
  return columns;
}

// What apply() does for rows it takes without a message, writing key bytes instead of answers.
bool MappedMemoKeys::key(const BoundMapping& bound, const std::vector<Column>& columns, const std::vector<CsvField>& row,
                         int line, TextKind text, std::string& key, std::string_view& label, int& actual,
                         std::vector<Diagnostic>& scratch) const {
  if (!bound.plain(row, line, text, scratch)) return false;
  key = blank_;
  const CsvField* cells = row.data();
  for (const Column& c : columns) {
    std::string_view v = cells[c.at].text;
    std::size_t n = v.size();
    std::int16_t b;
    if (n - 1 < 2) {  // one byte or two
      auto b0 = static_cast<unsigned char>(v[0]), b1 = static_cast<unsigned char>(v[n - 1]);
      std::size_t two = 256 + 12u * int_cell_byte[b0] + int_cell_byte[b1];
      std::size_t one = 0 - (n & 1);  // all ones for one byte: chosen by masks, not a branch
      b = c.byte[two ^ ((two ^ b0) & one)];
    } else {
      b = cell_byte(bound, static_cast<std::size_t>(&c - columns.data()), v);
    }
    if (b < 0) return false;
    key[c.offset] = static_cast<char>(b);
  }
  for (std::size_t f = 0; f < flag_offset_.size(); ++f) {
    auto bits = bound.flag_set(row, line, f, text, scratch);
    std::int16_t b = bits ? flag_byte_[f][*bits] : flag_unknown_[f];
    if (b < 0 || !scratch.empty()) return false;
    key[flag_offset_[f]] = static_cast<char>(b);
  }
  actual = bound.actual_of(row);
  if (actual == BoundMapping::unknown_level) return false;
  label = bound.case_cell(row);
  if (!label.empty() && !case_id_problem(label).empty()) return false;  // apply() says why
  return true;
}

}  // namespace carepath
