#include "render/report.hpp"

#include <fmt/format.h>

#include "lang/expr_table.hpp"
#include "util/color.hpp"
#include "util/i18n.hpp"
#include "util/text.hpp"

namespace carepath {

namespace {

// The two renderings differ only in how headings, list entries and emphasis look. Text from
// the content is reflowed (a YAML literal block's line breaks are not the terminal's) and
// wrapped at the style's width, measured in visible columns.
class Sink {
 public:
  explicit Sink(const ReportStyle& s) : s_(s) {}
  std::string out;

  void title(const std::string& t) {
    if (md()) out += "# " + t + "\n\n";
    else
      out += bold(wrap(t, s_.width, 0)) + "\n\n";
  }
  void heading(const std::string& h) {
    if (md()) out += "## " + h + "\n\n";
    else out += bold(wrap(upper_case(h), s_.width, 0)) + "\n";
  }
  // Readable as it stands, by eye or by a screen reader: a heading and sentences, no rows of
  // marks; colour and bold only when the style allows them.
  void alert(const std::string& h, const std::string& body) {
    if (md()) {
      out += "> **" + h + "**\n>\n";
      for (const auto& line : lines(reflow(body))) out += line.empty() ? ">\n" : "> " + line + "\n";
      out += "\n";
    } else {
      out += painted(s_.color, styles::alarm, wrap(h, s_.width, 0)) + "\n";
      out += "  " + wrap(reflow(body), s_.width, 2) + "\n\n";
    }
  }
  void numbered(int n, const std::string& head, const std::vector<std::string>& details) {
    if (md()) {
      out += fmt::format("{}. **{}**\n", n, head);
      for (const auto& d : details) out += "   - " + reflow(d) + "\n";
    } else {
      std::string num = fmt::format("  {}. ", n);
      out += num + bold(wrap(head, s_.width, num.size())) + "\n";
      for (const auto& d : details) out += "     " + wrap(reflow(d), s_.width, 5) + "\n";
    }
  }
  void bullet(const std::string& text) {
    if (md())
      out += "- " + reflow(text) + "\n";
    else
      out += "  - " + wrap(reflow(text), s_.width, 4) + "\n";
  }
  void para(const std::string& text) {
    if (md())
      out += reflow(text) + "\n";
    else
      out += "  " + wrap(reflow(text), s_.width, 2) + "\n";
  }
  // "Label: text", the label emphasized; continuation lines indented under the text.
  void field(const std::string& label, const std::string& text) {
    if (md())
      out += "- **" + label + ":** " + text + "\n";
    else
      out += "  " + wrap(bold(label + ":") + " " + text, s_.width, 4) + "\n";
  }
  void end_section() { out += "\n"; }
  std::string strong(const std::string& s) const { return md() ? "**" + s + "**" : bold(s); }

 private:
  const ReportStyle& s_;
  bool md() const { return s_.format == ReportFormat::markdown; }
  std::string bold(const std::string& s) const { return painted(s_.color, styles::strong, s); }
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

// What every section needs: the content, the scored record and where the text goes.
struct Report {
  const Engine& engine;
  const Content& c;
  const RuleSet& rs;
  const Outcome& o;
  const Result& r;
  Sink& s;

  const Level& level(int l) const { return rs.levels[static_cast<std::size_t>(l)]; }
  const Rule& rule(int ri) const { return rs.rules[static_cast<std::size_t>(ri)]; }
  // A rule's rationale with its principle: "[P5] ...".
  std::string why(int ri) const {
    const Rule& rl = rule(ri);
    std::string text = engine.rationale_text(ri, o.record, r);
    return rl.principle.empty() ? text : fmt::format("[{}] {}", rl.principle, text);
  }
  const SettingValue* setting() const {
    for (const auto& v : rs.setting.values)
      if (v.sym == r.setting && r.setting != rs.setting.none_sym) return &v;
    return nullptr;
  }
};

// "Cost barrier" of "Cost barrier: the person cannot pay for it".
std::string short_label(const Named& n) {
  auto colon = n.label.find(':');
  return colon == std::string::npos ? n.label : n.label.substr(0, colon);
}

// At most ten lines that say what was decided, each added by one call. The counselor's
// decision (the record's placement) and the dimensions rated highest each become one more
// add() here, after the alternative, once the record and result carry them.
class Summary {
 public:
  void add(std::string label, std::string text) {
    if (lines_.size() < max_lines) lines_.emplace_back(std::move(label), std::move(text));
  }
  void write(Sink& s) const {
    s.heading(_("Summary"));
    for (const auto& [label, text] : lines_) s.field(label, text);
    s.end_section();
  }

