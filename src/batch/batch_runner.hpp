#pragma once
// BatchRunner's inside, shared by its three parts: reading and scheduling (batch.cpp), the
// workers' scoring (batch_work.cpp), and output in input order with progress (batch_output.cpp).
#include <array>
#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "batch/batch.hpp"
#include "batch/batch_pipeline.hpp"
#include "batch/memo_keys.hpp"
#include "batch/outcome_memo.hpp"
#include "record/jsonl.hpp"
#include "util/csv.hpp"

namespace carepath {

// The table's columns: case_id, source, status, emergency, setting, primary_level, alternative,
// pathway, flags or error.
constexpr std::size_t table_columns = 9;
using TableRow = std::array<std::string, table_columns>;

// What a worker needs to know about the file a batch came from.
struct FileInfo {
  std::string name;
  InputFormat format = InputFormat::yaml;
  std::size_t width = 0;          // CSV: fields in the header
  std::vector<int> item_at;       // plain CSV: item index by column, -1 for case_id
  std::unique_ptr<BoundMapping> mapping;
  bool plain_name = false;  // CSV: the name needs no quotes in a CSV cell (see KnownRow)
  PaddedText source_cell;   // CSV: "," name ":", what a row's source starts with after its label
  std::vector<MappedMemoKeys::Column> key_columns;  // mapped, with a memo: MappedMemoKeys::columns()
};

struct Batch : BatchWork {
  explicit Batch(const RuleSet& rules) : summary(rules) {}
  std::shared_ptr<const FileInfo> file;
  // CSV or JSON Lines text, followed by jsonl_padding spare bytes: simdjson's, and enough for a
  // StagedOutput::put_padded() of a cell in it (score_csv_row).
  std::string text;
  std::size_t text_size = 0;
  int first_line = 1;
  std::vector<RawRecord> raws;    // YAML records read by the reader
  std::vector<std::string> paths; // small YAML files read by the worker
  std::size_t bytes = 0;
  std::string out;
  std::vector<TableRow> table;
  Summary summary;
  std::unique_ptr<BatchObserver::Part> observed;  // with BatchOptions::observer
  std::size_t parsed = 0;
};

// Chunk and output buffers are handed back after a batch is written and reused for the next,
// rather than freed and allocated again: fresh memory costs a page fault per 4 KiB.
class BufferPool {
 public:
  std::string take();
  void give(std::string&& s);

 private:
  std::mutex mu_;
  std::vector<std::string> free_;
};

// What one worker thread keeps from batch to batch, owned by the run and used by that worker
// only: its memo (sharing the run's table of outcomes), its parser, and records and outcomes
// whose strings keep their buffers.
struct BatchWorker {
  std::unique_ptr<OutcomeMemo> memo;  // nullptr when the run keeps no memo
  JsonlParser parser;
  RawRecord raw;
  Outcome outcome;  // records read whole (YAML, JSON Lines, plain CSV)
  Outcome plain;    // JSON Lines records read by JsonlParser::read_plain, which leaves text answers be
  Outcome mapped;   // mapped rows: apply() writes every field it reads
  Outcome keyed;    // mapped rows taken from the memo by their key: no record is built
  MappedRow row;
  // CSV rows read ahead of their scoring (see work_csv), with what their cells give the memo.
  struct CsvRow {
    std::vector<CsvField> cells;
    bool skip = false;  // nothing to score: a blank line, or a parse-only run
    int line = 0;
    std::string error;   // the reader's
    bool keyed = false;  // key, label and actual hold the row's
    std::string key;
    std::uint64_t hash = 0;  // the memo's prefetch() gave it, for find()
    std::string_view label;
    int actual = -1;
  };
  std::array<CsvRow, 8> ahead;
  std::vector<Diagnostic> scratch;
  // What an accepted CSV row the memo knows counts and writes, by the memo's decision number,
  // made the first time this worker meets the decision (BatchRunner::Impl::known_row): such a
  // row (most rows of a large table) is then its label, source and actual level around a text
  // made once, and counted from its outcome's shape, with no read of the remembered result.
  // Kept in arrays of the worker's own, in the order the outcomes were first met, so that the
  // frequent ones lie together.
  struct KnownRow {
    std::size_t level, setting;  // of its Summary::Shape
    bool emergency;
    std::uint32_t ints, flags, missing;      // in known_ints: its shape's flags, then missing items
    std::uint32_t text, before_actual, end;  // in known_text: the row after its source
    Summary::Shape shape(const std::vector<int>& known_ints) const {
      const int* at = known_ints.data() + ints;
      return {level, setting, emergency, {at, flags}, {at + flags, missing}};
    }
  };
  std::vector<std::uint32_t> known_at;  // by decision: 0, or 1 + its index in `known`
  std::vector<KnownRow> known;
  std::vector<int> known_ints, flags_scratch;
  std::string known_text;  // the actual level (if the mapping gives it) left out
  // How many rows each known row wrote, by actual placement (by index in `known` * actual_slots
  // + the placement's code + 1): added to the run's counts when it ends, rather than each row's
  // shape to its batch's counts as it came (5% of a TEDS-A year's time, on branches over each
  // outcome's flags, missing items and placement).
  std::vector<std::size_t> known_tally;
};

struct BatchRunner::Impl {
  BatchRunner& self;
  const Engine& engine;
  const Content& content;
  const BatchOptions& opt;
  std::size_t total_bytes = 0, done_bytes = 0;
  std::chrono::steady_clock::time_point last_progress;
  std::array<std::size_t, table_columns> widths{};
  bool table_started = false;
  bool progress_on = false;
  BufferPool buffers;
  std::string constant_ids;  // the mapping's constants, as the CSV column shows them
  // The actual_level column, with its comma, by actual placement code + 1 (ActualPlacement;
  // -1: not given): the mapping's codes only, worked out once, not with two divisions a row.
  std::vector<PaddedText> actual_cells;
  std::size_t actual_slots = 1;  // actual placement codes + 1 (for none): actual_cells' size
  // Set before the workers start. No memo for JSON output, whose rationales quote answers the
  // memo does not key on, for a parse-only run, nor with an observer (it needs whole records).
  std::shared_ptr<OutcomeMemo> memo;                // holds the table the workers' memos share
  std::optional<MappedMemoKeys> mapped_keys;        // with a mapping and a memo
  std::optional<JsonlPlainPlan> jsonl_plan;         // with JSON Lines input to score
  std::optional<ResultJsonParts> json_parts;        // with JSON Lines output
  std::vector<std::unique_ptr<BatchWorker>> workers;  // by OrderedPool's worker number

