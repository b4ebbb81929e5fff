#include "content/lint.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "util/i18n.hpp"

namespace carepath {

namespace {

bool is_always_true(const Expr& e) {
  return e.valid() && e.node(e.root).op == Op::literal && e.node(e.root).lit.kind == Kind::boolean && e.node(e.root).lit.i;
}

void mark_facts(const Expr& e, std::vector<char>& used) {
  for (int f : e.facts) used[static_cast<std::size_t>(f)] = 1;
}

void mark_template(const Template& t, std::vector<char>& used) {
  for (const auto& p : t.parts) mark_facts(p.expr, used);
}

bool has_reasons_hole(const Template& t) {
  return std::any_of(t.parts.begin(), t.parts.end(), [](const Template::Part& p) { return p.reasons; });
}

// Every item a sub-expression reads, through facts and scores.
void node_items(const Content& c, const Expr& e, int node, std::set<int>& out) {
  if (node < 0) return;
  const ExprNode& n = e.node(node);
  auto add_expr = [&](const Expr& x) { node_items(c, x, x.root, out); };
  switch (n.op) {
    case Op::item: out.insert(n.ref); break;
    case Op::fact: add_expr(c.rules.facts[static_cast<std::size_t>(n.ref)].expr); break;
    case Op::score_total:
    case Op::score_band: {
      const auto& items = c.questionnaire.scores[static_cast<std::size_t>(n.ref)].items;
      out.insert(items.begin(), items.end());
      break;
    }
    default: break;
  }
  node_items(c, e, n.a, out);
  node_items(c, e, n.b, out);
  for (int a : n.args) node_items(c, e, a, out);
}

// The sub-conditions a rule's condition is made of: its operands of 'and' and 'or', each down
// to what is neither.
void sub_conditions(const Expr& e, int node, std::vector<int>& out) {
  const ExprNode& n = e.node(node);
  if (n.op == Op::and_ || n.op == Op::or_) {
    sub_conditions(e, n.a, out);
    sub_conditions(e, n.b, out);
  } else if (n.op != Op::literal) {
    out.push_back(node);
  }
}

// A rule that explains itself with {reasons} must have a reason for every sub-condition that
// can make it fire, and no reason about anything its condition does not read.
void lint_reasons(const Content& content, const Rule& rule, Diagnostics& diags) {
  // A rule of a group fires only when the group's condition holds: that decides it too.
  std::set<int> decided(rule.items.begin(), rule.items.end());
  if (rule.group >= 0)
    if (const Expr& g = content.rules.groups[static_cast<std::size_t>(rule.group)].when; g.valid())
      node_items(content, g, g.root, decided);
  bool hole = has_reasons_hole(rule.because);
  if (hole && rule.reasons.empty())
    diags.add(rule.pos, trf("rule '{}': its rationale has {{reasons}} but the rule has no 'reasons:'", rule.id));
  if (!hole && !rule.reasons.empty())
    diags.add(rule.pos, trf("rule '{}': it has 'reasons:' but its rationale has no {{reasons}} to show them", rule.id));
  if (rule.reasons.empty() || !rule.when.valid()) return;
  const auto& items = content.questionnaire.items;
  std::vector<std::set<int>> reason_items;
  for (const auto& x : rule.reasons) {
    reason_items.emplace_back(x.items.begin(), x.items.end());
    for (int i : x.items)
      if (!decided.count(i))
        diags.add(x.pos, trf("rule '{}': a reason reads '{}', which the rule's condition does not", rule.id,
                             items[static_cast<std::size_t>(i)].id));
  }
  if (!hole) return;
  std::vector<int> subs;
  sub_conditions(rule.when, rule.when.root, subs);
  for (int node : subs) {
    std::set<int> read;
    node_items(content, rule.when, node, read);
    if (read.empty()) continue;
    bool named = std::any_of(reason_items.begin(), reason_items.end(), [&](const std::set<int>& r) {
      return std::any_of(read.begin(), read.end(), [&](int i) { return r.count(i) > 0; });
    });
    if (!named)
      diags.add(rule.pos, trf("rule '{}': the sub-condition '{}' can decide it, but no reason names it; add a reason with "
                              "'if:' on what it reads",
                              rule.id, rule.when.node(node).text));
  }
}

}  // namespace

void lint_content(const Content& content, Diagnostics& diags) {
  const RuleSet& rs = content.rules;
  std::vector<char> level_reached(rs.levels.size(), 0), flag_used(rs.flags.size(), 0), med_used(rs.medications.size(), 0),
      fact_used(rs.facts.size(), 0);
  for (const auto& rule : rs.rules) {
    const Effects& e = rule.then;
    if (e.level >= 0)
      for (std::size_t l = static_cast<std::size_t>(e.level); l < rs.levels.size(); ++l)
        if (rs.levels[l].placement == Level::Placement::step) level_reached[l] = 1;
    for (int l : e.include) level_reached[static_cast<std::size_t>(l)] = 1;
    if (e.alternative >= 0) level_reached[static_cast<std::size_t>(e.alternative)] = 1;
    for (int f : e.flags) flag_used[static_cast<std::size_t>(f)] = 1;
    for (int m : e.medications) med_used[static_cast<std::size_t>(m)] = 1;
    mark_facts(rule.when, fact_used);
    mark_template(rule.because, fact_used);
    for (const auto& x : rule.reasons) {
      mark_facts(x.when, fact_used);
      mark_template(x.text, fact_used);
    }
    lint_reasons(content, rule, diags);
    mark_template(e.caveat, fact_used);
    for (const auto& n : e.notes) mark_template(n, fact_used);
    if (!rule.because.empty() && !rule.when.items.empty() && !is_always_true(rule.when)) {
      bool names_something = false;
      for (const auto& p : rule.because.parts) names_something = names_something || p.expr.valid() || p.reasons;
      if (!names_something)
        diags.add(
            rule.pos,
            trf("rule '{}': its rationale names no answer; add one with {{item}} so a reader sees what decided it", rule.id));
    }
  }
  for (const auto& g : rs.groups) mark_facts(g.when, fact_used);
  for (const auto& f : rs.facts) mark_facts(f.expr, fact_used);
  for (const auto& s : rs.result_scores) mark_facts(s.value, fact_used);
  for (const auto& g : rs.ratings.list)
    for (const auto& l : g.lines) {
      mark_facts(l.when, fact_used);
      mark_template(l.because, fact_used);
    }
  mark_template(rs.pathway_because, fact_used);
  for (std::size_t l = 0; l < rs.levels.size(); ++l) {
    if (rs.levels[l].placement == Level::Placement::after) level_reached[l] = 1;
    if (!level_reached[l])
      diags.add(rs.levels[l].pos, trf("level '{}' is never reached: no rule sets it as the level, includes it, or sets a "
                                      "higher step level",
                                      rs.levels[l].id));
  }
  for (std::size_t i = 0; i < rs.flags.size(); ++i)
    if (!flag_used[i]) diags.add(rs.flags[i].pos, trf("flag '{}' is never raised by any rule", rs.flags[i].id));
  for (std::size_t i = 0; i < rs.medications.size(); ++i)
    if (!med_used[i]) diags.add(rs.medications[i].pos, trf("medication '{}' is never listed by any rule", rs.medications[i].id));
  for (std::size_t i = 0; i < rs.facts.size(); ++i)
    if (!fact_used[i]) diags.add(rs.facts[i].pos, trf("fact '{}' is never used", rs.facts[i].id));
  // In a first-match group nothing after an unconditional rule can ever fire.
  for (const auto& g : rs.groups) {
    if (!g.first_match) continue;
    for (std::size_t k = 0; k + 1 < g.rules.size(); ++k) {
      const Rule& r = rs.rules[static_cast<std::size_t>(g.rules[k])];
      if (!is_always_true(r.when)) continue;
      const Rule& next = rs.rules[static_cast<std::size_t>(g.rules[k + 1])];
      diags.add(next.pos, trf("rule '{}' can never fire: rule '{}' before it in first-match group '{}' always matches", next.id,
                              r.id, g.id));
      break;
    }
  }
}

}  // namespace carepath
