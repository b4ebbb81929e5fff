// carepath explain RECORD: the full trace of one result, for trainers and rule authors.
#include <iostream>

#include "cli/cli.hpp"
#include "util/io.hpp"
#include "trainer/trace.hpp"

namespace carepath {

namespace {

struct ExplainOptions {
  ContentOptions content;
  std::string record;
  std::string format = "text";
  bool no_sensitivity = false;
  bool no_color = false;
};

int run_explain(const ExplainOptions& o) {
  auto content = load_content_or_throw(o.content.paths(o.format != "json"));
  Engine engine(*content);
  RawRecord raw = read_single_record(o.record);
  Trace t = build_trace(engine, raw, !o.no_sensitivity);
  if (o.format == "json") {
    std::cout << trace_json(engine, t) << "\n";
  } else {
    TraceStyle style;
    style.color = use_color(stdout, o.no_color);
    style.width = text_width(stdout);
    std::cout << render_trace(engine, t, style);
  }
  std::cout.flush();
  return exit_ok;
}

}  // namespace

void setup_explain(CLI::App& app, Action& action) {
  auto o = std::make_shared<ExplainOptions>();
  auto* sub = app.add_subcommand(
      "explain", _("Trace one result: scores, facts, every rule and sub-condition, and what an answer would change"));
  sub->add_option("RECORD", o->record, _("Intake record (YAML or JSON); '-' reads standard input"))->required();
  sub->add_option("--format,-f", o->format, _("Output format"))->check(CLI::IsMember({"text", "json"}))->type_name("text|json");
  sub->add_flag("--no-sensitivity", o->no_sensitivity, _("Do not try the answers of unanswered items"));
  sub->add_flag("--no-color", o->no_color, _("Never use colour"));
  add_content_options(*sub, o->content);
  add_lang_option(*sub);
  sub->callback([o, &action] { action = [o] { return run_explain(*o); }; });
}

}  // namespace carepath
