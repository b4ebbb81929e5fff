#include "trainer/trace.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "util/color.hpp"
#include "util/i18n.hpp"
#include "util/json_writer.hpp"
#include "util/text.hpp"

namespace carepath {

namespace {

std::string node_value(const Engine& engine, const ExprNode& n, const Value& v) {
  if (v.kind == Kind::boolean || (!v.known() && n.type.type == Type::boolean)) return truth_word(v);
  return engine.format_value(v, n.type, false);
}

// An answer or fact read by a comparison: booleans read as the record spells them.
std::string operand_value(const Engine& engine, const ExprNode& n, const Value& v) {
  if (!v.known()) return "unknown";
  if (v.kind == Kind::boolean && !v.uncertain) return v.i ? "yes" : "no";
  return node_value(engine, n, v);
}

// The names a leaf reads, with their values: what a trainer needs to see why it came out so.
void collect_operands(const Engine& engine, const Expr& e, int i, const std::vector<Value>& vals, std::vector<std::string>& out) {
  const ExprNode& n = e.node(i);
  switch (n.op) {
    case Op::literal: case Op::list: return;
    case Op::item: case Op::fact: case Op::score_total: case Op::score_band: case Op::result: case Op::count:
      out.push_back(fmt::format("{} = {}", n.text, operand_value(engine, n, vals[static_cast<std::size_t>(i)])));
      return;
    default: break;
  }
  for (int k : {n.a, n.b})
    if (k >= 0) collect_operands(engine, e, k, vals, out);
  for (int k : n.args) collect_operands(engine, e, k, vals, out);
}

CondTrace build_node(const Engine& engine, const Expr& e, int i, const std::vector<Value>& vals) {
  const ExprNode& n = e.node(i);
  CondTrace t;
  t.text = n.text;
  t.value = vals[static_cast<std::size_t>(i)];
  t.shown = node_value(engine, n, t.value);
  if (n.op == Op::and_ || n.op == Op::or_) {
    // a and b and c reads as one list of three conditions, not a nested pair.
    std::vector<int> stack = {n.b, n.a};
    while (!stack.empty()) {
      int k = stack.back();
      stack.pop_back();
      if (e.node(k).op == n.op) {
        stack.push_back(e.node(k).b);
        stack.push_back(e.node(k).a);
      } else {
        t.children.push_back(build_node(engine, e, k, vals));
      }
    }
  } else if (n.op == Op::not_) {
    t.children.push_back(build_node(engine, e, n.a, vals));
  } else if (n.op != Op::fact && n.op != Op::item && n.op != Op::literal) {
    std::vector<std::string> ops;
    collect_operands(engine, e, i, vals, ops);
    t.operands = join(ops, "; ");
  }
  return t;
}

const Rule& rule_at(const RuleSet& rs, int i) { return rs.rules[static_cast<std::size_t>(i)]; }

}  // namespace

std::string truth_word(const Value& v) {
  Truth t = v.truth();
  // Marked for the catalogue, returned untranslated: the JSON trace keeps these words.
  if (!t.uncertain) return t.value ? N_("true") : N_("false");
  return t.value ? N_("unknown (so true)") : N_("unknown (so false)");
}

CondTrace trace_condition(const Engine& engine, const Expr& e, const EvalEnv& env) {
  if (!e.valid()) return {};
  std::vector<Value> vals;
  eval(e, env, &vals);
  return build_node(engine, e, e.root, vals);
}

void TraceObserver::group_reached(int group, const EvalEnv& env) {
  const RuleSet& rs = engine_.content().rules;
  groups.resize(rs.groups.size());
  auto& g = groups[static_cast<std::size_t>(group)];
  g.reached = true;
  const Expr& when = rs.groups[static_cast<std::size_t>(group)].when;
  g.active = !when.valid() || eval_truth(when, env).value;
  g.when = trace_condition(engine_, when, env);
}

void TraceObserver::rule_reached(int rule, const EvalEnv& env) {
  const RuleSet& rs = engine_.content().rules;
  rules.resize(rs.rules.size());
  rule_reached_flags.resize(rs.rules.size(), 0);
  rules[static_cast<std::size_t>(rule)] = trace_condition(engine_, rule_at(rs, rule).when, env);
  rule_reached_flags[static_cast<std::size_t>(rule)] = 1;
}

std::vector<std::string> effect_words(const Engine& engine, const Effects& fx, bool for_people) {
  const RuleSet& rs = engine.content().rules;
  auto level = [&](int l) { return rs.levels[static_cast<std::size_t>(l)].id; };
  // The JSON trace keeps the English words; the text trace says them in the reader's language.
  auto word = [&](const char* w) { return std::string(for_people ? tr(w) : w); };
  std::vector<std::string> out;
  if (fx.emergency) out.push_back("emergency = true");
  if (fx.setting >= 0)
    out.push_back(fmt::format("{} = {}", rs.setting.field, rs.setting.values[static_cast<std::size_t>(fx.setting)].id));
  if (fx.level >= 0) out.push_back("primary_level = " + level(fx.level));
  for (int l : fx.include) out.push_back(word(N_("include")) + " " + level(l));
  if (fx.alternative >= 0) out.push_back("alternative = " + level(fx.alternative));
  for (int f : fx.flags) out.push_back(word(N_("flag")) + " " + rs.flags[static_cast<std::size_t>(f)].id);
  for (int m : fx.medications) out.push_back(word(N_("medication")) + " " + rs.medications[static_cast<std::size_t>(m)].id);
  if (fx.notes.size() == 1) out.push_back(word(N_("a note")));
  else if (!fx.notes.empty())
    out.push_back(
        fmt::format(fmt::runtime(for_people ? trn("{} note", "{} notes", fx.notes.size()) : "{} notes"), fx.notes.size()));
  return out;
}

Trace build_trace(const Engine& engine, const RawRecord& raw, bool sensitivity) {
  const Content& c = engine.content();
  const RuleSet& rs = c.rules;
  Trace t;
  t.outcome.source = raw.source;
  t.outcome.record = validate_record(raw, c, t.outcome.errors);
  t.outcome.case_id = t.outcome.record.case_id;
  throw_if_invalid(raw.source, t.outcome.errors);
  TraceObserver obs(engine);
  t.outcome.result = engine.evaluate(t.outcome.record, &obs);
  const Result& r = t.outcome.result;
  EvalEnv env = engine.env(t.outcome.record, r);
  for (const auto& f : rs.facts) t.facts.push_back(trace_condition(engine, f.expr, env));
  t.groups = obs.groups;
  t.groups.resize(rs.groups.size());
  t.rules.resize(rs.rules.size());
  obs.rule_reached_flags.resize(rs.rules.size(), 0);
  obs.rules.resize(rs.rules.size());
  std::vector<int> group_winner(rs.groups.size(), -1);
  for (std::size_t i = 0; i < rs.rules.size(); ++i) {
    RuleTrace& rt = t.rules[i];
    const Rule& rule = rs.rules[i];
    bool fired = std::count(r.fired.begin(), r.fired.end(), static_cast<int>(i)) > 0;
    if (obs.rule_reached_flags[i]) {
      rt.when = obs.rules[i];
      rt.status = fired ? RuleTrace::Status::fired : RuleTrace::Status::not_matched;
      if (fired && rule.group >= 0 && rs.groups[static_cast<std::size_t>(rule.group)].first_match)
        group_winner[static_cast<std::size_t>(rule.group)] = static_cast<int>(i);
    } else if (rule.group >= 0 && group_winner[static_cast<std::size_t>(rule.group)] >= 0) {
      rt.status = RuleTrace::Status::earlier_matched;
      rt.matched_by = group_winner[static_cast<std::size_t>(rule.group)];
    } else {
      rt.status = RuleTrace::Status::group_inactive;
    }
  }
  if (!sensitivity) return t;
  t.probed = true;
  t.unknowns = probe_unknowns(engine, raw, t.outcome);
  return t;
}

namespace {

class Out {
 public:
  explicit Out(const TraceStyle& s) : s_(s) {}
  std::string text;
  void heading(const std::string& h) { text += paint(styles::strong, h) + "\n"; }
  void line(std::size_t indent, const std::string& s) {
    text += std::string(indent, ' ') + wrap(s, s_.width, indent + 2) + "\n";
  }
  void raw_line(std::size_t indent, const std::string& s) { text += std::string(indent, ' ') + s + "\n"; }
  std::string paint(const fmt::text_style& style, const std::string& s) const { return painted(s_.color, style, s); }
  std::string truth(const Value& v) const {
    std::string w = tr(truth_word(v).c_str());
    if (v.kind != Kind::boolean && v.known()) return w;
    return paint(v.truth().uncertain ? styles::unsure : v.truth().value ? styles::yes : styles::no, w);
  }

