// The counselor's decision at the end of 'carepath intake' (see intake_screen.hpp).
#include <algorithm>

#include "cli/intake_screen.hpp"
#include "record/anonymity.hpp"
#include "render/result_output.hpp"
#include "util/text.hpp"

namespace carepath {

namespace {

// One of `options`, asked at `prompt` until one is typed (its index), or '-' or the end of
// input (-1 with ReadResult::line or eof).
ReadResult pick(LineInput& in, const Screen& screen, const std::string& prompt, const std::vector<ChoiceOption>& options,
                const std::string& hint, int enter, int& chosen) {
  std::string out;
  std::size_t w = 0;
  for (const auto& o : options) w = std::max(w, o.first.size());
  for (std::size_t k = 0; k < options.size(); ++k)
    out += fmt::format("{:>3}  {:<{}}  {}\n", k + 1, options[k].first, w, options[k].second.front());
  screen.say(out + screen.dim(wrap(hint, intake_width, 0)) + "\n");
  for (;;) {
    std::string line;
    if (ReadResult r = in.next(prompt + "> ", line); r != ReadResult::line) return chosen = -1, r;
    std::string t = trim(line);
    if (t == "-" || t == ":skip" || t == ":q" || t == ":quit") return chosen = -1, ReadResult::line;
    chosen = t.empty() ? enter : match_choice(options, t, true);
    if (chosen >= 0) return ReadResult::line;
    std::vector<std::string> ids;
    for (const auto& o : options) ids.push_back(o.first);
    screen.say(
        screen.red(wrap(t.empty() ? _("Please choose one (- to leave it for later).")
                                  : trf("'{}' is not one of these{}; type a number, an id or a label.", t, did_you_mean(t, ids)),
                        intake_width, 2)) +
        "\n");
  }
}

}  // namespace

ReadResult ask_decision(const Engine& engine, IntakeSession& session, LineInput& in, const Screen& screen,
                        const std::function<void()>& save) {
  const RuleSet& rs = engine.content().rules;
  const std::size_t width = intake_width;
  Record rec = session.record();
  Result res = engine.evaluate(rec);
  if (session.placement) {
    rec.placement = session.placement;
    if (auto d = placement_problem(engine, rec, res)) {
      screen.say(wrap(trf("The decision recorded before no longer fits the recommendation: {}", d->message), width, 0) + "\n");
      session.placement.reset();
      save();
    }
  }
  std::vector<ChoiceOption> levels, reasons;
  for (const auto& l : rs.levels) levels.push_back({l.id, {l.label}});
  for (const auto& r : rs.decision.reasons) reasons.push_back({r.id, {r.label}});
  auto level_id = [&](int k) { return levels[static_cast<std::size_t>(k)].first; };
  int current = session.placement ? session.placement->level : res.primary_level;
  std::string recommended = res.primary_level < 0
                                ? _("none")
                                : fmt::format("{} ({})", levels[static_cast<std::size_t>(res.primary_level)].second.front(),
                                              level_id(res.primary_level));
  screen.say("\n" + screen.bold(_("The counselor's decision")) + "\n" + _("Recommended primary level: ") +
             screen.bold(recommended) + "\n");
  std::string hint = current < 0
                         ? _("Type the level decided (number, id or label); - leaves the decision for later (carepath decide).")
                         : trf("Enter takes {}; or type the level decided (number, id or label); - leaves the decision for later "
                               "(carepath decide).",
                               level_id(current));
  int level = -1;
  ReadResult r = pick(in, screen, "decision", levels, hint, current, level);
  if (level < 0) return r;
  if (session.placement && session.placement->level == level) return r;  // the decision recorded before stands
  Placement p;
  p.level = level;
  if (level != res.primary_level) {
    screen.say(trf("Why {} rather than the recommended level?", level_id(level)) + "\n");
    if (r = pick(in, screen, "reason", reasons, _("Type a number, an id or a label; - leaves the decision for later."), -1,
                 p.reason);
        p.reason < 0)
      return r;
    for (;;) {
      screen.say(screen.dim(trf("A short note, if any (at most {} characters, no names, dates or numbers that identify "
                                "anyone); Enter for none.",
                                max_placement_note)) +
                 "\n");
      std::string note;
      if (r = in.next("note> ", note); r == ReadResult::interrupted) return r;
      p.note = trim(note);
      std::string why = unshowable_value(p.note, max_placement_note, "the note");
      if (why.empty()) break;
      screen.say(screen.red(wrap(why, width, 2)) + "\n");
    }
  }
  session.placement = p;
  return ReadResult::line;
}

}  // namespace carepath
