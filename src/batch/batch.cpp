// Batch scoring's reading and scheduling: which inputs, read in chunks on the caller's thread
// and handed to the workers (batch_work.cpp), whose output batch_output.cpp writes in order.
#include "batch/batch.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <unordered_set>

#include "batch/batch_runner.hpp"
#include "record/anonymity.hpp"
#include "util/i18n.hpp"
#include "util/io.hpp"
#include "util/limits.hpp"
#include "util/row_reader.hpp"
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
      throw Error(exit_no_input, trf("cannot open '{}': {}", a, ec ? ec.message() : _("no such file or directory")));
    if (fs::is_directory(st)) {
      std::vector<std::string> files;
      for (const auto& e : fs::directory_iterator(a, ec)) {
        std::string ext = e.path().extension().string();
        if (ext != ".yaml" && ext != ".yml" && ext != ".jsonl") continue;
        std::error_code type_ec;
        // A record file that is a FIFO (which could block forever), a device or a dangling link is
        // refused by name, not skipped without a word.
        if (!e.is_regular_file(type_ec))
          throw Error(exit_no_input, trf("cannot read '{}': {}", e.path().string(),
                                         fs::exists(e.symlink_status()) && !fs::exists(e.status(type_ec))
                                             ? _("a dangling symbolic link")
                                             : _("not a regular file")));
        files.push_back(e.path().string());
      }
      if (ec) throw Error(exit_no_input, trf("cannot read directory '{}': {}", a, ec.message()));
      std::sort(files.begin(), files.end());
      for (auto& f : files) out.push_back({f, forced.value_or(*format_of(f))});
      continue;
    }
    auto f = forced ? forced : format_of(a);
    if (!f)
      throw Error(exit_usage, trf("cannot tell the format of '{}' from its name; use --input-format yaml|jsonl|csv", a));
    out.push_back({a, *f});
  }
  return out;
}

BatchRunner::Impl::Impl(BatchRunner& s) : self(s), engine(s.engine_), content(s.engine_.content()), opt(s.options_) {
  if (!opt.mapping) return;
  for (const auto& k : opt.mapping->constants)
    (constant_ids.empty() ? constant_ids : constant_ids += '|') +=
        content.questionnaire.items[static_cast<std::size_t>(k.item)].id;
  if (!opt.mapping->actual) return;
  int last = -1;
  for (const auto& [cell, code] : opt.mapping->actual->levels) last = std::max(last, code);
  actual_cells.emplace_back(",");
  for (int code = 0; code <= last; ++code) {
    auto a = ActualPlacement::of(code, content.rules.levels.size());
    actual_cells.emplace_back("," + content.rules.levels[static_cast<std::size_t>(a.level)].id);
  }
  actual_slots = actual_cells.size();
}

std::unique_ptr<Batch> BatchRunner::Impl::new_batch(const std::shared_ptr<const FileInfo>& f) {
  auto b = std::make_unique<Batch>(content.rules);
  b->file = f;
  b->summary.has_actual = self.summary_.has_actual;
  if (opt.observer) b->observed = opt.observer->part();
  b->text = buffers.take();
  b->out = buffers.take();
  return b;
}

std::shared_ptr<FileInfo> BatchRunner::Impl::csv_header(const std::string& name, std::string_view text, std::size_t& used,
                                                        int& line) {
  auto f = std::make_shared<FileInfo>();
  f->name = name;
  f->format = InputFormat::csv;
  f->plain_name = !csv_needs_quotes(name);
  f->source_cell = PaddedText("," + name + ":");
  CsvReader reader(text, 1);
  std::vector<CsvField> row;
  if (!reader.next(row) || (row.size() == 1 && row[0].text.empty()))
    throw Error(exit_data, trf("{}:1: expected a header row of column names", name));
  used = reader.offset();
  line = reader.line();
  std::vector<std::string> header;
  for (const auto& c : row) header.push_back(trim(c.text));
  f->width = header.size();
  if (opt.mapping) {
    f->mapping = std::make_unique<BoundMapping>(*opt.mapping, content, header, name);
    if (mapped_keys) f->key_columns = mapped_keys->columns(*f->mapping);
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
      problem(trf("{}:1:{}: unknown column {}{}; a column is an item of questionnaire '{}' or case_id (use --map for other "
                  "tables)",
                  name, row[k].col, shown(header[k], true), did_you_mean(header[k], allowed), q.id));
    else if (!seen.insert(header[k]).second)
      problem(trf("{}:1:{}: column '{}' appears twice", name, row[k].col, header[k]));
    f->item_at.push_back(item);
  }
  if (count > max_listed_errors) problems.push_back(trf("... and {} more", count - max_listed_errors));
  if (!problems.empty())
    throw Error(exit_data,
                fmt::format(fmt::runtime(trn("{}: the header row is not valid ({} problem)",
                                             "{}: the header row is not valid ({} problems)", count)),
                            name, count),
                problems);
  return f;
}

// Reads a CSV or JSON Lines input in chunks that end at a row boundary.
void BatchRunner::Impl::read_chunked(OrderedPool& pool, const BatchInput& in) {
  std::string name = in.path == "-" ? "<stdin>" : in.path;
  int fd = 0;
  if (in.path != "-") {
    fd = ::open(in.path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw Error(exit_no_input, trf("cannot open '{}': {}", in.path, std::strerror(errno)));
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
  if (first && csv) throw Error(exit_data, trf("{}: is empty; expected a header row of column names", name));
}

void BatchRunner::Impl::read_yaml_stream(OrderedPool& pool, const BatchInput& in) {
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

void BatchRunner::Impl::run(const std::vector<BatchInput>& inputs) {
  for (const auto& in : inputs) {
    std::error_code ec;
    if (in.path != "-") total_bytes += fs::file_size(in.path, ec);
    if (opt.mapping && in.format != InputFormat::csv)
      throw Error(exit_usage, trf("'{}': --map applies to CSV input only", in.path));
  }
  progress_on = opt.progress && total_bytes >= progress_bytes;
  if (!opt.parse_only && opt.format != OutputFormat::jsonl && !opt.observer) memo = std::make_shared<OutcomeMemo>(engine);
  auto jsonl = [](const BatchInput& in) { return in.format == InputFormat::jsonl; };
  if (!opt.parse_only && std::any_of(inputs.begin(), inputs.end(), jsonl)) jsonl_plan = jsonl_plain_plan(content);
  if (!opt.parse_only && opt.format == OutputFormat::jsonl) json_parts.emplace(engine);
  // Every memo of one engine lays its keys out alike: the run's gives the mapped rows' layout.
  if (memo && opt.mapping) mapped_keys = MappedMemoKeys::make(*opt.mapping, content, *memo);
  for (std::size_t k = 0; k < OrderedPool::workers(opt.jobs); ++k) {
    auto& w = *workers.emplace_back(std::make_unique<BatchWorker>());
    if (memo) w.memo = std::make_unique<OutcomeMemo>(engine, memo->table());
  }
  if (opt.format == OutputFormat::csv && !opt.parse_only) self.write_(carepath::csv_header(engine) + batch_csv_header() + "\n");
  OrderedPool pool(
      opt.jobs, OrderedPool::workers(opt.jobs) * 3,
      [this](BatchWork& b, std::size_t worker) { work(static_cast<Batch&>(b), *workers[worker]); },
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
  for (const auto& w : workers) add_known_counts(*w);
  if (opt.format == OutputFormat::table && !table_started && !opt.parse_only) start_table(nullptr);
  if (progress_on) show_progress(true);
}

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
