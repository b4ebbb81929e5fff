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

// What apply() does for rows it takes without a message, writing key bytes instead of answers.
bool MappedMemoKeys::key(const BoundMapping& bound, const std::vector<CsvField>& row, int line, TextKind text, std::string& key,
                         std::string_view& label, int& actual, std::vector<Diagnostic>& scratch) const {
  if (!bound.plain(row, line, text, scratch)) return false;
  key = blank_;
  for (std::size_t k = 0; k < column_offset_.size(); ++k) {
    std::int16_t slot = bound.code_of(row, k);
    if (slot == BoundMapping::missing_cell) continue;
    if (slot < 0) return false;
    std::int16_t b = column_byte_[k][static_cast<std::size_t>(slot)];
    if (b < 0) return false;
    key[column_offset_[k]] = static_cast<char>(b);
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