 private:
  static constexpr std::size_t max_lines = 10;
  std::vector<std::pair<std::string, std::string>> lines_;
};

// The value of rating k with its scale word, "at least" when an unanswered item could raise it.
std::string rating_value(const Report& x, std::size_t k) {
  const RatingSet& set = x.rs.ratings;
  const Value& v = x.r.ratings[k];
  if (!v.known()) return _("not known");
  const std::string& word = set.word(v.i);
  if (word.empty()) return x.r.rating_open[k] ? trf("at least {}", v.i) : std::to_string(v.i);
  return x.r.rating_open[k] ? trf("at least {}, {}", v.i, word) : trf("{}, {}", v.i, word);
}

// The ratings rated highest, "Readiness; Environment (3, significant)", or empty.
std::string highest_ratings(const Report& x) {
  const RatingSet& set = x.rs.ratings;
  long long top = -1;
  std::vector<std::string> highest;
  for (std::size_t k = 0; k < set.list.size(); ++k) {
    const Value& v = x.r.ratings[k];
    if (!v.known()) continue;
    if (v.i > top) top = v.i, highest.clear();
    if (v.i == top) highest.push_back(set.list[k].label.empty() ? set.list[k].id : set.list[k].label);
  }
  if (top < 0) return {};
  const std::string& word = set.word(top);
  return word.empty() ? fmt::format("{} ({})", join(highest, "; "), top) : trf("{} ({}, {})", join(highest, "; "), top, word);
}

void summary_section(const Report& x) {
  Summary sum;
  if (x.r.emergency) sum.add(_("Emergency"), _("yes (above)"));
  if (const SettingValue* v = x.setting()) sum.add(x.rs.setting.label, v->label);
  if (x.r.primary_level >= 0) sum.add(_("Primary level of care"), x.level(x.r.primary_level).label);
  if (x.r.alternative >= 0) sum.add(_("Alternative"), x.level(x.r.alternative).label);
  if (x.r.alternative_setting >= 0)
    sum.add(trf("Alternative {}", x.rs.setting.label),
            x.rs.setting.values[static_cast<std::size_t>(x.r.alternative_setting)].label);
  if (const auto& p = x.o.record.placement) {
    bool follows = follows_recommendation(*p, x.r);
    std::string level = p->level < 0 ? std::string(_("none")) : x.level(p->level).label;
    sum.add(_("Counselor's decision"),
            follows ? trf("{}, as recommended", level) : trf("{}, a departure from the recommendation", level));
  }
  if (std::string h = highest_ratings(x); !h.empty())
    sum.add(_("Rated highest"), h);
  std::vector<std::string> flags;
  for (std::size_t i = 0; i < x.rs.flags.size(); ++i)
    if (x.r.flags[i]) flags.push_back(short_label(x.rs.flags[i]));
  if (!flags.empty()) sum.add(_("Flags"), join(flags, "; "));
  sum.write(x.s);
}

// The counselor's decision beside the recommendation, and when the level decided is lower
// (later in the rule set's levels) than the one recommended, what bridges the gap.
void decision_section(const Report& x) {
  if (!x.o.record.placement) return;
  const Placement& p = *x.o.record.placement;
  auto level = [&](int l) { return l < 0 ? std::string(_("none")) : x.level(l).label; };
  x.s.heading(_("Recommendation and decision"));
  x.s.field(_("Recommended primary level"), level(x.r.primary_level));
  bool follows = follows_recommendation(p, x.r);
  std::string decided = level(p.level);
  if (follows)
    decided = trf("{}, as recommended", decided);
  else if (p.reason >= 0)
    decided = trf("{}, a departure: {}", decided, x.rs.decision.reasons[static_cast<std::size_t>(p.reason)].label);
  x.s.field(_("Decided by the counselor"), decided);
  if (!p.note.empty()) x.s.field(_("Note"), p.note);
  if (!follows && p.level > x.r.primary_level && x.r.primary_level >= 0 && !x.rs.decision.bridging.empty()) {
    x.s.para(x.rs.decision.bridging_title.empty() ? _("Bridging the gap:") : trf("{}:", x.rs.decision.bridging_title));
    EvalEnv env = x.engine.env(x.o.record, x.r);
    for (const auto& b : x.rs.decision.bridging)
      if (!b.conditional || eval_fast(b.when, env).truth().value) x.s.bullet(x.engine.render(b.text, x.o.record, x.r));
  }
  x.s.end_section();
}

void pathway_section(const Report& x) {
  const RuleSet& rs = x.rs;
  const Result& r = x.r;
  x.s.heading(_("Recommended pathway"));
  bool step_down_said = false;
  for (std::size_t step = 0; step < r.pathway.size(); ++step) {
    int li = r.pathway[step];
    const Level& level = x.level(li);
    std::string head = level.label;
    std::vector<std::string> details;
    if (li == r.primary_level) head = trf("{} - primary level of care", head);
    bool before = level.placement == Level::Placement::before;
    if (const SettingValue* v = x.setting(); before && v)
      details.push_back(fmt::format("{}: {}{}", rs.setting.label, v->label, v->description.empty() ? "" : ". " + v->description));
    if (!level.description.empty()) details.push_back(level.description);
    if (!level.typical.empty()) details.push_back(trf("Typical: {}", level.typical));
    auto why = [&](int rule) {
      if (rule >= 0) details.push_back(trf("Why: {}", x.why(rule)));
    };
    if (before) {
      why(r.include_rule[static_cast<std::size_t>(li)]);
      if (r.setting_rule >= 0) why(r.setting_rule);
    } else if (li == r.primary_level) {
      why(r.primary_rule);
    } else if (x.engine.pathway_explained(r)) {
      // The step-down reason is the same for every later step: say it in full once.
      std::string t = step_down_said ? _("step-down, as above.") : x.engine.pathway_rationale(x.o.record, r);
      step_down_said = true;
      details.push_back(trf("Why: {}", rs.pathway_principle.empty() ? t : fmt::format("[{}] {}", rs.pathway_principle, t)));
    }
    x.s.numbered(static_cast<int>(step + 1), head, details);
  }
  x.s.end_section();
}

void alternative_section(const Report& x) {
  if (x.r.alternative < 0) return;
  x.s.heading(_("Alternative"));
  const Rule& rule = x.rule(x.r.alternative_rule);
  x.s.para(fmt::format("{}: {}", x.s.strong(x.level(x.r.alternative).label), x.engine.render(rule.then.caveat, x.o.record, x.r)));
  x.s.para(trf("Why: {}", x.why(x.r.alternative_rule)));
  x.s.end_section();
}

// The feasible setting offered when the chosen one meets a barrier, with its caveat and why.
void alternative_setting_section(const Report& x) {
  if (x.r.alternative_setting < 0) return;
  const SettingValue& v = x.rs.setting.values[static_cast<std::size_t>(x.r.alternative_setting)];
  const Rule& rule = x.rule(x.r.alternative_setting_rule);
  x.s.heading(trf("Alternative {}", x.rs.setting.label));
  x.s.para(fmt::format("{}: {}", x.s.strong(v.label), x.engine.render(rule.then.caveat, x.o.record, x.r)));
  x.s.para(trf("Why: {}", x.why(x.r.alternative_setting_rule)));
  x.s.end_section();
}

// The ratings (e.g. a multidimensional profile): each with the answers that set it, "at least"
// where an unanswered item could raise it, and which rate highest.
void ratings_section(const Report& x) {
  const RatingSet& set = x.rs.ratings;
  if (set.list.empty()) return;
  x.s.heading(set.label.empty() ? set.field : set.label);
  for (std::size_t k = 0; k < set.list.size(); ++k) {
    const Rating& g = set.list[k];
    std::vector<int> open =
        x.r.rating_open[k] ? x.engine.rating_unknowns(static_cast<int>(k), x.o.record, x.r) : std::vector<int>{};
    std::string line = (g.label.empty() ? g.id : g.label) + ": " + rating_value(x, k);
    if (x.r.ratings[k].known()) {
      const RatingLine& held = g.lines[static_cast<std::size_t>(x.r.rating_line[k])];
      if (!held.because.empty()) line += ". " + x.engine.render(held.because, x.o.record, x.r);
      if (!open.empty()) line += " " + trf("Not answered, and could raise it: {}.", x.engine.unknown_questions(open));
    } else if (!open.empty()) {
      line += " " + trf("(not answered: {})", x.engine.unknown_questions(open));
    }
    x.s.bullet(line);
  }
  if (std::string h = highest_ratings(x); !h.empty())
    x.s.para((set.principle.empty() ? "" : "[" + set.principle + "] ") + trf("Highest: {}.", h));
  x.s.end_section();
}

void medications_section(const Report& x) {
  const auto& meds = x.rs.medications;
  if (std::none_of(x.r.medications.begin(), x.r.medications.end(), [](char m) { return m; })) return;
  x.s.heading(_("Medications to discuss"));
  for (std::size_t i = 0; i < meds.size(); ++i)
    if (x.r.medications[i]) x.s.bullet(x.s.strong(meds[i].label) + (meds[i].note.empty() ? "" : ": " + meds[i].note));
  x.s.end_section();
}

void flags_section(const Report& x) {
  if (std::none_of(x.r.flags.begin(), x.r.flags.end(), [](char f) { return f; })) return;
  x.s.heading(_("Flags"));
  for (std::size_t i = 0; i < x.rs.flags.size(); ++i)
    if (x.r.flags[i]) x.s.bullet(x.rs.flags[i].label);
  x.s.end_section();
}

void notes_section(const Report& x) {
  bool any = false;
  for (int ri : x.r.fired) any = any || !x.rule(ri).then.notes.empty();
  if (!any) return;
  x.s.heading(_("Notes"));
  for (int ri : x.r.fired)
    for (const auto& n : x.rule(ri).then.notes) {
      std::string text = x.engine.render(n, x.o.record, x.r);
      x.s.bullet(x.rule(ri).principle.empty() ? text : fmt::format("[{}] {}", x.rule(ri).principle, text));
    }
  x.s.end_section();
}

void scores_section(const Report& x) {
  const Questionnaire& q = x.c.questionnaire;
  x.s.heading(_("Scores"));
  for (std::size_t i = 0; i < q.scores.size(); ++i) {
    const Score& sc = q.scores[i];
    std::string label = sc.label.empty() ? sc.id : sc.label;
    if (!x.r.score_totals[i].known()) {
      x.s.bullet(trf("{}: not known (not all of its items were answered)", label));
      continue;
    }
    std::string band;
    for (const auto& b : sc.bands)
      if (x.r.score_bands[i].known() && b.sym == x.r.score_bands[i].i) band = b.label.empty() ? b.id : b.label;
    x.s.bullet(fmt::format("{}: {}{}", label, x.r.score_totals[i].i, band.empty() ? "" : " (" + band + ")"));
  }
  x.s.end_section();
}

void facts_section(const Report& x) {
  x.s.heading(_("Facts"));
  for (std::size_t i = 0; i < x.rs.facts.size(); ++i) {
    const Fact& f = x.rs.facts[i];
    x.s.bullet(fmt::format("{}: {}", f.label.empty() ? f.id : f.label, x.engine.format_value(x.r.facts[i], f.expr.type(), true)));
  }
  x.s.end_section();
}

// Only what an answer would change, found by trying the answers (as `explain` does).
void unknowns_section(const Report& x, const Unknowns& u) {
  x.s.heading(_("What was unknown"));
  auto sentences = unknown_sentences(x.engine, u);
  if (sentences.empty()) x.s.para(_("No unanswered question could change this result."));
  for (const auto& line : sentences) x.s.bullet(line);
  x.s.end_section();
}

void provenance_section(const Report& x) {
  const Questionnaire& q = x.c.questionnaire;
  x.s.heading(_("Rule set"));
  x.s.para(trf("{} {} ({}); questionnaire {} {}; digest sha256:{}", x.rs.id, x.rs.version, x.rs.title, q.id, q.version,
                       x.c.digest));
  x.s.end_section();
  if (!x.rs.disclaimer.empty()) {
    x.s.heading(_("Disclaimer"));
    x.s.para(x.rs.disclaimer);
  }
}

}  // namespace

std::string upper_case(std::string_view s) {
  std::string out(s);
  for (std::size_t i = 0; i < out.size(); ++i) {
    auto c = static_cast<unsigned char>(out[i]);
    if (c >= 'a' && c <= 'z') out[i] = static_cast<char>(c - 0x20);
    // U+00E0..U+00FE (à..þ, not ÷) are two bytes C3 A0..C3 BE; their capitals are C3 80..C3 9E.
    auto next = i + 1 < out.size() ? static_cast<unsigned char>(out[i + 1]) : 0;
    if (c == 0xc3 && next >= 0xa0 && next <= 0xbe && next != 0xb7) out[++i] = static_cast<char>(next - 0x20);
  }
  return out;
}

std::string render_report(const Engine& engine, const Outcome& o, const Unknowns& unknowns, const ReportStyle& style) {
  Sink s(style);
  Report x{engine, engine.content(), engine.content().rules, o, o.result, s};
  if (o.record.unfinished) {  // first, before anything a reader might act on
    s.title(_("INTAKE NOT FINISHED"));
    s.para(
        _("This record was saved before the intake's review was finished: answers may still change. Continue it with "
          "'carepath intake --resume FILE'."));
    s.end_section();
  }
  std::string which = o.case_id ? trf("case {}", *o.case_id) : _("no case id");
  s.title(o.source.empty() ? trf("carepath report: {}", which) : trf("carepath report: {} ({})", which, o.source));
  // Safety first: what to do now comes before everything else, then what was decided.
  if (o.result.emergency) s.alert(x.rs.emergency_title, x.rs.emergency_text);
  summary_section(x);
  decision_section(x);
  pathway_section(x);
  alternative_section(x);
  alternative_setting_section(x);
  medications_section(x);
  flags_section(x);
  notes_section(x);
  ratings_section(x);
  scores_section(x);
  facts_section(x);
  unknowns_section(x, unknowns);
  provenance_section(x);
  return s.out;
}

}  // namespace carepath
