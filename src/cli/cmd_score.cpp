// carepath score INPUT...: many records at once, in input order, as JSON Lines, CSV, a table
// or a summary.
#include <filesystem>
#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <optional>
#include <thread>

#include "util/atomic_file.hpp"
#include "batch/batch.hpp"
#include "cli/cli.hpp"
#include "content/tables.hpp"
#include "util/text.hpp"

namespace carepath {

namespace {

struct ScoreOptions {
  ContentOptions content;
  std::vector<std::string> inputs;
  std::string format = "jsonl";
  std::string input_format;
  std::string map;
  std::string output;
  int jobs = 0;
  bool summary = false;
  bool parse_only = false;
  bool force = false;
};

int run_score(const ScoreOptions& o) {
  auto content = load_content_or_throw(o.content.paths(false));
  if (!o.parse_only) compile_tables(*content);
  Engine engine(*content);
  std::optional<Mapping> mapping;
  if (!o.map.empty()) mapping = load_mapping(o.map, *content);
  std::optional<InputFormat> forced;
  if (o.input_format == "yaml") forced = InputFormat::yaml;
  if (o.input_format == "jsonl") forced = InputFormat::jsonl;
  if (o.input_format == "csv") forced = InputFormat::csv;
  auto inputs = expand_inputs(o.inputs, forced, mapping.has_value());

  BatchOptions bo;
  bo.format = o.format == "csv" ? OutputFormat::csv : o.format == "table" ? OutputFormat::table
            : o.format == "summary" ? OutputFormat::summary : OutputFormat::jsonl;
  bo.jobs = o.jobs > 0 ? o.jobs : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  bo.parse_only = o.parse_only;
  bo.mapping = mapping ? &*mapping : nullptr;
  bo.progress = ::isatty(STDERR_FILENO);
  std::optional<AtomicFile> file;
  // A device or a pipe (-o /dev/null, a FIFO) is written to as it is: a file renamed over it
  // would take its place.
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> device(nullptr, std::fclose);
  std::FILE* out = stdout;
  std::string out_name = _("standard output");
  if (!o.output.empty() && o.output != "-") {
    std::error_code ec;
    auto st = std::filesystem::status(o.output, ec);
    if (std::filesystem::is_directory(st)) throw Error(exit_usage, trf("-o '{}' is a directory", o.output));
    if (std::filesystem::exists(st) && !std::filesystem::is_regular_file(st)) {
      device.reset(std::fopen(o.output.c_str(), "wb"));
      if (!device) throw Error(exit_no_input, trf("cannot open '{}': {}", o.output, std::strerror(errno)));
      out = device.get();
      out_name = "'" + o.output + "'";
    } else {
      // A dangling symbolic link is there too: replacing it without --force would lose it.
      bool there = std::filesystem::exists(st) || std::filesystem::is_symlink(std::filesystem::symlink_status(o.output, ec));
      if (!o.force && there) throw Error(exit_usage, trf("'{}' already exists; give --force to replace it", o.output));
      // A run killed with SIGKILL leaves its temporary file: results of health records.
      for (const auto& t : remove_stale_temporaries(o.output))
        std::fprintf(stderr, "%s\n", trf("carepath: removed {}, left behind by an earlier run that was cut short", t).c_str());
      file.emplace(o.output);
    }
  }
  auto write = [&](std::string_view s) {
    if (file) return file->write(s);
    if (std::fwrite(s.data(), 1, s.size(), out) != s.size())
      throw Error(exit_io, trf("cannot write to {}: {}", out_name, std::strerror(errno)));
  };
  BatchRunner runner(engine, bo, write);
  runner.run(inputs);
  const Summary& s = runner.summary();
  if (o.parse_only) {
    write(fmt::format("{} records parsed\n", runner.parsed()));
  } else {
    if (s.records == 0) throw Error(exit_data, trf("no records found in {}", join(o.inputs, ", ")));
    if (bo.format == OutputFormat::summary) write(render_summary(engine, s));
  }
  if (file) file->commit();
  else if (std::fflush(out) != 0)
    throw Error(exit_io, trf("cannot write to {}: {}", out_name, std::strerror(errno)));
  if (o.summary) std::fputs(render_summary(engine, s).c_str(), stderr);
  // Exit 1 must say why (a nonzero exit always does), in one line, pointing at where the messages are.
  if (s.rejected && !o.parse_only) {
    const char* where = bo.format == OutputFormat::jsonl     ? _("the errors field")
                        : bo.format == OutputFormat::summary ? _("the errors in the summary")
                                                             : _("the error column");
    fmt::print(
        stderr, "{}\n",
        trf("carepath: {} of {} records rejected; see {}", group_thousands(s.rejected), group_thousands(s.records), where));
  }
  return s.rejected ? exit_partial : exit_ok;
}

}  // namespace

void setup_score(CLI::App& app, Action& action) {
  auto o = std::make_shared<ScoreOptions>();
  auto* sub = app.add_subcommand("score", _("Score many records (YAML, JSON Lines, CSV or a mapped table) in input order"));
  sub->add_option("INPUT", o->inputs,
                  _("Record files, directories (their *.yaml, *.yml, *.jsonl files) or '-' for standard input"))
      ->required()
      ->expected(-1);
  sub->add_option("--format,-f", o->format,
                  _("Output: one JSON object a line, CSV rows, a table for people, or only the summary"))
      ->check(CLI::IsMember({"jsonl", "csv", "table", "summary"}))
      ->type_name("jsonl|csv|table|summary");
  add_batch_input_options(*sub, o->input_format, o->map, o->jobs);
  sub->add_option("--output,-o", o->output, _("Write the results to FILE, replaced only when the run completes"))
      ->type_name(_("FILE"));
  sub->add_flag("--force", o->force, _("Replace the --output file when it already exists"));
  sub->add_flag("--summary", o->summary,
                _("Also print counts per level, setting, flag and error (and agreement) on standard error"));
  // The benchmark's floor: the same reading and parsing, no scoring.
  sub->add_flag("--parse-only", o->parse_only)->group("");
  add_content_options(*sub, o->content);
  sub->callback([o, &action] { action = [o] { return run_score(*o); }; });
}

}  // namespace carepath
