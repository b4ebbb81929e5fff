#include "render/report.hpp"

#include <fmt/format.h>

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

// The feasible setting offered when the chosen one meets a barrier, with its caveat and why.
void alternative_setting_section(Sink& s, const Engine& engine, const Outcome& o) {
  const Result& r = o.result;
  if (r.alternative_setting < 0) return;
  const RuleSet& rs = engine.content().rules;
  const SettingValue& v = rs.setting.values[static_cast<std::size_t>(r.alternative_setting)];
  const Rule& rule = rs.rules[static_cast<std::size_t>(r.alternative_setting_rule)];
  s.heading("Alternative " + rs.setting.label);
  s.para(fmt::format("{} ({}): {}", s.strong(v.label), s.code(v.id), engine.render(rule.then.caveat, o.record, r)));
  s.para("Why: " + tagged(rule, engine.rationale(r.alternative_setting_rule, o.record, r)));
  s.end_section();
}

// The ratings (e.g. a multidimensional profile): each with the answers that set it, "at least"
// where an unanswered item could raise it, and which rate highest.
void ratings_section(Sink& s, const Engine& engine, const Outcome& o) {
  const RatingSet& set = engine.content().rules.ratings;
  if (set.list.empty()) return;
  const Result& r = o.result;
  auto questions = [&](const std::vector<int>& items) { return engine.unknown_questions(items); };
  s.heading(set.label.empty() ? set.field : set.label);
  long long top = -1;
  std::vector<std::string> highest;
  for (std::size_t k = 0; k < set.list.size(); ++k) {
    const Rating& g = set.list[k];
    const Value& v = r.ratings[k];
    std::vector<int> open = r.rating_open[k] ? engine.rating_unknowns(static_cast<int>(k), o.record, r) : std::vector<int>{};
    std::string line = g.label.empty() ? g.id : g.label;
    if (!v.known()) {
      line += ": not known";
      if (!open.empty()) line += fmt::format(" (not answered: {})", questions(open));
      s.bullet(line);
      continue;
    }
    const std::string& word = set.word(v.i);
    line += fmt::format(": {}{}{}", open.empty() ? "" : "at least ", v.i, word.empty() ? "" : " (" + word + ")");
    const RatingLine& held = g.lines[static_cast<std::size_t>(r.rating_line[k])];
    if (!held.because.empty()) line += ". " + engine.render(held.because, o.record, r);
    if (!open.empty()) line += fmt::format(" Not answered, and could raise it: {}.", questions(open));
    s.bullet(line);
    if (v.i > top) top = v.i, highest.clear();
    if (v.i == top) highest.push_back(g.label.empty() ? g.id : g.label);
  }
  if (top >= 0) {
    const std::string& word = set.word(top);
    s.para(fmt::format("{}Highest: {} ({}{}).", set.principle.empty() ? "" : "[" + set.principle + "] ", join(highest, "; "), top,
                       word.empty() ? "" : ", " + word));
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

  alternative_setting_section(s, engine, o);

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

  ratings_section(s, engine, o);

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
