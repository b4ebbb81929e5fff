// carepath decide RECORD --level L [--reason R] [--note TEXT]: records (or changes, or with
// --clear removes) the counselor's decision in a saved intake record, written back atomically.
#include <fmt/format.h>

#include <iostream>

#include "cli/cli.hpp"
#include "engine/engine.hpp"
#include "intake/intake_session.hpp"
#include "render/result_output.hpp"
#include "util/atomic_file.hpp"

namespace carepath {

namespace {

struct DecideOptions {
  ContentOptions content;
  std::string record, level, reason, note;
  bool clear = false;
};

// The record as read, with its placement replaced by the options' (or removed): validated and
// scored below exactly like a record that said so itself.
void replace_placement(RawRecord& raw, const DecideOptions& o) {
  std::erase_if(raw.header, [](const RawField& f) { return f.key == "placement"; });
  raw.placement.clear();
  raw.placement_present = !o.clear;
  if (o.clear) return;
  auto field = [&](const char* key, const std::string& value, const char* option) {
    RawField f;
    f.key = key;
    f.pos = f.value.pos = {option, 0, 0};
    f.value.shape = RawValue::Shape::scalar;
    f.value.scalar = value;
    raw.placement.push_back(std::move(f));
  };
  field("level", o.level, "--level");
  if (!o.reason.empty()) field("reason", o.reason, "--reason");
  if (!o.note.empty()) field("note", o.note, "--note");
  RawField block;
  block.key = "placement";
  block.pos = block.value.pos = {o.record, 0, 0};
  block.value.shape = RawValue::Shape::map;
  raw.header.push_back(std::move(block));
}

int run_decide(const DecideOptions& o) {
  if (o.record == "-") throw Error(exit_usage, _("decide writes the decision back into RECORD: give a file, not '-'"));
  if (o.clear == !o.level.empty())
    throw Error(exit_usage, _("give the level decided with --level LEVEL, or --clear to remove the decision"));
  if (o.clear && (!o.reason.empty() || !o.note.empty())) throw Error(exit_usage, _("--clear takes no --reason or --note"));
  auto content = load_content_or_throw(o.content.paths(false));
  Engine engine(*content);
  RawRecord raw = read_single_record(o.record);
  replace_placement(raw, o);
  Outcome out = score_record(engine, raw);
  throw_if_any(out.errors, trf("{}: the decision was not recorded", o.record));
  IntakeSession session(*content);
  std::vector<Diagnostic> errors;
  std::vector<int> cleared;
  std::string digest;
  session.load(raw, errors, cleared, digest);  // a valid record: nothing refused, nothing cleared
  write_file_atomically(o.record, session.to_yaml());
  const auto& levels = content->rules.levels;
  std::string recommended =
      out.result.primary_level < 0 ? _("none") : levels[static_cast<std::size_t>(out.result.primary_level)].id;
  if (o.clear)
    std::cerr << trf("{}: decision removed (recommended primary level: {})", o.record, recommended) << "\n";
  else if (follows_recommendation(*out.record.placement, out.result))
    std::cerr << trf("{}: decided {} (follows the recommendation; recommended primary level: {})", o.record, o.level, recommended)
              << "\n";
  else
    std::cerr << trf("{}: decided {} (a departure: {}; recommended primary level: {})", o.record, o.level, o.reason, recommended)
              << "\n";
  return exit_ok;
}

}  // namespace

void setup_decide(CLI::App& app, Action& action) {
  auto o = std::make_shared<DecideOptions>();
  auto* sub =
      app.add_subcommand("decide", _("Record the counselor's decision (the level actually chosen) in a saved intake record"));
  sub->add_option("RECORD", o->record, _("Intake record file (YAML), rewritten in place"))->required();
  auto* level = sub->add_option("--level", o->level, _("The level decided (a level id of the rule set)"))->type_name("LEVEL");
  sub->add_option("--reason", o->reason,
                  _("Why, when the level differs from the recommended primary level (a reason id of the rule set)"))
      ->type_name("REASON");
  sub->add_option("--note", o->note, _("A short note (at most 200 characters, no identifiers)"))->type_name("TEXT");
  sub->add_flag("--clear", o->clear, _("Remove the decision"))->excludes(level);
  add_content_options(*sub, o->content);
  sub->callback([o, &action] { action = [o] { return run_decide(*o); }; });
}

}  // namespace carepath
