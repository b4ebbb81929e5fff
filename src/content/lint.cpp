#include "content/lint.hpp"

#include <fmt/format.h>

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
    mark_template(e.caveat, fact_used);
    for (const auto& n : e.notes) mark_template(n, fact_used);
    if (!rule.because.empty() && !rule.when.items.empty() && !is_always_true(rule.when)) {
      bool names_something = false;
      for (const auto& p : rule.because.parts) names_something = names_something || p.expr.valid();
      if (!names_something)
        diags.add(rule.pos, fmt::format("rule '{}': its rationale names no answer; add one with {{item}} so a reader sees what decided it",
                                        rule.id));
    }
  }
  for (const auto& g : rs.groups) mark_facts(g.when, fact_used);
  for (const auto& f : rs.facts) mark_facts(f.expr, fact_used);
  for (const auto& s : rs.result_scores) mark_facts(s.value, fact_used);
  mark_template(rs.pathway_because, fact_used);
  for (std::size_t l = 0; l < rs.levels.size(); ++l) {
    if (rs.levels[l].placement == Level::Placement::after) level_reached[l] = 1;
    if (!level_reached[l])
      diags.add(rs.levels[l].pos, fmt::format("level '{}' is never reached: no rule sets it as the level, includes it, or sets a "
                                              "higher step level",
                                              rs.levels[l].id));
  }
  for (std::size_t i = 0; i < rs.flags.size(); ++i)
    if (!flag_used[i]) diags.add(rs.flags[i].pos, fmt::format("flag '{}' is never raised by any rule", rs.flags[i].id));
  for (std::size_t i = 0; i < rs.medications.size(); ++i)
    if (!med_used[i]) diags.add(rs.medications[i].pos, fmt::format("medication '{}' is never listed by any rule", rs.medications[i].id));
  for (std::size_t i = 0; i < rs.facts.size(); ++i)
    if (!fact_used[i]) diags.add(rs.facts[i].pos, fmt::format("fact '{}' is never used", rs.facts[i].id));
  // In a first-match group nothing after an unconditional rule can ever fire.
  for (const auto& g : rs.groups) {
    if (!g.first_match) continue;
    for (std::size_t k = 0; k + 1 < g.rules.size(); ++k) {
      const Rule& r = rs.rules[static_cast<std::size_t>(g.rules[k])];
      if (!is_always_true(r.when)) continue;
      const Rule& next = rs.rules[static_cast<std::size_t>(g.rules[k + 1])];
      diags.add(next.pos, fmt::format("rule '{}' can never fire: rule '{}' before it in first-match group '{}' always matches", next.id,
                                      r.id, g.id));
      break;
    }
  }
}

}  // namespace carepath
