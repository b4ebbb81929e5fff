#include "batch/summary.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace carepath {

Summary::Summary(const RuleSet& rules)
    : levels(rules.levels.size() + 1),
      settings(rules.setting.values.size() + 1),
      flags(rules.flags.size()),
      agreement((rules.levels.size() + 1) * (rules.levels.size() + 1)),
      departure_reasons(rules.decision.reasons.size()),
      decisions((rules.levels.size() + 1) * rules.levels.size()),
      rules_(&rules) {}

void Summary::add(const Outcome& o, const Result& r, int actual) {
  ++records;
  unfinished += o.record.unfinished;
  if (!o.ok()) {
    ++rejected;
    for (const auto& d : o.errors) ++kind_count(d.message);
    return;
  }
  ++scored;
  emergencies += r.emergency;
  std::size_t n = levels.size() - 1;
  std::size_t level = r.primary_level >= 0 ? static_cast<std::size_t>(r.primary_level) : n;
  ++levels[level];
  std::size_t setting = 0;
  for (std::size_t i = 0; i < rules_->setting.values.size(); ++i)
    if (rules_->setting.values[i].sym == r.setting) setting = i + 1;
  ++settings[setting];
  for (std::size_t i = 0; i < flags.size(); ++i) flags[i] += r.flags[i] != 0;
  if (o.record.placement) add_decision(*o.record.placement, r);
  if (!has_actual) return;
  std::size_t a = actual >= 0 ? static_cast<std::size_t>(actual) : n;
  ++agreement[level * (n + 1) + a];
  if (actual < 0) return;
  ++compared;
  same_primary += r.primary_level == actual;
  same_first_step += !r.pathway.empty() && r.pathway.front() == actual;
}

void Summary::add_decision(const Placement& p, const Result& r) {
  ++decided;
  bool follows = follows_recommendation(p, r);
  followed += follows;
  if (!follows && p.reason >= 0) ++departure_reasons[static_cast<std::size_t>(p.reason)];
  std::size_t n = rules_->levels.size();
  std::size_t recommended = r.primary_level >= 0 ? static_cast<std::size_t>(r.primary_level) : n;
  ++decisions[recommended * n + static_cast<std::size_t>(p.level)];
}

std::size_t& Summary::kind_count(const std::string& message) {
  constexpr std::size_t size = 8;
  for (auto& [m, count] : recent_.entries)
    if (m == message) return *count;
  std::size_t* count = &error_kinds[error_kind(message)];
  if (recent_.entries.size() < size) recent_.entries.emplace_back(message, count);
  else recent_.entries[recent_.next++ % size] = {message, count};
  return *count;
}

void Summary::merge(const Summary& o) {
  records += o.records;
  scored += o.scored;
  rejected += o.rejected;
  emergencies += o.emergencies;
  auto add_all = [](std::vector<std::size_t>& a, const std::vector<std::size_t>& b) {
    for (std::size_t i = 0; i < a.size() && i < b.size(); ++i) a[i] += b[i];
  };
  add_all(levels, o.levels);
  add_all(settings, o.settings);
  add_all(flags, o.flags);
  add_all(agreement, o.agreement);
  unfinished += o.unfinished;
  decided += o.decided;
  followed += o.followed;
  add_all(departure_reasons, o.departure_reasons);
  add_all(decisions, o.decisions);
  for (const auto& [k, v] : o.error_kinds) error_kinds[k] += v;
  compared += o.compared;
  same_primary += o.same_primary;
  same_first_step += o.same_first_step;
}

std::string error_kind(const std::string& message) {
  std::string k = message.substr(0, message.find("; "));
  if (k.ends_with(")")) {
    auto open = k.rfind(" (");
    if (open != std::string::npos && open > 0) k.erase(open);
  }
  // Quoted words after the first ': ' are the particular values given.
  auto colon = k.find(": ");
  if (colon == std::string::npos) return k;
  std::string out = k.substr(0, colon + 2);
  bool quoted = false;
  for (std::size_t i = colon + 2; i < k.size(); ++i) {
    if (k[i] == '\'') {
      out += quoted ? "\u2026'" : "'";
      quoted = !quoted;
    } else if (!quoted) {
      out += k[i];
    }
  }
  return out;
}

