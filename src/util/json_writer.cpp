#include "util/json_writer.hpp"

#include "util/text.hpp"

namespace carepath {

void JsonWriter::put_quoted(std::string_view s) {
  if (s.size() + 2 > StagedOutput::size || !json_plain(s)) {  // long, or with something to escape
    append_json_quoted(out_.target(), s);
    return;
  }
  char* at = out_.room(s.size() + 2);
  at[0] = '"';
  StagedOutput::copy(at + 1, s.data(), s.size());
  at[s.size() + 1] = '"';
  out_.commit(s.size() + 2);
}

void JsonWriter::newline() {
  if (!pretty_) return;
  out_.put('\n');
  for (std::size_t k = 0; k < first_.size(); ++k) out_.put("  ");
}

void JsonWriter::before_value() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (first_.empty()) return;
  if (!first_.back()) out_.put(',');
  first_.back() = false;
  newline();
}

JsonWriter& JsonWriter::begin_object() {
  before_value();
  out_.put('{');
  first_.push_back(true);
  return *this;
}

JsonWriter& JsonWriter::begin_object_raw(std::string_view head) {
  before_value();
  out_.put(head);
  first_.push_back(false);
  after_key_ = true;
  return *this;
}

JsonWriter& JsonWriter::end_object() {
  bool empty = first_.back();
  first_.pop_back();
  if (!empty) newline();
  out_.put('}');
  return *this;
}

JsonWriter& JsonWriter::begin_array() {
  before_value();
  out_.put('[');
  first_.push_back(true);
  return *this;
}

JsonWriter& JsonWriter::end_array() {
  bool empty = first_.back();
  first_.pop_back();
  if (!empty) newline();
  out_.put(']');
  return *this;
}

JsonWriter& JsonWriter::key(JsonKey k) {
  before_value();
  const std::size_t n = k.text().size();  // at most 60: it fits with its quotes, colon and space
  char* at = out_.room(n + 4);
  at[0] = '"';
  StagedOutput::copy(at + 1, k.text().data(), n);
  at[n + 1] = '"';
  at[n + 2] = ':';
  at[n + 3] = ' ';
  out_.commit(n + (pretty_ ? 4 : 3));
  after_key_ = true;
  return *this;
}

JsonWriter& JsonWriter::key_text(std::string_view k) {
  before_value();
  put_quoted(k);
  out_.put(':');
  if (pretty_) out_.put(' ');
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
  out_.put_int(n);
  return *this;
}

JsonWriter& JsonWriter::value(bool b) {
  before_value();
  out_.put(b ? std::string_view("true") : std::string_view("false"));
  return *this;
}

JsonWriter& JsonWriter::null() {
  before_value();
  out_.put("null");
  return *this;
}

JsonWriter& JsonWriter::raw(std::string_view json) {
  before_value();
  out_.put(json);
  return *this;
}

JsonWriter& JsonWriter::strings(const std::vector<std::string>& list) {
  begin_array();
  for (const auto& s : list) value(s);
  return end_array();
}

}  // namespace carepath
