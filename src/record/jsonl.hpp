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

class OutcomeMemo;

// How the outcome memo's key (outcome_memo.hpp) is read straight off a JSON record: the key of a
// record with no answer, and for each item the place of its byte and the byte of each answer
// it may take. Built once for a batch; the same for every memo of one engine.
struct JsonlKeyPlan {
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
  };
  struct ItemKey {
    Words codes;                     // choice, multi
    std::ptrdiff_t offset = -1;      // its byte's place; -1: memo->put() places an answer
    std::vector<std::int16_t> byte;  // with an offset: the byte of each answer, -1 for none.
                                     // choice: by code; boolean: no, yes; multi: by set of
                                     // code bits; integer, points: by value - lo
    std::int64_t lo = 0;
  };
  std::shared_ptr<const OutcomeMemo> memo;  // the answers no table of bytes holds
  std::string blank;
  Word questionnaire;
  std::vector<ItemKey> items;        // by item index
  Words ids;                         // by item index
};
std::optional<JsonlKeyPlan> jsonl_key_plan(const Content& content, std::shared_ptr<const OutcomeMemo> memo);

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

  // The memo key of a line and its typed record, for a record that parse() and
  // validate_answers() would take without a message and with nothing to unescape. False
  // otherwise: parse() then does the work.
  bool key(std::string_view line, const Content& content, const JsonlKeyPlan& plan, std::string& key, Record& rec);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

extern const std::size_t jsonl_padding;

}  // namespace carepath
