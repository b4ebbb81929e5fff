// carepath whatif RECORD --set ITEM=VALUE ... [--vary ITEM]: the result before and after
// changing answers, or for every allowed answer of one item.
#include <fmt/format.h>

#include <algorithm>
#include <iostream>

#include "cli/cli.hpp"
#include "record/anonymity.hpp"
#include "render/outcome_fields.hpp"
#include "trainer/scenario.hpp"
#include "util/color.hpp"
#include "util/io.hpp"
#include "util/json_writer.hpp"
#include "util/text.hpp"

namespace carepath {

namespace {

struct WhatifOptions {
  ContentOptions content;
  std::string record;
  std::vector<std::string> sets;
  std::string vary;
  std::string format = "text";
  bool no_color = false;
};

Outcome valid_or_throw(Outcome o, const std::string& what) {
  throw_if_invalid(what, o.errors);
  return o;
}

// Two results side by side; a changed field is marked with '*' (and colour on a terminal).
std::string side_by_side(const Engine& engine, const Outcome& before, const Outcome& after, const std::string& title,
                         bool color) {
  auto a = outcome_fields(engine, before), b = outcome_fields(engine, after);
  std::size_t name_w = 5, val_w = 6;
  for (const auto& f : a) {
    name_w = std::max(name_w, f.name.size());
    val_w = std::max(val_w, f.show().size());
  }
  val_w = std::min<std::size_t>(val_w, 44);
  std::string out = fmt::format("  {:<{}}  {:<{}}  {}\n", _("field"), name_w, _("before"), val_w, title);
  int changed = 0;
  for (std::size_t i = 0; i < a.size() && i < b.size(); ++i) {
    bool diff = !a[i].same(b[i]);
    changed += diff;
    std::string line = fmt::format("{} {:<{}}  {:<{}}  {}", diff ? '*' : ' ', a[i].name, name_w, a[i].show(), val_w,
                                   diff ? b[i].show() : _("(same)"));
    // Long lists do not fit side by side: they go one above the other.
    if (line.size() > 100)
      line = fmt::format("{} {}\n      {}: {}\n      {}: {}", diff ? '*' : ' ', a[i].name, _("before"), a[i].show(), title,
                         diff ? b[i].show() : _("(same)"));
    out += (diff ? painted(color, styles::changed, line) : line) + "\n";
  }
  out += changed ? fmt::format(fmt::runtime(trn("{} field changed (marked *)", "{} fields changed (marked *)",
                                                static_cast<unsigned long>(changed))),
                               changed) +
                       "\n"
                 : _("nothing changed") + std::string("\n");
  return out;
}

int run_whatif(const WhatifOptions& o) {
  auto content = load_content_or_throw(o.content.paths(o.format != "json"));
  const Content& c = *content;
  Engine engine(c);
  RawRecord raw = read_single_record(o.record);
  Outcome before = valid_or_throw(score_record(engine, raw), raw.source);
  RawRecord changed = raw;
  std::vector<std::string> said;
  for (const auto& s : o.sets) {
    auto [item, value] = parse_assignment(c, s, "--set");
    // Only a known item's id and code-like values are repeated (carepath(1), LIMITS AND PRIVACY).
    if (c.questionnaire.find_item(item) < 0)
      throw Error(exit_data, trf("--set: unknown item {}{}; it is not in questionnaire '{}'", shown(item),
                                 did_you_mean(item, c.questionnaire.item_ids()), c.questionnaire.id));
    bool plain = showable(value.scalar) &&
                 std::all_of(value.list.begin(), value.list.end(), [](const std::string& v) { return showable(v); });
    said.push_back(plain ? s : item + "=(" + shown(s.substr(s.find('=') + 1)) + ")");
    set_answer(changed, item, value);
  }
  Outcome after = valid_or_throw(score_record(engine, changed), trf("{} with {}", raw.source, join(said, ", ")));
  bool color = o.format == "text" && use_color(stdout, o.no_color);
  if (o.vary.empty()) {
    if (o.format == "json") {
      JsonWriter w(true);
      w.begin_object()
          .key("before")
          .raw(result_json(engine, before, false))
          .key("after")
          .raw(result_json(engine, after, false))
          .end_object();
      std::cout << w.str() << "\n";
    } else {
      std::cout << (said.empty() ? trf("what if: {} (no change given)", raw.source)
                                 : trf("what if: {} with {}", raw.source, join(said, ", ")))
                << "\n\n";
      std::cout << side_by_side(engine, before, after, _("after"), color);
      std::cout << _("rules: ") << firing_change(engine, before, after).str() << "\n";
    }
    return exit_ok;
  }
  int item = c.questionnaire.find_item(o.vary);
  if (item < 0)
    throw Error(exit_data, trf("--vary: unknown item {}{}; it is not in questionnaire '{}'", shown(o.vary),
                               did_you_mean(o.vary, c.questionnaire.item_ids()), c.questionnaire.id));
  std::vector<ProbeResult> results;
  {
    RawRecord unanswered = changed;
    set_answer(unanswered, o.vary, RawValue{});
    results.push_back({Probe{"unanswered", "unanswered", {}}, score_record(engine, unanswered)});
  }
  for (auto& pr : run_probes(engine, changed, item)) results.push_back(std::move(pr));
  if (o.format == "json") {
    JsonWriter w(true);
    w.begin_object().key("before").raw(result_json(engine, after, false)).key("item").value(o.vary).key("values").begin_array();
    for (const auto& pr : results)
      w.begin_object().key("value").value(pr.probe.label).key("result").raw(result_json(engine, pr.outcome, false)).end_object();
    w.end_array().end_object();
    std::cout << w.str() << "\n";
    return exit_ok;
  }
  // One compact row per value: the decision, what differs from the record's own result, and
  // the rules whose firing changed.
  std::cout << (said.empty() ? trf("what if: {}, varying {}", raw.source, o.vary)
                             : trf("what if: {} with {}, varying {}", raw.source, join(said, ", "), o.vary))
            << "\n";
  const std::string& setting = c.rules.setting.field;
  auto decision = [&](const Outcome& x) {
    return fmt::format("{} / {}", c.symbols.name(x.result.setting),
                       x.result.primary_level >= 0 ? c.rules.levels[static_cast<std::size_t>(x.result.primary_level)].id : "-");
  };
  std::size_t w = o.vary.size();
  for (const auto& pr : results) w = std::max(w, std::min<std::size_t>(pr.probe.label.size(), 32));
  std::cout << trf("the record's own result: {} / primary_level: {}", setting, decision(after)) << "\n\n";
  const std::string head = setting + " / primary_level";
  std::size_t dw = head.size();
  for (const auto& pr : results)
    if (pr.outcome.ok()) dw = std::max(dw, decision(pr.outcome).size());
  std::cout << fmt::format("  {:<{}}  {:<{}}  {}\n", o.vary, w, head, dw, _("changed fields; rules"));
  for (const auto& pr : results) {
    if (!pr.outcome.ok()) {
      std::cout << fmt::format("  {:<{}}  {}\n", pr.probe.label, w,
                               trf("not a valid record: {}", pr.outcome.errors.front().message));
      continue;
    }
    std::vector<std::string> fields;
    for (const auto& ch : outcome_changes(engine, after, pr.outcome)) fields.push_back(ch.field);
    auto firing = firing_change(engine, after, pr.outcome);
    std::string what = fields.empty() ? _("(same)") : join(fields, ", ");
    if (!firing.empty()) what += "; " + firing.str();
    std::string line =
        fmt::format("{} {:<{}}  {:<{}}  {}", fields.empty() ? ' ' : '*', pr.probe.label, w, decision(pr.outcome), dw, what);
    std::cout << (fields.empty() ? line : painted(color, styles::changed, line)) << "\n";
  }
  return exit_ok;
}

}  // namespace

void setup_whatif(CLI::App& app, Action& action) {
  auto o = std::make_shared<WhatifOptions>();
  auto* sub = app.add_subcommand("whatif", _("Show how a result changes when answers change"));
  sub->add_option("RECORD", o->record, _("Intake record (YAML or JSON); '-' reads standard input"))->required();
  sub->add_option("--set,-s", o->sets, _("Change an answer: ITEM=VALUE (list items: a,b or []; ITEM= leaves it unanswered)"))
      ->type_name("ITEM=VALUE")
      ->allow_extra_args(false);
  sub->add_option("--vary", o->vary, _("Show the result for every allowed answer of ITEM"))->type_name("ITEM");
  sub->add_option("--format,-f", o->format, _("Output format"))->check(CLI::IsMember({"text", "json"}))->type_name("text|json");
  sub->add_flag("--no-color", o->no_color, _("Never use colour"));
  add_content_options(*sub, o->content);
  add_lang_option(*sub);
  sub->callback([o, &action] { action = [o] { return run_whatif(*o); }; });
}

}  // namespace carepath
