#include "render/report.hpp"

#include <fmt/format.h>

#include "lang/expr_table.hpp"
#include "util/text.hpp"

namespace carepath {

namespace {

// The two renderings differ only in how headings, list entries and emphasis look.
class Sink {
 public:
  explicit Sink(const ReportStyle& s) : s_(s) {}
  std::string out;

  void title(const std::string& t) {
    if (md()) out += "# " + t + "\n\n";
    else out += bold(t) + "\n\n";
  }
  void heading(const std::string& h) {
    if (md()) out += "## " + h + "\n\n";
    else out += bold(upper(h)) + "\n";
  }
  void alert(const std::string& h, const std::string& body) {
    if (md()) {
      out += "> **" + h + "**\n>\n";
      for (const auto& line : lines(body)) out += "> " + line + "\n";
      out += "\n";
    } else {
      std::string bar(std::min<std::size_t>(s_.width, 78), '!');
      out += color("1;31", bar) + "\n" + color("1;31", h) + "\n" + wrap(body, s_.width, 0) + "\n" + color("1;31", bar) + "\n\n";
    }
  }
  void numbered(int n, const std::string& head, const std::vector<std::string>& details) {
    if (md()) {
      out += fmt::format("{}. **{}**\n", n, head);
      for (const auto& d : details) out += "   - " + d + "\n";
    } else {
      out += fmt::format("  {}. {}\n", n, bold(head));
      for (const auto& d : details) out += "     " + wrap(d, s_.width, 5) + "\n";
    }
  }
  void bullet(const std::string& text) {
    if (md()) out += "- " + text + "\n";
    else out += "  - " + wrap(text, s_.width, 4) + "\n";
  }
  void para(const std::string& text) {
    if (md()) out += text + "\n";
    else out += "  " + wrap(text, s_.width, 2) + "\n";
  }
  void end_section() { out += "\n"; }
  std::string code(const std::string& s) const { return md() ? "`" + s + "`" : s; }
  std::string strong(const std::string& s) const { return md() ? "**" + s + "**" : bold(s); }

 private:
  const ReportStyle& s_;
  bool md() const { return s_.format == ReportFormat::markdown; }
  std::string color(const char* sgr, const std::string& s) const { return s_.color ? fmt::format("\x1b[{}m{}\x1b[0m", sgr, s) : s; }
  std::string bold(const std::string& s) const { return color("1", s); }
  static std::string upper(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s;
  }
  static std::vector<std::string> lines(const std::string& s) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start < s.size()) {
      std::size_t end = s.find('\n', start);
      if (end == std::string::npos) end = s.size();
      out.push_back(s.substr(start, end - start));
      start = end + 1;
    }
    return out;
  }
};

std::string tagged(const Rule& r, const std::string& text) {
  return r.principle.empty() ? text : fmt::format("[{}] {}", r.principle, text);
}

// The counselor's decision beside the recommendation, and when the level decided is lower
// (later in the rule set's levels) than the one recommended, what bridges the gap.
void decision_section(Sink& s, const Engine& engine, const Outcome& o) {
  const Placement& p = *o.record.placement;
  const RuleSet& rs = engine.content().rules;
  const Result& r = o.result;
  auto level = [&](int l) {
    return l < 0 ? std::string("none")
                 : rs.levels[static_cast<std::size_t>(l)].label + " (" + s.code(rs.levels[static_cast<std::size_t>(l)].id) + ")";
  };
  s.heading("Recommendation and decision");
  s.para("Recommended primary level: " + level(r.primary_level));
  bool follows = follows_recommendation(p, r);
  std::string decided = "Decided by the counselor:  " + level(p.level);
  if (follows)
    decided += ", as recommended";
  else if (p.reason >= 0) {
    const Named& why = rs.decision.reasons[static_cast<std::size_t>(p.reason)];
    decided += fmt::format(", a departure: {} ({})", why.label, s.code(why.id));
  }
  s.para(decided);
  if (!p.note.empty()) s.para("Note: " + p.note);
  if (!follows && p.level > r.primary_level && r.primary_level >= 0 && !rs.decision.bridging.empty()) {
    s.para(rs.decision.bridging_title.empty() ? "Bridging the gap:" : rs.decision.bridging_title + ":");
    EvalEnv env = engine.env(o.record, r);
    for (const auto& b : rs.decision.bridging)
      if (!b.conditional || eval_fast(b.when, env).truth().value) s.bullet(engine.render(b.text, o.record, r));
  }
  s.end_section();
}

}  // namespace

