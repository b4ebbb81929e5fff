#pragma once
// JSON Lines records (one object a line, the spec's record shape) read with simdjson.
#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "record/record.hpp"

namespace carepath {

// How a plain line is read straight into a typed record (JsonlParser::read_plain): the
// questionnaire's id, item ids and codes as they stand in a line. Built once for a batch.
struct JsonlPlainPlan {
  // A text with its closing quote as it stands in a line, in 64-bit words (zero-filled; the
  // last word's bytes beyond the quote masked off). Never equal when `words` is empty.
  struct Word {
    std::vector<std::uint64_t> words;
    std::uint64_t last_mask = 0;
  };
  // Texts found in a line by a hash of their first word (up to the closing quote), which each
  // slot holds: a lookup costs a few loads from one slot, the same whichever text it finds,
  // where a scan through them would branch differently for each.
  struct Words {
    struct alignas(64) Text {
      // A text and its closing quote in words, with masks for the bytes that count: those of
      // a short text end within the first word, and unused words are masked off altogether,
      // so that every lookup compares all of them without a branch on the text's length.
      static constexpr std::size_t width = 4;
      std::array<std::uint64_t, width> words{}, masks{};
    };
    std::vector<Text> texts;          // by index; a cache line each
    std::vector<std::int16_t> slots;  // open addressing over the first words: index + 1, 0 empty
    int find(const char* raw) const;  // the index of the raw JSON string at `raw`, or -1
    bool is(const char* raw, int i) const;  // whether that string is text i, found without a hash
  };
  Word questionnaire;
  std::vector<Words> codes;  // by item index: choice and multi items' codes
  Words ids;                 // by item index
};
// nullopt when an id cannot be found that way (too long, or holding a quote or backslash).
std::optional<JsonlPlainPlan> jsonl_plain_plan(const Content& content);

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

  // The typed record of a line, for a record that parse() and validate_answers() would take
  // without a message and with nothing to unescape. False otherwise: parse() then does the work.
  bool read_plain(std::string_view line, const Content& content, const JsonlPlainPlan& plan, Record& rec);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

extern const std::size_t jsonl_padding;

}  // namespace carepath