 private:
  const TraceStyle& s_;
};

void render_cond(Out& out, const CondTrace& c, std::size_t indent, bool root) {
  std::string v = c.value.kind == Kind::boolean || !c.value.known() ? out.truth(c.value) : c.shown;
  std::string head = root ? trf("when {}", c.text) : c.text;
  out.raw_line(indent, fmt::format("{}  -> {}{}", head, v, c.operands.empty() ? "" : "   (" + c.operands + ")"));
  if (c.children.size() > 0)
    for (const auto& ch : c.children) render_cond(out, ch, indent + 4, false);
}

}  // namespace

std::string render_trace(const Engine& engine, const Trace& t, const TraceStyle& style) {
  const Content& c = engine.content();
  const RuleSet& rs = c.rules;
  const Questionnaire& q = c.questionnaire;
  const Result& r = t.outcome.result;
  const Record& rec = t.outcome.record;
  Out out(style);
  std::string which = t.outcome.case_id ? trf("case {}", *t.outcome.case_id) : _("no case id");
  out.heading(t.outcome.source.empty() ? trf("carepath explain: {}", which)
                                       : trf("carepath explain: {} ({})", which, t.outcome.source));
  out.raw_line(0, trf("rules {} {}, questionnaire {} {}", rs.id, rs.version, q.id, q.version));
  out.text += "\n";
  out.heading(_("RESULT"));
  for (const auto& f : outcome_fields(engine, t.outcome)) out.line(2, f.name + ": " + f.show());
  out.text += "\n";

  out.heading(_("SCORES"));
  for (std::size_t i = 0; i < q.scores.size(); ++i) {
    const Score& s = q.scores[i];
    std::string name = s.label.empty() ? s.id : s.id + " (" + s.label + ")";
    if (!r.score_totals[i].known()) {
      std::vector<std::string> missing;
      for (int it : s.items)
        if (!rec.answered(it)) missing.push_back(q.items[static_cast<std::size_t>(it)].id);
      out.line(2, trf("{}: unknown; not answered: {}", name, join(missing, ", ")));
      continue;
    }
    std::string band;
    for (const auto& b : s.bands)
      if (r.score_bands[i].known() && b.sym == r.score_bands[i].i) band = trf(", band {} ({} to {})", b.id, b.min, b.max);
    out.line(2, fmt::format("{}: {}{}", name, r.score_totals[i].i, band));
    std::vector<std::string> parts;
    for (int it : s.items)
      parts.push_back(q.items[static_cast<std::size_t>(it)].id + " = " +
                      answer_text(c, it, rec.answers[static_cast<std::size_t>(it)], false));
    out.line(6, s.kind == Score::Kind::count ? trf("counted from {}", join(parts, ", ")) : trf("sum of {}", join(parts, ", ")));
  }
  out.text += "\n";

  out.heading(_("FACTS"));
  for (std::size_t i = 0; i < rs.facts.size(); ++i) {
    const Fact& f = rs.facts[i];
    std::string value = node_value(engine, f.expr.node(f.expr.root), r.facts[i]);
    if (value == truth_word(r.facts[i])) value = tr(value.c_str());
    out.line(2, fmt::format("{} = {}{}", f.id, value, f.label.empty() ? "" : "   (" + f.label + ")"));
    render_cond(out, t.facts[i], 6, false);
  }
  out.text += "\n";

  out.heading(_("RULES, IN ORDER"));
  std::vector<char> group_said(rs.groups.size(), 0);
  for (std::size_t i = 0; i < rs.rules.size(); ++i) {
    const Rule& rule = rs.rules[i];
    const RuleTrace& rt = t.rules[i];
    if (rule.group >= 0 && !group_said[static_cast<std::size_t>(rule.group)]) {
      group_said[static_cast<std::size_t>(rule.group)] = 1;
      const RuleGroup& g = rs.groups[static_cast<std::size_t>(rule.group)];
      const GroupTrace& gt = t.groups[static_cast<std::size_t>(rule.group)];
      out.raw_line(
          2, out.paint(styles::strong, trf("group {}{}: {}", g.id, g.label.empty() ? "" : " (" + g.label + ")",
                                           g.first_match ? _("the first rule that matches wins")
                                                         : _("every rule that matches applies"))));
      if (!gt.when.text.empty()) render_cond(out, gt.when, 4, true);
      if (!gt.active) out.raw_line(4, _("the group's condition does not hold: none of its rules apply"));
    }
    std::size_t ind = rule.group >= 0 ? 4 : 2;
    std::string status;
    switch (rt.status) {
      case RuleTrace::Status::fired:
        status = out.paint(styles::success, _("FIRED")) + ": " + join(effect_words(engine, rule.then, true), ", ");
        break;
      case RuleTrace::Status::not_matched: status = _("did not match"); break;
      case RuleTrace::Status::group_inactive: status = _("not reached (its group's condition does not hold)"); break;
      case RuleTrace::Status::earlier_matched:
        status = trf("not reached: '{}' matched first", rule_at(rs, rt.matched_by).id);
        break;
    }
    out.raw_line(ind, fmt::format("{}{}  {}", out.paint(styles::strong, rule.id),
                                  rule.principle.empty() ? "" : " [" + rule.principle + "]", status));
    if (rt.status == RuleTrace::Status::fired || rt.status == RuleTrace::Status::not_matched)
      render_cond(out, rt.when, ind + 4, true);
    else out.raw_line(ind + 4, trf("when {}", trim(rule.when.source)));
    if (rt.status == RuleTrace::Status::fired) out.line(ind + 4, trf("why: {}", engine.rationale(static_cast<int>(i), rec, r)));
  }
  out.text += "\n";

  if (!style.sensitivity || !t.probed) return out.text;
  out.heading(_("WHAT AN ANSWER WOULD HAVE CHANGED"));
  out.line(2, _("Each unanswered item that applies was tried with its allowed answers (every code; yes and no; for a list: "
                "none, each single code and, when counted by a score, the first k codes; for a number: its range ends and "
                "each boundary a condition compares it with; a rating scale it opens: filled to each boundary total)."));
  if (t.unknowns.sensitive.empty()) out.line(2, _("No unanswered item would have changed this result."));
  for (const auto& s : t.unknowns.sensitive) {
    const Item& it = q.items[static_cast<std::size_t>(s.item)];
    out.line(2, fmt::format("- {} ({}):", it.id, it.label));
    for (const auto& e : s.effects) {
      std::vector<std::string> ch;
      for (const auto& fc : e.changes) ch.push_back(fc.str());
      out.line(6, fmt::format("= {}: {}", join(e.values, " | "), join(ch, "; ")));
    }
  }
  std::vector<std::string> ids;
  for (int i : t.unknowns.no_effect) ids.push_back(q.items[static_cast<std::size_t>(i)].id);
  if (!ids.empty()) out.line(2, trf("No effect whatever the answer: {}.", join(ids, ", ")));
  for (const auto& [i, why] : t.unknowns.not_probed)
    out.line(2, trf("Not tried: {} ({})", q.items[static_cast<std::size_t>(i)].id, why));
  return out.text;
}

namespace {

void cond_json(JsonWriter& w, const CondTrace& c) {
  w.begin_object().key("text").value(c.text);
  if (c.value.kind == Kind::boolean || !c.value.known()) {
    Truth t = c.value.truth();
    w.key("value").value(t.value).key("unknown").value(t.uncertain);
  } else {
    w.key("value").value(c.shown);
  }
  if (!c.operands.empty()) w.key("operands").value(c.operands);
  if (!c.children.empty()) {
    w.key("children").begin_array();
    for (const auto& ch : c.children) cond_json(w, ch);
    w.end_array();
  }
  w.end_object();
}

}  // namespace

std::string trace_json(const Engine& engine, const Trace& t) {
  const Content& c = engine.content();
  const RuleSet& rs = c.rules;
  const Questionnaire& q = c.questionnaire;
  const Result& r = t.outcome.result;
  JsonWriter w(true);
  w.begin_object();
  w.key("result").raw(result_json(engine, t.outcome, false));
  w.key("scores").begin_array();
  for (std::size_t i = 0; i < q.scores.size(); ++i) {
    const Score& s = q.scores[i];
    w.begin_object().key("id").value(s.id).key("total");
    r.score_totals[i].known() ? w.value(static_cast<long long>(r.score_totals[i].i)) : w.null();
    w.key("band");
    r.score_bands[i].known() ? w.value(c.symbols.name(static_cast<Sym>(r.score_bands[i].i))) : w.null();
    w.key("answers").begin_object();
    for (int it : s.items)
      w.key(q.items[static_cast<std::size_t>(it)].id)
          .value(answer_text(c, it, t.outcome.record.answers[static_cast<std::size_t>(it)], false));
    w.end_object().end_object();
  }
  w.end_array();
  w.key("facts").begin_array();
  for (std::size_t i = 0; i < rs.facts.size(); ++i) {
    w.begin_object().key("id").value(rs.facts[i].id).key("value");
    cond_json(w, t.facts[i]);
    w.end_object();
  }
  w.end_array();
  w.key("groups").begin_array();
  for (std::size_t g = 0; g < rs.groups.size(); ++g) {
    w.begin_object().key("id").value(rs.groups[g].id).key("first_match").value(rs.groups[g].first_match);
    w.key("reached").value(t.groups[g].reached).key("active").value(t.groups[g].active);
    if (!t.groups[g].when.text.empty()) {
      w.key("when");
      cond_json(w, t.groups[g].when);
    }
    w.end_object();
  }
  w.end_array();
  static const char* status_names[] = {"fired", "not_matched", "group_inactive", "earlier_matched"};
  w.key("rules").begin_array();
  for (std::size_t i = 0; i < rs.rules.size(); ++i) {
    const Rule& rule = rs.rules[i];
    const RuleTrace& rt = t.rules[i];
    w.begin_object().key("id").value(rule.id).key("principle").value(rule.principle);
    w.key("group");
    rule.group >= 0 ? w.value(rs.groups[static_cast<std::size_t>(rule.group)].id) : w.null();
    w.key("status").value(status_names[static_cast<int>(rt.status)]);
    if (rt.matched_by >= 0) w.key("matched_by").value(rule_at(rs, rt.matched_by).id);
    w.key("when");
    if (!rt.when.text.empty()) cond_json(w, rt.when);
    else w.begin_object().key("text").value(trim(rule.when.source)).end_object();
    w.key("effects").strings(effect_words(engine, rule.then));
    if (rt.status == RuleTrace::Status::fired)
      w.key("rationale").value(engine.rationale(static_cast<int>(i), t.outcome.record, r));
    w.end_object();
  }
  w.end_array();
  if (t.probed) {
    w.key("sensitivity").begin_array();
    for (const auto& s : t.unknowns.sensitive) {
      w.begin_object().key("item").value(q.items[static_cast<std::size_t>(s.item)].id).key("effects").begin_array();
      for (const auto& e : s.effects) {
        w.begin_object().key("values").strings(e.values).key("changes").begin_array();
        for (const auto& fc : e.changes)
          w.begin_object().key("field").value(fc.field).key("before").value(fc.before).key("after").value(fc.after).end_object();
        w.end_array().end_object();
      }
      w.end_array().end_object();
    }
    w.end_array();
    std::vector<std::string> ids;
    for (int i : t.unknowns.no_effect) ids.push_back(q.items[static_cast<std::size_t>(i)].id);
    w.key("no_effect").strings(ids);
    w.key("not_probed").begin_array();
    for (const auto& [i, why] : t.unknowns.not_probed)
      w.begin_object().key("item").value(q.items[static_cast<std::size_t>(i)].id).key("why").value(why).end_object();
    w.end_array();
  }
  w.end_object();
  return w.str();
}

}  // namespace carepath
