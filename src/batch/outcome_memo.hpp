#pragma once
// Outcome memo for batch scoring. The decision tables (expr_table.hpp) class every answer by
// what the conditions can tell apart: `prior_treatment_episodes >= 2` sees 0 and 1 alike. Two
// records whose answers fall into the same classes for every table, that answer the same
// items, and that agree exactly wherever no table decides, are checked and scored alike: each
// table gives the same cell, so each fact, rule and score comes out the same. A large batch
// meets a few tens of thousands of such keys again and again, so a record whose key was seen
// before copies that outcome instead of running the rules.
//
// Exactly alike are only what a decision says: errors, levels, setting, flags, medications and
// result scores. The values rationale templates quote are not, so the memo serves the CSV,
// table and summary outputs, never JSON.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lang/expr_table.hpp"
#include "render/result_output.hpp"

namespace carepath {

class OutcomeMemo {
 public:
  // The outcomes remembered. The workers of a batch share one, each with a memo of its own: a
  // key one worker scored is a hit for the others. Lookups take no lock, writes take a mutex;
  // outcome_memo.cpp says why that is free of data races.
  struct Table;
  // With `table` nullptr, a table of its own; else the table() of another memo of the same
  // engine. `probation`: keep nothing until a window of lookups shows that keys repeat (see
  // window below); false keeps outcomes from the first record on.
  explicit OutcomeMemo(const Engine& engine, std::shared_ptr<Table> table = nullptr, bool probation = true);
  OutcomeMemo(const OutcomeMemo&) = delete;  // dense_ points into parts_
  OutcomeMemo& operator=(const OutcomeMemo&) = delete;
  std::shared_ptr<Table> table() const { return table_; }

  // What a record got. `result` is o.result or a copy kept in the table (the fields a decision
  // consists of are the same); nullptr when o has errors. `columns`: its CSV result columns.
  // Both stay valid until the next call.
  struct Scored {
    const Result* result = nullptr;
    const std::string* columns = nullptr;   // nullptr while the memo rests: not written ahead
    const CsvMessages* messages = nullptr;  // of o.errors, when they are a remembered outcome's
    // The remembered outcome's number, below max_decisions and the same for every record given
    // it (for a caller that derives something from it once, see BatchWorker::KnownRow), or
    // not_remembered.
    std::uint32_t decision = not_remembered;
  };
  static constexpr std::uint32_t not_remembered = ~std::uint32_t{0};

  // Checks which items apply and scores o.record (whose o.errors is empty), or takes both from
  // an earlier record with the same key; errors go to o.errors, placed at `where`.
  // `looked_up`: find() has just missed this record's key, which find() was given (the caller's
  // key, say of a mapped row's cells, must be the key of o.record): it is not made, looked up or
  // counted again.
  Scored score(Outcome& o, const Pos& where, bool looked_up = false);
  // The same for a raw record, validated first (score_record's work).
  Scored score(const RawRecord& raw, Outcome& o);

  // Keys built by the caller from what it knows of the answers (a mapped table's cells, see
  // memo_keys.hpp): the key of a record with no answer, the place of an item's byte in it, and
  // the byte of one answer; nullopt when the item takes more than a byte, or the answer none
  // (the record must then go through score()).
  const std::string& blank_key() const { return blank_; }
  std::optional<std::size_t> key_offset(std::size_t item) const;
  std::optional<std::uint8_t> key_byte(std::size_t item, const Value& v) const;
  // Looks such a key up; when it is known, sets o.errors (placed at `where`) and gives what
  // score() would. When it is not, o.errors is left empty. `hash`: what prefetch(key) gave, or
  // 0 (it is then worked out again).
  std::optional<Scored> find(std::string_view key, Outcome& o, const Pos& where, std::uint64_t hash = 0);
  // Starts bringing the part of the table find(key) reads into the cache, for a caller that
  // knows keys a few records ahead: the table is larger than the cache, and a lookup of a slot
  // not in it waits on memory (15% of the time of a TEDS-A year, before this was called).
  // Gives the key's hash, for find(), or 0 when find() will not look in the table.
  std::uint64_t prefetch(std::string_view key) const;
  // The key score() gives a record (empty when it gives none), for tests.
  std::string key_of(const Record& rec);

  std::uint64_t hits() const { return hits_; }
  std::uint64_t misses() const { return misses_; }
  // Records score() checked and scored afresh without a key, while the memo rested.
  std::uint64_t rested() const { return rested_; }
  // Records scored afresh while on probation (counted among the misses too).
  std::uint64_t on_probation() const { return on_probation_; }

