#pragma once
// JSON Lines records (one object a line, the spec's record shape) read with simdjson.
#include <memory>
#include <string>
#include <string_view>

#include "record.hpp"

namespace carepath {

class JsonlParser {
 public:
  JsonlParser();
  ~JsonlParser();
  JsonlParser(const JsonlParser&) = delete;
  JsonlParser& operator=(const JsonlParser&) = delete;

  // Parses one line into a raw record, reusing the buffers of `into`. `line` must be followed
  // in memory by at least jsonl_padding readable bytes (simdjson reads ahead). Syntax errors
  // become record errors.
  void parse(std::string_view line, const std::string& file, int line_no, RawRecord& into);

  // Walks every value of the line without building a record (the parse-only floor); false on
  // a syntax error.
  bool walk(std::string_view line);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

extern const std::size_t jsonl_padding;

}  // namespace carepath
