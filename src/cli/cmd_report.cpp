// carepath report RECORD: the recommendation for one intake record.
#include <fmt/format.h>

#include <iostream>

#include "cli/cli.hpp"
#include "engine/engine.hpp"
#include "util/io.hpp"
#include "render/report.hpp"
#include "render/result_output.hpp"

namespace carepath {

namespace {

struct ReportOptions {
  ContentOptions content;
  std::string record;
  std::string format = "text";
  bool no_color = false;
};

int run_report(const ReportOptions& o) {
  auto content = load_content_or_throw(o.content.paths(o.format != "json"));
  Engine engine(*content);
  RawRecord raw = read_single_record(o.record);
  Outcome out = score_record(engine, raw);
  if (o.format == "json") std::cout << result_json(engine, out, true) << "\n";
  throw_if_invalid(out.source, out.errors);
  if (o.format != "json") {
    ReportStyle style;
    style.format = o.format == "markdown" ? ReportFormat::markdown : ReportFormat::text;
    style.color = style.format == ReportFormat::text && use_color(stdout, o.no_color);
    style.width = text_width(stdout);
    std::cout << render_report(engine, out, probe_unknowns(engine, raw, out), style);
  }
  std::cout.flush();
  return exit_ok;
}

}  // namespace

void setup_report(CLI::App& app, Action& action) {
  auto o = std::make_shared<ReportOptions>();
  auto* sub = app.add_subcommand("report", _("Recommend a care pathway for one intake record, saying why"));
  sub->add_option("RECORD", o->record, _("Intake record (YAML or JSON); '-' reads standard input"))->required();
  sub->add_option("--format,-f", o->format, _("Output format"))
      ->check(CLI::IsMember({"text", "markdown", "json"}))
      ->type_name("text|markdown|json");
  sub->add_flag("--no-color", o->no_color, _("Never use colour"));
  add_content_options(*sub, o->content);
  add_lang_option(*sub);
  sub->callback([o, &action] { action = [o] { return run_report(*o); }; });
}

}  // namespace carepath