std::string render_report(const Engine& engine, const Outcome& o, const ReportStyle& style) {
  const Content& c = engine.content();
  const RuleSet& rs = c.rules;
  const Questionnaire& q = c.questionnaire;
  const Result& r = o.result;
  Sink s(style);
  if (o.record.unfinished) {  // first, before anything a reader might act on
    s.title("INTAKE NOT FINISHED");
    s.para(
        "This record was saved before the intake's review was finished: answers may still change. Continue it with "
        "'carepath intake --resume FILE'.");
    s.end_section();
  }
  s.title(fmt::format("carepath report: {}{}", o.case_id ? "case " + *o.case_id : "no case id", o.source.empty() ? "" : " (" + o.source + ")"));
  if (r.emergency) s.alert(rs.emergency_title, rs.emergency_text);

  s.heading("Recommended pathway");
  bool step_down_said = false;
  for (std::size_t step = 0; step < r.pathway.size(); ++step) {
    int li = r.pathway[step];
    const Level& level = rs.levels[static_cast<std::size_t>(li)];
    std::string head = level.label + " (" + s.code(level.id) + ")";
    std::vector<std::string> details;
    if (li == r.primary_level) head += " - primary level of care";
    bool before = level.placement == Level::Placement::before;
    if (before && r.setting != rs.setting.none_sym)
      for (const auto& v : rs.setting.values)
        if (v.sym == r.setting) details.push_back(fmt::format("{}: {} ({}){}", rs.setting.label, v.label, s.code(v.id), v.description.empty() ? "" : ". " + v.description));
    if (!level.description.empty()) details.push_back(level.description);
    if (!level.typical.empty()) details.push_back("Typical: " + level.typical);
    auto why = [&](int rule) {
      if (rule >= 0) details.push_back("Why: " + tagged(rs.rules[static_cast<std::size_t>(rule)], engine.rationale(rule, o.record, r)));
    };
    if (before) {
      why(r.include_rule[static_cast<std::size_t>(li)]);
      if (r.setting_rule >= 0) why(r.setting_rule);
    } else if (li == r.primary_level) {
      why(r.primary_rule);
    } else if (engine.pathway_explained(r)) {
      // The step-down reason is the same for every later step: say it in full once.
      std::string t = step_down_said ? "step-down, as above." : engine.pathway_rationale(o.record, r);
      step_down_said = true;
      details.push_back("Why: " + (rs.pathway_principle.empty() ? t : fmt::format("[{}] {}", rs.pathway_principle, t)));
    }
    s.numbered(static_cast<int>(step + 1), head, details);
  }
  s.end_section();

  if (r.alternative >= 0) {
    s.heading("Alternative");
    const Level& alt = rs.levels[static_cast<std::size_t>(r.alternative)];
    const Rule& rule = rs.rules[static_cast<std::size_t>(r.alternative_rule)];
    s.para(fmt::format("{} ({}): {}", s.strong(alt.label), s.code(alt.id), engine.render(rule.then.caveat, o.record, r)));
    s.para("Why: " + tagged(rule, engine.rationale(r.alternative_rule, o.record, r)));
    s.end_section();
  }

  if (o.record.placement) decision_section(s, engine, o);

  auto meds = medication_ids(engine, r);
  if (!meds.empty()) {
    s.heading("Medications to discuss");
    for (std::size_t i = 0; i < rs.medications.size(); ++i)
      if (r.medications[i])
        s.bullet(fmt::format("{} ({}){}", s.strong(rs.medications[i].label), s.code(rs.medications[i].id),
                             rs.medications[i].note.empty() ? "" : ": " + rs.medications[i].note));
    s.end_section();
  }

  if (!flag_ids(engine, r).empty()) {
    s.heading("Flags");
    for (std::size_t i = 0; i < rs.flags.size(); ++i)
      if (r.flags[i]) s.bullet(fmt::format("{} ({})", rs.flags[i].label, s.code(rs.flags[i].id)));
    s.end_section();
  }

  bool any_notes = false;
  for (int ri : r.fired) any_notes = any_notes || !rs.rules[static_cast<std::size_t>(ri)].then.notes.empty();
  if (any_notes) {
    s.heading("Notes");
    for (int ri : r.fired)
      for (const auto& n : rs.rules[static_cast<std::size_t>(ri)].then.notes)
        s.bullet(tagged(rs.rules[static_cast<std::size_t>(ri)], engine.render(n, o.record, r)));
    s.end_section();
  }

  s.heading("Scores");
  for (std::size_t i = 0; i < q.scores.size(); ++i) {
    const Score& sc = q.scores[i];
    std::string label = sc.label.empty() ? sc.id : sc.label;
    if (!r.score_totals[i].known()) {
      s.bullet(fmt::format("{}: not known (not all of its items were answered)", label));
      continue;
    }
    std::string band;
    for (const auto& b : sc.bands)
      if (r.score_bands[i].known() && b.sym == r.score_bands[i].i) band = b.label.empty() ? b.id : b.label;
    s.bullet(fmt::format("{}: {}{}", label, r.score_totals[i].i, band.empty() ? "" : " (" + band + ")"));
  }
  s.end_section();

  s.heading("Facts");
  for (std::size_t i = 0; i < rs.facts.size(); ++i) {
    const Fact& f = rs.facts[i];
    s.bullet(fmt::format("{}: {}", f.label.empty() ? f.id : f.label, engine.format_value(r.facts[i], f.expr.type(), false)));
  }
  s.end_section();

  s.heading("What was unknown");
  auto sensitive = engine.sensitive_unknowns(o.record, r);
  std::vector<bool> listed(q.items.size(), false);
  for (const auto& [item, rules] : sensitive) {
    listed[static_cast<std::size_t>(item)] = true;
    std::vector<std::string> ids;
    for (int ri : rules) ids.push_back(rs.rules[static_cast<std::size_t>(ri)].id);
    const Item& it = q.items[static_cast<std::size_t>(item)];
    s.bullet(fmt::format("{} ({}) was not answered; an answer could change: {}", s.code(it.id), it.label, join(ids, ", ")));
  }
  std::vector<std::string> others;
  for (std::size_t i = 0; i < q.items.size(); ++i)
    if (!listed[i] && !o.record.answered(static_cast<int>(i)) && item_applies(q, static_cast<int>(i), o.record.answers).value)
      others.push_back(q.items[i].id);
  if (sensitive.empty()) s.para("Nothing unknown could change this result.");
  if (!others.empty()) s.para("Also not answered (no effect on this result): " + join(others, ", ") + ".");
  s.end_section();

  s.heading("Rule set");
  s.para(fmt::format("{} {} ({}); questionnaire {} {}; digest sha256:{}", rs.id, rs.version, rs.title, q.id, q.version, c.digest));
  s.end_section();
  if (!rs.disclaimer.empty()) {
    s.heading("Disclaimer");
    s.para(rs.disclaimer);
  }
  return s.out;
}

}  // namespace carepath
