#include "util/csv.hpp"

#include <cstring>

#include "util/text.hpp"

namespace carepath {

bool CsvReader::next(std::vector<CsvField>& fields) {
  fields.clear();
  error_.clear();
  if (pos_ >= text_.size()) return false;
  row_ = (row_ + 1) % unescaped_.size();
  used_ = 0;
  row_line_ = line_;
  std::size_t line_start = pos_;
  const char* s = text_.data();
  const std::size_t n = text_.size();
  while (true) {
    CsvField f;
    f.col = static_cast<int>(pos_ - line_start) + 1;
    if (pos_ < n && s[pos_] == '"') {
      std::size_t start = ++pos_;
      bool doubled = false;
      while (true) {
        const void* q = std::memchr(s + pos_, '"', n - pos_);
        if (!q) {
          error_ = "a quoted field is not closed";
          pos_ = n;
          break;
        }
        pos_ = static_cast<std::size_t>(static_cast<const char*>(q) - s);
        if (pos_ + 1 < n && s[pos_ + 1] == '"') {
          doubled = true;
          pos_ += 2;
          continue;
        }
        break;
      }
      std::string_view raw(s + start, (pos_ < n ? pos_ : n) - start);
      for (char c : raw) line_ += c == '\n';
      if (pos_ < n) ++pos_;  // the closing quote
      if (doubled) {
        std::deque<std::string>& pool = unescaped_[row_];
        if (used_ == pool.size()) pool.emplace_back();
        std::string& u = pool[used_++];
        u.clear();
        for (std::size_t i = 0; i < raw.size(); ++i) {
          u += raw[i];
          if (raw[i] == '"') ++i;
        }
        raw = u;
      }
      f.text = raw;
      // Anything between the closing quote and the next separator is kept out of the field.
      while (pos_ < n && s[pos_] != ',' && s[pos_] != '\n') ++pos_;
    } else {
      std::size_t start = pos_;
      while (pos_ < n && s[pos_] != ',' && s[pos_] != '\n') ++pos_;
      std::size_t end = pos_;
      if (end > start && s[end - 1] == '\r' && (pos_ == n || s[pos_] == '\n')) --end;
      f.text = std::string_view(s + start, end - start);
    }
    fields.push_back(f);
    if (pos_ >= n) break;
    if (s[pos_] == '\n') {
      ++pos_;
      ++line_;
      break;
    }
    ++pos_;  // the comma
  }
  return true;
}

std::string csv_row(const std::vector<std::string>& fields) {
  std::string out;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i) out += ',';
    out += csv_field(fields[i]);
  }
  return out;
}

}  // namespace carepath