  // On records that do not repeat (a clinic's own intakes), keys and remembered outcomes cost
  // a fifth of the scoring and save nothing: after a window of lookups of which fewer than one
  // in `few` hit, score() rests (scores afresh, keys nothing) for `first_rest` records, then
  // looks again, resting twice as long each time it finds the same. (Distinct clinic records
  // hit none in a window; a TEDS-A table, where the memo pays, one in four.) A short window, as
  // each outcome it remembers costs a copy and fresh pages: with 4,096, distinct records took
  // 9,000 page faults a run instead of 5,000, and some 10% longer with two jobs.
  // On probation (a new memo, and one looking again after a rest) nothing is kept: a window
  // notes its keys' hashes and counts a key noted before as a hit. Once a window shows that
  // keys repeat, the memo keeps outcomes, and so does every memo sharing its table from then
  // on (the stream is the same); distinct records never write the table at all.
  static constexpr std::uint64_t window = 1024, few = 64, first_rest = 1 << 15;

 private:
  // How one answer goes into the key, in a byte: by whether it is known; by the classes of
  // every table that reads it at once (an id per distinct combination, from a dense array, or
  // for a list by which of the codes tables test it holds); by its place among the values it
  // can take, where no table decides; or, with none of those, by its whole value (9 bytes).
  struct Part {
    enum class How : std::uint8_t { known, classes, bits, value } how = How::known;
    std::size_t item = 0;
    Kind kind = Kind::unknown;
    std::int64_t lo = 0;
    std::uint8_t unknown_id = 0, below_id = 0, above_id = 0;
    std::vector<std::uint8_t> ids;  // by value - lo, or bits: by the tested bits held; `refused`: no id
    std::vector<int> bits;          // bits: the tested bit positions (at most max_bits)
  };
  static constexpr std::uint8_t refused = 255;
  static std::optional<Part> combine(std::size_t item, const std::vector<ExprTable::Input>& ins);
  static std::optional<Part> by_domain(std::size_t item, const std::vector<Value>& domain);

  struct Decision {
    std::vector<std::string> errors;
    CsvMessages csv_errors;
    Result result;
    std::string csv;
  };
  // Then nothing more is remembered, so that memory stays flat (a decision holds a whole result).
  // A TEDS-A-shaped year whose columns are drawn each on its own meets some 65,000 keys; a
  // slot is a 64-byte line with that questionnaire, so the table takes at most 16 MiB.
  static constexpr std::size_t max_keys = 3 << 16;

 public:
  static constexpr std::size_t max_decisions = 1 << 12;

 private:
  // The classes parts, most of a key, in a form their loop reads without branching on `how`.
  struct Dense {
    std::size_t item;
    Kind kind;
    std::uint8_t unknown_id, below_id, above_id;
    std::int64_t lo;
    std::uint64_t span;
    const std::uint8_t* ids;  // into the part's own ids
  };

  static Dense dense_of(const Part& p) {
    return {p.item, p.kind, p.unknown_id, p.below_id, p.above_id, p.lo, p.ids.size(), p.ids.data()};
  }
  static int byte_of(const Dense& d, const Value& v);  // -1: none
  static int byte_of(const Part& p, const Value& v);   // known and bits parts
  static void put_value(char* out, const Value& v);    // value parts
  bool make_key(const Record& rec);
  static std::uint64_t hash_of(const char* key, std::size_t bytes);
  std::uint64_t key_hash() const { return hash_of(key_.data(), key_bytes_); }
  std::shared_ptr<Table> new_table() const;
  // The slot holding `key` (key_bytes_ of it), or the empty one where it would go; `held`: what
  // it holds (0: empty).
  char* probe(std::uint64_t hash, const char* key, std::uint64_t& held) const;
  Scored hit(std::uint64_t held, Outcome& o, const Pos& where);
  void set_errors(Outcome& o, std::size_t n);  // n errors, their strings to be assigned
  // The number of the decision kept, or not_remembered when the table is full.
  std::uint32_t remember(const Outcome& o, std::uint64_t hash);
  Scored remembered(std::uint32_t decision, bool ok) const;

  const Engine& engine_;
  std::vector<Part> parts_;  // one per item
  std::vector<Dense> dense_;
  std::vector<const Part*> other_;  // the parts that are not classes
  std::size_t key_bytes_ = 0;
  std::vector<std::ptrdiff_t> offset_;  // by item: where its byte is, -1 for a value part
  std::string key_, blank_, decision_key_, columns_, scratch_;
  std::shared_ptr<Table> table_;
  std::vector<Diagnostic> spare_;  // see set_errors()
  std::uint64_t hits_ = 0, misses_ = 0, rested_ = 0, on_probation_ = 0;
  std::uint64_t window_lookups_ = 0, window_hits_ = 0, resting_ = 0, rest_ = first_rest;
  bool probation_;
  std::vector<std::uint64_t> seen_;  // on probation: the window's key hashes (0: an empty slot)
  bool noted_before(std::uint64_t hash);
  bool still_on_probation();
  void count_lookup(bool hit);
  Scored own(const Outcome& o);  // o's own result and its columns
};

}  // namespace carepath
