#include "batch/batch.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <unordered_set>

#include "record/anonymity.hpp"
#include "batch/batch_pipeline.hpp"
#include "util/csv.hpp"
#include "util/io.hpp"
#include "record/jsonl.hpp"
#include "util/limits.hpp"
#include "util/row_reader.hpp"
#include "batch/outcome_memo.hpp"
#include "util/text.hpp"

namespace carepath {

namespace fs = std::filesystem;

namespace {

constexpr std::size_t chunk_bytes = 256 * 1024;  // input text per batch
// A JSON result is some 20 times larger than its CSV row: smaller chunks keep the output of
// the batches in flight within the memory budget.
constexpr std::size_t jsonl_out_chunk_bytes = 32 * 1024;
constexpr std::size_t yaml_records_per_batch = 256;
constexpr std::size_t yaml_files_per_batch = 64;
constexpr std::uintmax_t yaml_stream_bytes = 1 << 20;  // larger YAML files are read as streams
constexpr std::uintmax_t progress_bytes = 16 << 20;    // smaller inputs finish before anyone waits

std::optional<InputFormat> format_of(const std::string& path) {
  std::string ext = fs::path(path).extension().string();
  for (auto& ch : ext) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  if (ext == ".yaml" || ext == ".yml" || ext == ".json") return InputFormat::yaml;
  if (ext == ".jsonl" || ext == ".ndjson") return InputFormat::jsonl;
  if (ext == ".csv") return InputFormat::csv;
  return std::nullopt;
}

}  // namespace

std::vector<BatchInput> expand_inputs(const std::vector<std::string>& args, std::optional<InputFormat> forced, bool mapped) {
  std::vector<BatchInput> out;
  for (const auto& a : args) {
    if (a == "-") {
      out.push_back({a, forced.value_or(mapped ? InputFormat::csv : InputFormat::yaml)});
      continue;
    }
    std::error_code ec;
    auto st = fs::status(a, ec);
    if (ec || !fs::exists(st))
      throw Error(exit_no_input, fmt::format("cannot open '{}': {}", a, ec ? ec.message() : "no such file or directory"));
    if (fs::is_directory(st)) {
      std::vector<std::string> files;
      for (const auto& e : fs::directory_iterator(a, ec)) {
        std::string ext = e.path().extension().string();
        if (ext != ".yaml" && ext != ".yml" && ext != ".jsonl") continue;
        std::error_code type_ec;
        // A record file that is a FIFO (which could block forever), a device or a dangling link is
        // refused by name, not skipped without a word.
        if (!e.is_regular_file(type_ec))
          throw Error(exit_no_input,
                      fmt::format("cannot read '{}': {}", e.path().string(),
                                  fs::exists(e.symlink_status()) && !fs::exists(e.status(type_ec)) ? "a dangling symbolic link"
                                                                                                   : "not a regular file"));
        files.push_back(e.path().string());
      }
      if (ec) throw Error(exit_no_input, fmt::format("cannot read directory '{}': {}", a, ec.message()));
      std::sort(files.begin(), files.end());
      for (auto& f : files) out.push_back({f, forced.value_or(*format_of(f))});
      continue;
    }
    auto f = forced ? forced : format_of(a);
    if (!f)
      throw Error(exit_usage, fmt::format("cannot tell the format of '{}' from its name; use --input-format yaml|jsonl|csv", a));
    out.push_back({a, *f});
  }
  return out;
}

namespace {

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
  std::optional<BoundMapping::KeyPlan> key_plan;  // with a mapping and an outcome memo
};

struct Batch : BatchWork {
  explicit Batch(const RuleSet& rules) : summary(rules) {}
  std::shared_ptr<const FileInfo> file;
  std::string text;               // CSV or JSON Lines text, followed by jsonl_padding spare bytes
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
  std::string take() {
    std::lock_guard lock(mu_);
    if (free_.empty()) return {};
    std::string s = std::move(free_.back());
    free_.pop_back();
    s.clear();
    return s;
  }
  void give(std::string&& s) {
    if (s.capacity() > (4u << 20)) return;  // an outsized buffer is not worth its memory
    std::lock_guard lock(mu_);
    if (free_.size() < 4) free_.push_back(std::move(s));
  }

