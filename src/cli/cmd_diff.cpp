// carepath diff OLD_RULES NEW_RULES INPUT...: the impact of a rule change on a batch. Both rule
// sets score every record in one streaming pass (the batch runner scores with the old rules, a
// DiffObserver with the new ones, on the same workers).
#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>
#include <optional>
#include <thread>

#include "batch/diff.hpp"
#include "cli/cli.hpp"
#include "content/tables.hpp"
#include "util/text.hpp"

namespace carepath {

namespace {

struct DiffOptions {
  std::string questionnaire, old_rules, new_rules, map, input_format, format = "text";
  std::vector<std::string> inputs;
  int jobs = 0;
};

int run_diff(const DiffOptions& o) {
  std::string lang = o.format == "text" ? current_language() : "";  // JSON and CSV never change with the language
  auto old_content = load_content_or_throw({o.questionnaire, o.old_rules, lang});
  auto new_content = load_content_or_throw({o.questionnaire, o.new_rules, lang});
  // One questionnaire reads the records for both: a rule set written for another one is
  // refused when it is loaded, naming both questionnaires.
  compile_tables(*old_content);
  compile_tables(*new_content);
  Engine old_engine(*old_content), new_engine(*new_content);
  std::optional<Mapping> mapping;
  if (!o.map.empty()) mapping = load_mapping(o.map, *old_content);
  std::optional<InputFormat> forced;
  if (o.input_format == "yaml") forced = InputFormat::yaml;
  if (o.input_format == "jsonl") forced = InputFormat::jsonl;
  if (o.input_format == "csv") forced = InputFormat::csv;
  auto inputs = expand_inputs(o.inputs, forced, mapping.has_value());

  auto write = [](std::string_view s) {
    if (std::fwrite(s.data(), 1, s.size(), stdout) != s.size()) throw Error(exit_internal, _("cannot write to standard output"));
  };
  if (o.format == "csv") write(diff_csv_header(old_engine) + "\n");
  DiffObserver observer(old_engine, new_engine, o.format == "csv" ? BatchRunner::Writer(write) : nullptr);
  BatchOptions bo;
  bo.format = OutputFormat::summary;  // the runner writes nothing per record; the observer may
  bo.jobs = o.jobs > 0 ? o.jobs : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  bo.mapping = mapping ? &*mapping : nullptr;
  bo.progress = ::isatty(STDERR_FILENO);
  bo.observer = &observer;
  BatchRunner runner(old_engine, bo, write);
  runner.run(inputs);
  const DiffCounts& c = observer.counts();
  if (c.records == 0) throw Error(exit_data, trf("no records found in {}", join(o.inputs, ", ")));
  if (o.format != "csv")
    write(render_diff(old_engine, new_engine, diff_rules(old_content->rules, new_content->rules), c, o.format));
  if (std::fflush(stdout) != 0) throw Error(exit_internal, _("cannot write to standard output"));
  if (c.rejected)
    fmt::print(stderr, "{}\n",
               trf("carepath: {} of {} records rejected (by both rule sets); score them to see why", group_thousands(c.rejected),
                   group_thousands(c.records)));
  return c.rejected ? exit_partial : exit_ok;
}

}  // namespace

void setup_diff(CLI::App& app, Action& action) {
  auto o = std::make_shared<DiffOptions>();
  auto* sub = app.add_subcommand("diff", _("Score records with two rule sets and report what a rule change changes"));
  sub->add_option("OLD_RULES", o->old_rules, _("The rule set as it is"))->required()->check(CLI::ExistingFile);
  sub->add_option("NEW_RULES", o->new_rules, _("The rule set as it would be"))->required()->check(CLI::ExistingFile);
  sub->add_option("INPUT", o->inputs,
                  _("Record files, directories (their *.yaml, *.yml, *.jsonl files) or '-' for standard input"))
      ->required()
      ->expected(-1);
  sub->add_option("--format,-f", o->format,
                  _("text: the report for people; json: the same as data; csv: one row per changed record"))
      ->check(CLI::IsMember({"text", "json", "csv"}))
      ->type_name("text|json|csv");
  add_batch_input_options(*sub, o->input_format, o->map, o->jobs);
  sub->add_option("--questionnaire,-q", o->questionnaire,
                  _("Questionnaire YAML file for both rule sets (default: the embedded default)"))
      ->type_name(_("FILE"));
  sub->callback([o, &action] { action = [o] { return run_diff(*o); }; });
}

}  // namespace carepath