namespace {

std::string percent(std::size_t n, std::size_t of) { return of ? fmt::format("{:.1f}%", 100.0 * static_cast<double>(n) / static_cast<double>(of)) : "-"; }

void count_rows(std::string& out, const std::string& title, const std::vector<std::pair<std::string, std::size_t>>& rows, std::size_t of) {
  std::size_t w = title.size();
  for (const auto& [name, n] : rows) w = std::max(w, name.size() + 2);
  out += fmt::format("{:<{}}  {:>9}  {:>6}\n", title, w, "count", "%");
  for (const auto& [name, n] : rows) out += fmt::format("  {:<{}}  {:>9}  {:>6}\n", name, w - 2, n, percent(n, of));
  out += "\n";
}

// The counselors' decisions: how often they follow the recommendation, why they depart from
// it, and recommended against decided level.
void render_decisions(std::string& out, const RuleSet& rs, const Summary& s) {
  out += fmt::format("counselor's decision recorded: {} of {} scored records; follows the recommended primary level: {} ({})\n\n",
                     s.decided, s.scored, s.followed, percent(s.followed, s.decided));
  std::vector<std::pair<std::string, std::size_t>> rows;
  for (std::size_t i = 0; i < rs.decision.reasons.size(); ++i)
    rows.emplace_back(rs.decision.reasons[i].id, s.departure_reasons[i]);
  out += "departures from the recommendation by reason (% of departures)\n";
  count_rows(out, "reason", rows, s.decided - s.followed);
  std::size_t n = rs.levels.size();
  std::vector<std::string> names;
  for (const auto& l : rs.levels) names.push_back(l.id);
  names.push_back("(none)");
  std::size_t w = std::string("recommended").size();
  for (const auto& name : names) w = std::max(w, name.size());
  out += "decisions: recommended primary level (rows) against the level decided (columns)\n";
  out += fmt::format("{:<{}}", "recommended", w);
  for (std::size_t d = 0; d < n; ++d) out += fmt::format("  {:>{}}", names[d], std::max<std::size_t>(names[d].size(), 7));
  out += "\n";
  for (std::size_t r = 0; r <= n; ++r) {
    std::size_t row = 0;
    for (std::size_t d = 0; d < n; ++d) row += s.decisions[r * n + d];
    if (!row) continue;
    out += fmt::format("{:<{}}", names[r], w);
    for (std::size_t d = 0; d < n; ++d)
      out += fmt::format("  {:>{}}", s.decisions[r * n + d], std::max<std::size_t>(names[d].size(), 7));
    out += "\n";
  }
  out += "\n";
}

}  // namespace

std::string render_summary(const Engine& engine, const Summary& s) {
  const RuleSet& rs = engine.content().rules;
  std::string out = fmt::format("records {}, scored {}, rejected {} ({}), emergencies {}\n", s.records, s.scored, s.rejected,
                                percent(s.rejected, s.records), s.emergencies);
  if (s.unfinished) out += fmt::format("intake not finished (saved before its review ended): {} records\n", s.unfinished);
  out += "\n";
  std::vector<std::pair<std::string, std::size_t>> rows;
  for (std::size_t i = 0; i < rs.levels.size(); ++i) rows.emplace_back(rs.levels[i].id, s.levels[i]);
  if (s.levels.back()) rows.emplace_back("(none)", s.levels.back());
  count_rows(out, "primary_level", rows, s.scored);
  rows = {{rs.setting.none, s.settings[0]}};
  for (std::size_t i = 0; i < rs.setting.values.size(); ++i) rows.emplace_back(rs.setting.values[i].id, s.settings[i + 1]);
  count_rows(out, rs.setting.field, rows, s.scored);
  rows.clear();
  for (std::size_t i = 0; i < rs.flags.size(); ++i)
    if (s.flags[i]) rows.emplace_back(rs.flags[i].id, s.flags[i]);
  std::stable_sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  count_rows(out, "flags", rows, s.scored);
  if (!s.error_kinds.empty()) {
    rows.assign(s.error_kinds.begin(), s.error_kinds.end());
    std::stable_sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    out += "errors (a rejected record may have several; % of rejected records)\n";
    count_rows(out, "error", rows, s.rejected);
  }
  if (s.decided) render_decisions(out, rs, s);
  if (!s.has_actual) return out;
  std::size_t n = rs.levels.size();
  std::vector<std::string> names;
  for (const auto& l : rs.levels) names.push_back(l.id);
  names.push_back("(not given)");
  std::size_t w = std::string("recommended").size();
  for (const auto& name : names) w = std::max(w, name.size());
  // The 'not given' column only when some scored record had no actual level.
  std::size_t cols = n;
  for (std::size_t r = 0; r <= n; ++r)
    if (s.agreement[r * (n + 1) + n]) cols = n + 1;
  auto table = [&](bool as_percent) {
    std::size_t total = 0;
    for (std::size_t r = 0; r <= n; ++r)
      for (std::size_t a = 0; a < n; ++a) total += s.agreement[r * (n + 1) + a];
    out += fmt::format("{:<{}}", "recommended", w);
    for (std::size_t a = 0; a < cols; ++a) out += fmt::format("  {:>{}}", names[a], std::max<std::size_t>(names[a].size(), 7));
    out += "\n";
    for (std::size_t r = 0; r <= n; ++r) {
      std::size_t row = 0;
      for (std::size_t a = 0; a <= n; ++a) row += s.agreement[r * (n + 1) + a];
      if (!row) continue;
      out += fmt::format("{:<{}}", names[r], w);
      for (std::size_t a = 0; a < cols; ++a) {
        std::size_t c = s.agreement[r * (n + 1) + a];
        std::string cell = !as_percent ? std::to_string(c) : a == n ? "" : percent(c, total);
        out += fmt::format("  {:>{}}", cell, std::max<std::size_t>(names[a].size(), 7));
      }
      out += "\n";
    }
    out += "\n";
  };
  out += fmt::format("agreement: recommended primary level (rows) against the actual level (columns), {} scored records with an actual level\n",
                     s.compared);
  table(false);
  out += "the same as percentages of those records\n";
  table(true);
  out += fmt::format("actual level = recommended primary level: {}; actual level = first step of the recommended pathway: {}\n",
                     percent(s.same_primary, s.compared), percent(s.same_first_step, s.compared));
  return out;
}

}  // namespace carepath