 private:
  std::mutex mu_;
  std::vector<std::string> free_;
};

const TableRow table_head = {"case_id",       "source",      "status",  "emergency",     "",
                             "primary_level", "alternative", "pathway", "flags or error"};

}  // namespace

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
  std::optional<JsonlKeyPlan> jsonl_plan;  // set before the workers start, when they have a memo

  std::string constant_ids;  // the mapping's constants, as the CSV column shows them

  Impl(BatchRunner& s) : self(s), engine(s.engine_), content(s.engine_.content()), opt(s.options_) {
    if (opt.mapping)
      for (const auto& k : opt.mapping->constants)
        (constant_ids.empty() ? constant_ids : constant_ids += '|') +=
            content.questionnaire.items[static_cast<std::size_t>(k.item)].id;
  }

  // Per worker thread, and for this runner only: another runner may have another engine. The
  // workers' memos share the outcomes they remember (shared_memo's table). nullptr for JSON
  // output, whose rationales quote answers the memo does not key on, and for a parse-only run.
  std::shared_ptr<const OutcomeMemo> shared_memo;  // set before the workers start
  const std::uint64_t id = next_id++;
  static inline std::atomic<std::uint64_t> next_id{1};
  OutcomeMemo* memo() const {
    if (!shared_memo) return nullptr;
    thread_local std::uint64_t owner = 0;
    thread_local std::unique_ptr<OutcomeMemo> memo;
    if (owner != id) {
      owner = id;
      memo = std::make_unique<OutcomeMemo>(engine, shared_memo->table());
    }
    return memo.get();
  }

  // ---- workers -------------------------------------------------------------------------

  // `memo`: what the memo gave for o, if it was asked (its result stands for o.result).
  void finish_record(Batch& b, Outcome& o, int actual, OutcomeMemo::Scored memo) {
    const Result& r = memo.result ? *memo.result : o.result;
    // The decision recorded is the record's own, never part of a remembered outcome.
    if (o.ok())
      if (auto d = placement_problem(engine, o.record, r)) o.errors.push_back(*d), memo = {};
    b.summary.add(o, r, actual);
    if (opt.observer) opt.observer->add(*b.observed, o);  // no memo then: o.result is r
    switch (opt.format) {
      case OutputFormat::jsonl: {
        append_result_json(b.out, engine, o, false);
        add_batch_fields(b.out, o.record, o.ok() ? &r : nullptr, actual);
        b.out += '\n';
        break;
      }
      case OutputFormat::csv:
        append_result_csv(b.out, engine, o, r, memo.columns, memo.messages);
        add_batch_columns(b.out, o, r, actual);
        b.out += '\n';
        break;
      case OutputFormat::table: b.table.push_back(table_row(o, r)); break;
      case OutputFormat::summary: break;
    }
  }

  // Fields beyond the contract that only batch input can give: which answers came from a
  // mapping's constants, and the level the table says the person actually went to.
  // `out` ends with the result object just written: its closing brace is taken off and put back.
  void add_batch_fields(std::string& out, const Record& rec, const Result* r, int actual) const {  // r: null for an error
    out.pop_back();
    const auto& items = content.questionnaire.items;
    bool any = false;
    for (std::size_t i = 0; i < rec.from_constant.size(); ++i)
      if (rec.from_constant[i]) {
        out += any ? "," : ",\"constants\":[";
        append_json_quoted(out, items[i].id);
        any = true;
      }
    if (any) out += ']';
    if (opt.mapping && opt.mapping->actual) {
      out += ",\"actual_level\":";
      auto a = ActualPlacement::of(actual, content.rules.levels.size());
      if (a.level >= 0) append_json_quoted(out, content.rules.levels[static_cast<std::size_t>(a.level)].id);
      else out += "null";
    }
    if (r && opt.mapping && opt.mapping->missing_required_unknown) {
      out += ",\"missing_required\":[";
      for (std::size_t k = 0; k < r->missing_required.size(); ++k) {
        if (k) out += ',';
        append_json_quoted(out, items[static_cast<std::size_t>(r->missing_required[k])].id);
      }
      out += ']';
    }
    out += '}';
  }

  // The same fields as CSV columns after the contract's (batch_csv_header() names them): only
  // those the mapping gives. The constants are the mapping's, the same for every scored row.
  void add_batch_columns(std::string& out, const Outcome& o, const Result& r, int actual) const {
    if (!opt.mapping) return;
    if (opt.mapping->actual) {
      auto a = ActualPlacement::of(actual, content.rules.levels.size());
      (out += ',') += a.level >= 0 ? content.rules.levels[static_cast<std::size_t>(a.level)].id : std::string();
    }
    if (!opt.mapping->constants.empty()) {
      out += ',';
      if (o.ok()) out += constant_ids;
    }
    if (opt.mapping->missing_required_unknown) {
      out += ',';
      if (o.ok())
        for (std::size_t k = 0; k < r.missing_required.size(); ++k)
          (k ? out += '|' : out) += content.questionnaire.items[static_cast<std::size_t>(r.missing_required[k])].id;
    }
  }

  std::string batch_csv_header() const {
    std::string h;
    if (!opt.mapping) return h;
    if (opt.mapping->actual) h += ",actual_level";
    if (!opt.mapping->constants.empty()) h += ",constants";
    if (opt.mapping->missing_required_unknown) h += ",missing_required";
    return h;
  }

  TableRow table_row(const Outcome& o, const Result& r) const {
    TableRow row{o.case_id.value_or("-"), o.source, o.ok() ? "ok" : "error"};
    if (o.record.unfinished) row[2] += " (intake not finished)";
    if (o.ok()) {
      auto level = [&](int l) { return l >= 0 ? content.rules.levels[static_cast<std::size_t>(l)].id : std::string("-"); };
      row[3] = r.emergency ? "EMERGENCY" : "-";
      row[4] = content.symbols.name(r.setting);
      row[5] = level(r.primary_level);
      row[6] = level(r.alternative);
      row[7] = join(pathway_ids(engine, r), ">");
      row[8] = join(flag_ids(engine, r), ",");
    } else {
      row[8] = o.errors.front().message + (o.errors.size() > 1 ? fmt::format(" (+{} more)", o.errors.size() - 1) : "");
    }
    return row;
  }

  void score_raw(Batch& b, const RawRecord& raw) {
    thread_local Outcome o;  // one per worker: its record and result keep their buffers
    OutcomeMemo::Scored scored;
    if (OutcomeMemo* m = memo()) scored = m->score(raw, o);
    else score_record(engine, raw, o);
    finish_record(b, o, -1, scored);
  }

  RawRecord raw_from_csv(const FileInfo& f, const std::vector<CsvField>& row, int line) const {
    RawRecord r;
    r.source = fmt::format("{}:{}", f.name, line);
    r.pos = {f.name, line, 0};
    r.answers_present = true;
    auto field = [&](std::string key, std::string value, int col) {
      RawField rf;
      rf.key = std::move(key);
      rf.pos = {f.name, line, col};
      rf.value.shape = RawValue::Shape::scalar;
      rf.value.scalar = std::move(value);
      rf.value.pos = rf.pos;
      return rf;
    };
    // A CSV table of our own items carries no header fields: they are implied.
    r.header.push_back(field("carepath", "1", 0));
    r.header.push_back(field("questionnaire", content.questionnaire.id, 0));
    for (std::size_t k = 0; k < row.size() && k < f.width; ++k)
      if (f.item_at[k] < 0 && !row[k].text.empty()) r.header.push_back(field("case_id", std::string(row[k].text), row[k].col));
    if (row.size() != f.width) {
      r.errors.push_back({r.pos, fmt::format("the row has {} fields; the header has {}", row.size(), f.width)});
      return r;
    }
    for (std::size_t k = 0; k < row.size(); ++k) {
      int item = f.item_at[k];
      if (row[k].text.empty() || item < 0) continue;
      const Item& it = content.questionnaire.items[static_cast<std::size_t>(item)];
      RawField rf = field(it.id, std::string(row[k].text), row[k].col);
      if (it.type == ItemType::multi) {
        rf.value.shape = RawValue::Shape::list;
        std::string_view cell = row[k].text;
        // "[]" is the empty list (none of the codes), as in YAML; an empty cell is unanswered.
        while (trim_view(cell) != "[]") {
          auto bar = cell.find('|');
          std::string_view code = trim_view(cell.substr(0, bar));
          if (!code.empty()) rf.value.list.emplace_back(code);
          if (bar == std::string_view::npos) break;
          cell.remove_prefix(bar + 1);
        }
        rf.value.scalar.clear();
      }
      r.answers.push_back(std::move(rf));
    }
    return r;
  }

  // A record keyed from its row or line, whose lookup waits until the next one has been keyed:
  // its memo slot is fetched from memory meanwhile (a large table is mostly out of cache).
  struct Keyed {
    Outcome o;
    std::string key;
    std::uint64_t hash = 0;  // the key's, from OutcomeMemo::prefetch()
    int line = 0;
    int actual = -1;
    std::size_t offset = 0;  // of a CSV row in its batch's text
  };

  void work_csv(Batch& b) {
    const FileInfo& f = *b.file;
    std::string_view text(b.text.data(), b.text_size);
    CsvReader reader(text, b.first_line);
    TextKind kind = f.mapping && !opt.parse_only ? text_kind(text) : TextKind::any;
    std::vector<CsvField> row;
    MappedRow mapped;
    Outcome o;  // for the rows not keyed: its record, result and messages keep their buffers
    Pos where{f.name, 0, 0};
    OutcomeMemo* m = memo();
    std::array<Keyed, 2> lanes;
    Keyed* waiting = nullptr;
    // The way every row can take: its record built from its cells, then scored.
    auto score_row = [&](const std::vector<CsvField>& cells, int line, const std::string& error, Outcome& out) {
      if (!f.mapping) {
        RawRecord raw = raw_from_csv(f, cells, line);
        if (!error.empty()) raw.errors.push_back({raw.pos, error});
        return score_raw(b, raw);
      }
      std::swap(mapped.record, out.record);
      std::swap(mapped.errors, out.errors);
      f.mapping->apply(cells, line, kind, mapped);
      std::swap(mapped.record, out.record);
      std::swap(mapped.errors, out.errors);
      out.source.clear();
      append_position(out.source, f.name, line);
      if (!error.empty()) out.errors.push_back({{f.name, line, 0}, error});
      out.case_id = out.record.case_id;
      where.line = line;
      OutcomeMemo::Scored scored;
      if (out.errors.empty() && m) {
        scored = m->score(out, where);
      } else if (out.errors.empty()) {
        check_applicability(content, out.record, where, out.errors);
        if (out.errors.empty()) engine.evaluate(out.record, out.result);
      }
      finish_record(b, out, mapped.actual, scored);
    };
    auto settle = [&] {
      if (!waiting) return;
      Keyed& k = *std::exchange(waiting, nullptr);
      where.line = k.line;
      if (auto found = m->find(k.key, k.hash, k.o, where)) {
        k.o.source.clear();
        append_position(k.o.source, f.name, k.line);
        return finish_record(b, k.o, k.actual, *found);
      }
      // Not known: its row is read again (its cells were views the reader has moved past).
      CsvReader again(text.substr(k.offset), k.line);
      std::vector<CsvField> cells;
      again.next(cells);
      score_row(cells, k.line, again.error(), k.o);
    };
    for (std::size_t at = 0; reader.next(row); at = reader.offset()) {
      if (row.size() == 1 && row[0].text.empty()) continue;  // a blank line
      int line = reader.row_line();
      ++b.parsed;
      if (opt.parse_only) continue;
      // A row whose key the memo knows needs no record: its cells give the key.
      Keyed& next = lanes[waiting == &lanes[0] ? 1 : 0];
      if (m && f.key_plan && reader.error().empty() &&
          f.mapping->key(row, line, kind, *f.key_plan, next.key, next.o.case_id, next.actual)) {
        next.hash = m->prefetch(next.key);
        settle();
        next.line = line;
        next.offset = at;
        waiting = &next;
        continue;
      }
      settle();
      score_row(row, line, reader.error(), o);
    }
    settle();
  }

  void work_jsonl(Batch& b) {
    thread_local JsonlParser parser;
    const char* p = b.text.data();
    const char* end = p + b.text_size;
    int line = b.first_line;
    OutcomeMemo* m = memo();
    std::array<Keyed, 2> lanes;
    Keyed* waiting = nullptr;
    Pos where{b.file->name, 0, 1};
    auto settle = [&] {
      if (!waiting) return;
      Outcome& o = waiting->o;
      o.case_id = o.record.case_id;
      o.source.clear();
      append_position(o.source, b.file->name, waiting->line);
      where.line = waiting->line;
      auto found = m->find(waiting->key, waiting->hash, o, where);
      finish_record(b, o, -1, found ? *found : m->score(o, where));
      waiting = nullptr;
    };
    for (; p < end; ++line) {
      const char* nl = static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end - p)));
      const char* stop = nl ? nl : end;
      std::string_view text(p, static_cast<std::size_t>(stop - p));
      p = nl ? nl + 1 : end;
      if (trim_view(text).empty()) continue;
      ++b.parsed;
      if (opt.parse_only) {
        parser.walk(text);
        continue;
      }
      // A record whose line gives its key and typed answers needs no raw record.
      Keyed& next = lanes[waiting == &lanes[0] ? 1 : 0];
      if (m && jsonl_plan && parser.key(text, content, *jsonl_plan, next.key, next.o.record)) {
        next.hash = m->prefetch(next.key);
        settle();
        next.line = line;
        waiting = &next;
        continue;
      }
      settle();
      thread_local RawRecord raw;  // reused, like the parser, so that its strings keep their buffers
      parser.parse(text, b.file->name, line, raw);
      score_raw(b, raw);
    }
    settle();
  }

  void work_yaml_files(Batch& b) {
    for (const auto& path : b.paths) {
      std::ifstream in(path, std::ios::binary);
      if (!in) {
        RawRecord r;
        r.source = path;
        r.errors.push_back({{path, 0, 0}, fmt::format("cannot open '{}': {}", path, std::strerror(errno))});
        ++b.parsed;
        if (!opt.parse_only) score_raw(b, r);
        continue;
      }
      if (opt.parse_only) {
        b.parsed += YAML::LoadAll(in).size();
        continue;
      }
      read_yaml_records(in, path, [&](RawRecord&& r) {
        ++b.parsed;
        if (r.source.empty()) r.source = path;
        score_raw(b, r);
      });
    }
  }

  void work(Batch& b) {
    if (!b.paths.empty()) return work_yaml_files(b);
    if (!b.raws.empty()) {
      b.parsed += b.raws.size();
      if (!opt.parse_only)
        for (const auto& r : b.raws) score_raw(b, r);
      return;
    }
    if (b.file->format == InputFormat::csv) work_csv(b);
    else work_jsonl(b);
  }

  // ---- output (called in input order) ----------------------------------------------------

  void emit(Batch& b) {
    if (opt.format == OutputFormat::table && !b.table.empty()) {
      if (!table_started) start_table(&b.table);
      std::string out;
      for (const auto& row : b.table) out += table_line(row);
      self.write_(out);
    } else if (!b.out.empty()) {
      self.write_(b.out);
    }
    buffers.give(std::move(b.text));
    buffers.give(std::move(b.out));
    self.summary_.merge(b.summary);
    if (opt.observer) opt.observer->merge(*b.observed);
    self.parsed_ += b.parsed;
    done_bytes += b.bytes;
    if (progress_on) show_progress(false);
  }

  // People read the first rows; later rows wider than those only push their line out.
  void start_table(const std::vector<TableRow>* first) {
    table_started = true;
    auto head = table_head;
    head[4] = content.rules.setting.field;
    for (std::size_t i = 0; i < head.size(); ++i) widths[i] = head[i].size();
    if (first)
      for (const auto& row : *first)
        for (std::size_t i = 0; i < row.size(); ++i) widths[i] = std::min<std::size_t>(std::max(widths[i], row[i].size()), 48);
    self.write_(table_line(head));
  }

  std::string table_line(const TableRow& row) const {
    std::string line;
    for (std::size_t i = 0; i < row.size(); ++i) {
      line += row[i];
      if (i + 1 < row.size()) line += std::string(row[i].size() < widths[i] ? widths[i] - row[i].size() + 2 : 2, ' ');
    }
    line += '\n';
    return line;
  }

  void show_progress(bool last) {
    auto now = std::chrono::steady_clock::now();
    if (!last && now - last_progress < std::chrono::milliseconds(200)) return;
    last_progress = now;
    if (last) {
      std::fputs("\r\033[K", stderr);
      return;
    }
    std::size_t n = self.summary_.records + (opt.parse_only ? self.parsed_ : 0);
    if (total_bytes)
      std::fprintf(stderr, "\r%zu records, %3.0f%%", n,
                   100.0 * static_cast<double>(std::min(done_bytes, total_bytes)) / static_cast<double>(total_bytes));
    else std::fprintf(stderr, "\r%zu records", n);
    std::fflush(stderr);
  }

  // ---- reading (on the caller's thread) --------------------------------------------------

  std::unique_ptr<Batch> new_batch(const std::shared_ptr<const FileInfo>& f) {
    auto b = std::make_unique<Batch>(content.rules);
    b->file = f;
    b->summary.has_actual = self.summary_.has_actual;
    if (opt.observer) b->observed = opt.observer->part();
    b->text = buffers.take();
    b->out = buffers.take();
    return b;
  }

  std::shared_ptr<FileInfo> csv_header(const std::string& name, std::string_view text, std::size_t& used, int& line) {
    auto f = std::make_shared<FileInfo>();
    f->name = name;
    f->format = InputFormat::csv;
    CsvReader reader(text, 1);
    std::vector<CsvField> row;
    if (!reader.next(row) || (row.size() == 1 && row[0].text.empty()))
      throw Error(exit_data, fmt::format("{}:1: expected a header row of column names", name));
    used = reader.offset();
    line = reader.line();
    std::vector<std::string> header;
    for (const auto& c : row) header.push_back(trim(c.text));
    f->width = header.size();
    if (opt.mapping) {
      f->mapping = std::make_unique<BoundMapping>(*opt.mapping, content, header, name);
      // Every memo of one engine lays its keys out alike: the shared one gives the plan.
      if (shared_memo) f->key_plan = f->mapping->key_plan(*shared_memo);
      return f;
    }
    const Questionnaire& q = content.questionnaire;
    std::vector<std::string> allowed = q.item_ids();
    allowed.push_back("case_id");
    std::vector<std::string> problems;
    std::unordered_set<std::string_view> seen;  // a set, not a search: a header may have 100,000 columns
    std::size_t count = 0;
    auto problem = [&](std::string message) {
      if (++count <= max_listed_errors) problems.push_back(std::move(message));
    };
    for (std::size_t k = 0; k < header.size(); ++k) {
      int item = header[k] == "case_id" ? -1 : q.find_item(header[k]);
      if (item < 0 && header[k] != "case_id")
        problem(fmt::format(
            "{}:1:{}: unknown column {}{}; a column is an item of questionnaire '{}' or case_id (use --map for other tables)",
            name, row[k].col, shown(header[k], true), did_you_mean(header[k], allowed), q.id));
      else if (!seen.insert(header[k]).second)
        problem(fmt::format("{}:1:{}: column '{}' appears twice", name, row[k].col, header[k]));
      f->item_at.push_back(item);
    }
    if (count > max_listed_errors) problems.push_back(fmt::format("... and {} more", count - max_listed_errors));
    if (!problems.empty())
      throw Error(exit_data, fmt::format("{}: the header row is not valid ({} problem{})", name, count, count == 1 ? "" : "s"),
                  problems);
    return f;
  }

  // Reads a CSV or JSON Lines input in chunks that end at a row boundary.
  void read_chunked(OrderedPool& pool, const BatchInput& in) {
    std::string name = in.path == "-" ? "<stdin>" : in.path;
    int fd = 0;
    if (in.path != "-") {
      fd = ::open(in.path.c_str(), O_RDONLY | O_CLOEXEC);
      if (fd < 0) throw Error(exit_no_input, fmt::format("cannot open '{}': {}", in.path, std::strerror(errno)));
    }
    struct Closer {
      int fd;
      ~Closer() {
        if (fd > 0) ::close(fd);
      }
    } closer{fd};
    bool csv = in.format == InputFormat::csv;
    std::shared_ptr<const FileInfo> file;
    if (!csv) {
      auto f = std::make_shared<FileInfo>();
      f->name = name;
      f->format = in.format;
      file = f;
    }
    const std::size_t chunk = opt.format == OutputFormat::jsonl ? jsonl_out_chunk_bytes : chunk_bytes;
    RowChunkReader reader(fd, name, csv, chunk, max_record_bytes);
    std::string_view piece;
    int line = 1;
    bool first = true;
    while (reader.next(piece)) {
      line = reader.line();
      std::size_t bytes = piece.size();
      if (first) {
        first = false;
        if (csv) {
          std::size_t used = 0;
          file = csv_header(name, piece, used, line);
          piece.remove_prefix(used);
        }
      }
      auto b = new_batch(file);
      b->bytes = bytes;
      b->first_line = line;
      b->text.reserve(piece.size() + jsonl_padding);
      b->text.assign(piece);
      b->text_size = piece.size();
      b->text.append(jsonl_padding, '\0');
      if (b->text_size) pool.submit(std::move(b));
    }
    if (first && csv) throw Error(exit_data, fmt::format("{}: is empty; expected a header row of column names", name));
  }

  void read_yaml_stream(OrderedPool& pool, const BatchInput& in) {
    Input input(in.path);
    auto file = std::make_shared<FileInfo>();
    file->name = input.name();
    std::unique_ptr<Batch> b = new_batch(file);
    read_yaml_records(input.stream(), input.name(), [&](RawRecord&& r) {
      if (r.source.empty()) r.source = input.name();
      b->raws.push_back(std::move(r));
      if (b->raws.size() >= yaml_records_per_batch) {
        pool.submit(std::move(b));
        b = new_batch(file);
      }
    });
    if (!b->raws.empty()) pool.submit(std::move(b));
  }

  void run(const std::vector<BatchInput>& inputs) {
    for (const auto& in : inputs) {
      std::error_code ec;
      if (in.path != "-") total_bytes += fs::file_size(in.path, ec);
      if (opt.mapping && in.format != InputFormat::csv)
        throw Error(exit_usage, fmt::format("'{}': --map applies to CSV input only", in.path));
    }
    progress_on = opt.progress && total_bytes >= progress_bytes;
    if (!opt.parse_only && opt.format != OutputFormat::jsonl && !opt.observer)
      shared_memo = std::make_shared<OutcomeMemo>(engine);
    auto jsonl = [](const BatchInput& in) { return in.format == InputFormat::jsonl; };
    bool any_jsonl = std::any_of(inputs.begin(), inputs.end(), jsonl);
    if (any_jsonl && shared_memo) jsonl_plan = jsonl_key_plan(content, shared_memo);
    if (opt.format == OutputFormat::csv && !opt.parse_only) self.write_(carepath::csv_header(engine) + batch_csv_header() + "\n");
    OrderedPool pool(
        opt.jobs, static_cast<std::size_t>(std::max(opt.jobs, 1)) * 3, [this](BatchWork& b) { work(static_cast<Batch&>(b)); },
        [this](BatchWork& b) { emit(static_cast<Batch&>(b)); });
    std::unique_ptr<Batch> files;  // small YAML files waiting to fill a batch
    auto flush_files = [&] {
      if (files) pool.submit(std::move(files));
    };
    for (const auto& in : inputs) {
      std::error_code ec;
      std::uintmax_t size = in.path == "-" ? 0 : fs::file_size(in.path, ec);
      if (in.format == InputFormat::yaml && in.path != "-" && !ec && size <= yaml_stream_bytes) {
        if (!files) files = new_batch(nullptr);
        files->paths.push_back(in.path);
        files->bytes += size;
        if (files->paths.size() >= yaml_files_per_batch || files->bytes >= chunk_bytes) flush_files();
        continue;
      }
      flush_files();
      if (in.format == InputFormat::yaml) read_yaml_stream(pool, in);
      else read_chunked(pool, in);
    }
    flush_files();
    pool.finish();
    if (opt.format == OutputFormat::table && !table_started && !opt.parse_only) start_table(nullptr);
    if (progress_on) show_progress(true);
  }
};

BatchRunner::BatchRunner(const Engine& engine, BatchOptions options, Writer write)
    : engine_(engine), options_(std::move(options)), write_(std::move(write)), summary_(engine.content().rules) {
  summary_.has_actual = options_.mapping && options_.mapping->actual;
  if (summary_.has_actual) {
    std::vector<int> codes;
    for (const auto& [cell, code] : options_.mapping->actual->levels) codes.push_back(code);
    summary_.set_actual_sides(codes);
  }
}

void BatchRunner::run(const std::vector<BatchInput>& inputs) {
  Impl impl(*this);
  impl.run(inputs);
}

}  // namespace carepath
