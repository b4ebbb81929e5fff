#pragma once
// A small streaming JSON writer: compact (JSON Lines) or indented (for people).
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "util/staged_output.hpp"

namespace carepath {

// A key written in the source, checked when compiled to need no escaping: it is copied as it
// stands (a JSON result has a hundred such keys, and testing each costs more than writing it).
class JsonKey {
 public:
  template <std::size_t N>
  consteval JsonKey(const char (&k)[N]) : text_(k, N - 1) {  // NOLINT: implicit, for w.key("id")
    if (N > 61) throw "a JSON key in the source longer than 60 characters";
    for (char c : text_)
      if (c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20) throw "a JSON key in the source that needs escaping";
  }
  std::string_view text() const { return text_; }

 private:
  std::string_view text_;
};

class JsonWriter {
 public:
  explicit JsonWriter(bool pretty) : pretty_(pretty), out_(own_) {}
  // Appends to `out` instead of a string of its own (batch output: one buffer for many results).
  // What is written reaches `out` by str() or when the writer is destroyed.
  JsonWriter(bool pretty, std::string& out) : pretty_(pretty), out_(out) {}
  JsonWriter(const JsonWriter&) = delete;
  JsonWriter& operator=(const JsonWriter&) = delete;
  JsonWriter& begin_object();
  // An object whose fields up to and including its last key are already encoded (compact):
  // what comes next is that key's value.
  JsonWriter& begin_object_raw(std::string_view head);
  JsonWriter& end_object();
  JsonWriter& begin_array();
  JsonWriter& end_array();
  JsonWriter& key(JsonKey k);
  // Any other key (from the content, or built), escaped as it needs.
  template <class S>
  requires(std::is_convertible_v<const S&, std::string_view> && !std::is_array_v<S>) JsonWriter& key(const S& k) {
    return key_text(k);
  }
  JsonWriter& value(std::string_view s);
  JsonWriter& value(const char* s) { return value(std::string_view(s)); }
  JsonWriter& value(long long n);
  JsonWriter& value(bool b);
  JsonWriter& null();
  JsonWriter& raw(std::string_view json);  // an already-encoded value
  JsonWriter& strings(const std::vector<std::string>& list);
  const std::string& str() { return out_.target(); }

 private:
  JsonWriter& key_text(std::string_view k);
  void before_value();
  void newline();
  void put_quoted(std::string_view s);
  bool pretty_;
  std::string own_;
  StagedOutput out_;         // a batch writes some two hundred short keys and values a record
  std::vector<char> first_;  // per open container: nothing written yet (not vector<bool>: bit access costs per value)
  bool after_key_ = false;
};

}  // namespace carepath
