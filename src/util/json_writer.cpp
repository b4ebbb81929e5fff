#include "util/json_writer.hpp"

#include <charconv>
#include <cstdint>
#include <cstring>

#include "util/text.hpp"

namespace carepath {

namespace {

// Copies n <= 16 bytes with a few loads and stores that may overlap, not a call to memcpy.
inline void copy_short(char* to, const char* from, std::size_t n) {
  if (n >= 8) {
    std::uint64_t a, b;
    std::memcpy(&a, from, 8);
    std::memcpy(&b, from + n - 8, 8);
    std::memcpy(to, &a, 8);
    std::memcpy(to + n - 8, &b, 8);
  } else if (n >= 4) {
    std::uint32_t a, b;
    std::memcpy(&a, from, 4);
    std::memcpy(&b, from + n - 4, 4);
    std::memcpy(to, &a, 4);
    std::memcpy(to + n - 4, &b, 4);
  } else if (n > 0) {
    to[0] = from[0];
    to[n / 2] = from[n / 2];
    to[n - 1] = from[n - 1];
  }
}

}  // namespace

void JsonWriter::flush() {
  out_->append(stage_, staged_);
  staged_ = 0;
}

void JsonWriter::put(std::string_view s) {
  if (s.size() > stage_size - staged_) {
    flush();
    if (s.size() > stage_size) {
      out_->append(s);
      return;
    }
  }
  if (s.size() <= 16)
    copy_short(stage_ + staged_, s.data(), s.size());
  else
    std::memcpy(stage_ + staged_, s.data(), s.size());
  staged_ += s.size();
}

void JsonWriter::put_quoted(std::string_view s) {
  if (s.size() + 2 > stage_size || !json_plain(s)) {  // long, or with something to escape
    flush();
    append_json_quoted(*out_, s);
    return;
  }
  if (s.size() + 2 > stage_size - staged_) flush();
  stage_[staged_] = '"';
  if (s.size() <= 16)
    copy_short(stage_ + staged_ + 1, s.data(), s.size());
  else
    std::memcpy(stage_ + staged_ + 1, s.data(), s.size());
  staged_ += s.size() + 2;
  stage_[staged_ - 1] = '"';
}

void JsonWriter::newline() {
  if (!pretty_) return;
  put('\n');
  for (std::size_t k = 0; k < first_.size(); ++k) put("  ");
}

void JsonWriter::before_value() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (first_.empty()) return;
  if (!first_.back()) put(',');
  first_.back() = false;
  newline();
}

JsonWriter& JsonWriter::begin_object() {
  before_value();
  put('{');
  first_.push_back(true);
  return *this;
}

JsonWriter& JsonWriter::begin_object_raw(std::string_view head) {
  before_value();
  put(head);
  first_.push_back(false);
  after_key_ = true;
  return *this;
}

JsonWriter& JsonWriter::end_object() {
  bool empty = first_.back();
  first_.pop_back();
  if (!empty) newline();
  put('}');
  return *this;
}

JsonWriter& JsonWriter::begin_array() {
  before_value();
  put('[');
  first_.push_back(true);
  return *this;
}

JsonWriter& JsonWriter::end_array() {
  bool empty = first_.back();
  first_.pop_back();
  if (!empty) newline();
  put(']');
  return *this;
}

JsonWriter& JsonWriter::key(JsonKey k) {
  before_value();
  const std::size_t n = k.text().size();  // at most 60: it fits with its quotes, colon and space
  if (n + 4 > stage_size - staged_) flush();
  char* at = stage_ + staged_;
  at[0] = '"';
  if (n <= 16)
    copy_short(at + 1, k.text().data(), n);
  else
    std::memcpy(at + 1, k.text().data(), n);
  at[n + 1] = '"';
  at[n + 2] = ':';
  at[n + 3] = ' ';
  staged_ += n + (pretty_ ? 4 : 3);
  after_key_ = true;
  return *this;
}

JsonWriter& JsonWriter::key_text(std::string_view k) {
  before_value();
  put_quoted(k);
  put(':');
  if (pretty_) put(' ');
  after_key_ = true;
  return *this;
}

JsonWriter& JsonWriter::value(std::string_view s) {
  before_value();
  put_quoted(s);
  return *this;
}

JsonWriter& JsonWriter::value(long long n) {
  before_value();
  char digits[24];
  put(std::string_view(digits, static_cast<std::size_t>(std::to_chars(digits, digits + sizeof digits, n).ptr - digits)));
  return *this;
}

JsonWriter& JsonWriter::value(bool b) {
  before_value();
  put(b ? std::string_view("true") : std::string_view("false"));
  return *this;
}

JsonWriter& JsonWriter::null() {
  before_value();
  put("null");
  return *this;
}

JsonWriter& JsonWriter::raw(std::string_view json) {
  before_value();
  put(json);
  return *this;
}

JsonWriter& JsonWriter::strings(const std::vector<std::string>& list) {
  begin_array();
  for (const auto& s : list) value(s);
  return end_array();
}

}  // namespace carepath