  explicit Impl(BatchRunner& s);
  void run(const std::vector<BatchInput>& inputs);

  // batch.cpp: reading, on the caller's thread
  std::unique_ptr<Batch> new_batch(const std::shared_ptr<const FileInfo>& f);
  std::shared_ptr<FileInfo> csv_header(const std::string& name, std::string_view text, std::size_t& used, int& line);
  void read_chunked(OrderedPool& pool, const BatchInput& in);
  void read_yaml_stream(OrderedPool& pool, const BatchInput& in);

  // batch_work.cpp: the workers
  void work(Batch& b, BatchWorker& w);
  void work_csv(Batch& b, BatchWorker& w);
  void work_jsonl(Batch& b, BatchWorker& w);
  void work_yaml_files(Batch& b, BatchWorker& w);
  void score_raw(Batch& b, BatchWorker& w, const RawRecord& raw);
  // Checks and scores a typed record (o.errors empty) through the worker's memo, if it has one.
  // `looked_up`: the memo's find() has just missed its key.
  OutcomeMemo::Scored score_typed(BatchWorker& w, Outcome& o, const Pos& where, bool looked_up = false);
  void score_csv_row(Batch& b, BatchWorker& w, BatchWorker::CsvRow& row, TextKind kind, Pos& where, StagedOutput& out);
  void score_mapped(Batch& b, BatchWorker& w, const BatchWorker::CsvRow& row, TextKind kind);
  // `s`: what the memo gave an accepted row, with its columns and decision number.
  const BatchWorker::KnownRow& known_row(Batch& b, BatchWorker& w, const OutcomeMemo::Scored& s) const;
  void add_known_counts(const BatchWorker& w);  // its known_tally, to the run's counts
  RawRecord raw_from_csv(const FileInfo& f, const std::vector<CsvField>& row, int line) const;

  // batch_output.cpp: what a record gives, and output in input order
  // `memo`: what the memo gave for o, if it was asked (its result stands for o.result).
  void finish_record(Batch& b, Outcome& o, int actual, OutcomeMemo::Scored memo);
  void add_batch_fields(std::string& out, const Record& rec, const Result* r, int actual) const;
  void add_batch_columns(StagedOutput& out, bool ok, const Result& r, int actual) const;
  void add_actual_column(StagedOutput& out, int actual) const;             // the first of them
  void add_batch_tail(StagedOutput& out, bool ok, const Result& r) const;  // the others
  std::string batch_csv_header() const;
  TableRow table_row(const Outcome& o, const Result& r) const;
  void emit(Batch& b);
  void start_table(const std::vector<TableRow>* first);
  std::string table_line(const TableRow& row) const;
  void show_progress(bool last);
};

}  // namespace carepath
