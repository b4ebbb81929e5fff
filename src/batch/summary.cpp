#include "batch/summary.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "record/mapping.hpp"
#include "util/i18n.hpp"
#include "util/text.hpp"

namespace carepath {

Summary::Summary(const RuleSet& rules)
    : levels(rules.levels.size() + 1),
      settings(rules.setting.values.size() + 1),
      flags(rules.flags.size()),
      by_setting(settings.size() * settings.size()),
      by_level(levels.size() * rules.levels.size()),
      actual_levels(rules.levels.size()),
      actual_settings(rules.setting.values.size() + 1),
      departure_reasons(rules.decision.reasons.size()),
      decisions((rules.levels.size() + 1) * rules.levels.size()),
      rules_(&rules) {}

void Summary::add(const Outcome& o, const Result& r, int actual) {
  if (!o.ok()) {
    ++records;
    unfinished += o.record.unfinished;
    ++rejected;
    for (const auto& d : o.errors) ++kind_count(d.message);
    return;
  }
  add_counts(shape_but_flags(r), actual, 1);
  for (std::size_t i = 0; i < flags.size(); ++i) flags[i] += r.flags[i] != 0;
  unfinished += o.record.unfinished;
  if (o.record.placement) add_decision(*o.record.placement, r);
}

Summary::Shape Summary::shape_but_flags(const Result& r) const {
  Shape s;
  s.level = r.primary_level >= 0 ? static_cast<std::size_t>(r.primary_level) : levels.size() - 1;
  for (std::size_t i = 0; i < rules_->setting.values.size(); ++i)
    if (rules_->setting.values[i].sym == r.setting) s.setting = i + 1;
  s.emergency = r.emergency;
  s.missing = r.missing_required;
  return s;
}

Summary::Shape Summary::shape_of(const Result& r, std::vector<int>& flags_set) const {
  Shape s = shape_but_flags(r);
  flags_set.clear();
  for (std::size_t i = 0; i < flags.size(); ++i)
    if (r.flags[i]) flags_set.push_back(static_cast<int>(i));
  s.flags = flags_set;
  return s;
}

void Summary::add(const Shape& s, int actual, std::size_t n) {
  add_counts(s, actual, n);
  for (int f : s.flags) flags[static_cast<std::size_t>(f)] += n;
}

void Summary::add_counts(const Shape& s, int actual, std::size_t n) {
  records += n;
  scored += n;
  emergencies += s.emergency ? n : 0;
  levels[s.level] += n;
  settings[s.setting] += n;
  if (!s.missing.empty()) add_missing_required(s.missing, n);
  if (has_actual) add_agreement(s, actual, n);
}

void Summary::add_missing_required(std::span<const int> items, std::size_t n) {
  missing_required += n;
  for (int i : items) {
    auto k = static_cast<std::size_t>(i);
    if (k >= missing_by_item.size()) missing_by_item.resize(k + 1);
    missing_by_item[k] += n;
  }
}

void Summary::add_agreement(const Shape& s, int actual, std::size_t n) {
  auto a = ActualPlacement::of(actual, rules_->levels.size());
  if (a.level < 0) {
    no_actual += n;
    return;
  }
  if (rules_->levels[static_cast<std::size_t>(a.level)].placement == Level::Placement::before) {
    std::size_t col = a.setting >= 0 ? static_cast<std::size_t>(a.setting) + 1 : 0;  // 0: the table does not say
    by_setting[s.setting * settings.size() + col] += n;
    return;
  }
  by_level[s.level * (levels.size() - 1) + static_cast<std::size_t>(a.level)] += n;
}

void Summary::set_actual_sides(const std::vector<int>& codes) {
  for (int code : codes) {
    auto a = ActualPlacement::of(code, rules_->levels.size());
    if (a.level < 0) continue;
    if (rules_->levels[static_cast<std::size_t>(a.level)].placement == Level::Placement::before)
      actual_settings[a.setting >= 0 ? static_cast<std::size_t>(a.setting) + 1 : 0] = 1;
    else
      actual_levels[static_cast<std::size_t>(a.level)] = 1;
  }
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
  add_all(by_setting, o.by_setting);
  add_all(by_level, o.by_level);
  unfinished += o.unfinished;
  decided += o.decided;
  followed += o.followed;
  add_all(departure_reasons, o.departure_reasons);
  add_all(decisions, o.decisions);
  for (const auto& [k, v] : o.error_kinds) error_kinds[k] += v;
  no_actual += o.no_actual;
  missing_required += o.missing_required;
  if (missing_by_item.size() < o.missing_by_item.size()) missing_by_item.resize(o.missing_by_item.size());
  add_all(missing_by_item, o.missing_by_item);
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

std::string percent(std::size_t n, std::size_t of) {
  return of ? fmt::format("{:.1f}%", 100.0 * static_cast<double>(n) / static_cast<double>(of)) : "-";
}

void count_rows(std::string& out, const std::string& title, const std::vector<std::pair<std::string, std::size_t>>& rows,
                std::size_t of) {
  std::size_t w = title.size();
  for (const auto& [name, n] : rows) w = std::max(w, name.size() + 2);
  out += fmt::format("{:<{}}  {:>9}  {:>6}\n", title, w, _("count"), "%");
  for (const auto& [name, n] : rows) out += fmt::format("  {:<{}}  {:>9}  {:>6}\n", name, w - 2, n, percent(n, of));
  out += "\n";
}

// Research scoring: how many results were scored with required answers missing, and which.
void render_missing_required(std::string& out, const Engine& engine, const Summary& s) {
  if (!s.missing_required) return;
  std::vector<std::pair<std::string, std::size_t>> rows;
  const auto& items = engine.content().questionnaire.items;
  for (std::size_t i = 0; i < s.missing_by_item.size() && i < items.size(); ++i)
    if (s.missing_by_item[i]) rows.emplace_back(items[i].id, s.missing_by_item[i]);
  out += trf("scored with required answers missing (scored as unknown, research scoring): {} ({})",
             group_thousands(s.missing_required), percent(s.missing_required, s.scored)) +
         "\n";
  count_rows(out, _("missing required item"), rows, s.scored);
}

// One agreement matrix: counts with row percentages, row, column and grand totals. Rows and
// columns are only those that can occur (`row_on`, `col_on`) or did.
void agreement_matrix(std::string& out, const std::string& row_title, const std::vector<std::string>& row_names,
                      const std::vector<std::string>& col_names, const std::vector<std::size_t>& m, std::vector<char> row_on,
                      std::vector<char> col_on) {
  std::size_t nr = row_names.size(), nc = col_names.size();
  auto at = [&](std::size_t r, std::size_t c) { return m[r * nc + c]; };
  for (std::size_t r = 0; r < nr; ++r)
    for (std::size_t c = 0; c < nc; ++c)
      if (at(r, c)) row_on[r] = col_on[c] = 1;
  std::size_t w = row_title.size();
  for (std::size_t r = 0; r < nr; ++r)
    if (row_on[r]) w = std::max(w, row_names[r].size());
  std::vector<std::size_t> cw(nc);
  for (std::size_t c = 0; c < nc; ++c) cw[c] = std::max<std::size_t>(col_names[c].size(), 14);
  out += fmt::format("{:<{}}", row_title, w);
  for (std::size_t c = 0; c < nc; ++c)
    if (col_on[c]) out += fmt::format("  {:>{}}", col_names[c], cw[c]);
  out += fmt::format("  {:>9}\n", _("total"));
  std::vector<std::size_t> col_total(nc);
  std::size_t grand = 0;
  for (std::size_t r = 0; r < nr; ++r) {
    if (!row_on[r]) continue;
    std::size_t row = 0;
    for (std::size_t c = 0; c < nc; ++c) row += at(r, c);
    out += fmt::format("{:<{}}", row_names[r], w);
    for (std::size_t c = 0; c < nc; ++c) {
      if (!col_on[c]) continue;
      col_total[c] += at(r, c);
      out += fmt::format("  {:>{}}", fmt::format("{} ({})", group_thousands(at(r, c)), percent(at(r, c), row)), cw[c]);
    }
    grand += row;
    out += fmt::format("  {:>9}\n", group_thousands(row));
  }
  out += fmt::format("{:<{}}", _("total"), w);
  for (std::size_t c = 0; c < nc; ++c)
    if (col_on[c])
      out += fmt::format("  {:>{}}", fmt::format("{} ({})", group_thousands(col_total[c]), percent(col_total[c], grand)), cw[c]);
  out += fmt::format("  {:>9}\n\n", group_thousands(grand));
}

// Like with like: admissions to the step placed before the pathway's levels against the
// recommended setting, admissions to the other levels against the recommended primary level.
// Both named by the rule set.
void render_agreement(std::string& out, const RuleSet& rs, const Summary& s) {
  std::size_t n = rs.levels.size();
  std::string before = _("setting");
  for (const auto& l : rs.levels)
    if (l.placement == Level::Placement::before) {
      before = l.label;
      break;
    }
  std::vector<std::string> settings = {rs.setting.none};
  for (const auto& v : rs.setting.values) settings.push_back(v.id);
  std::vector<char> setting_possible(settings.size()), level_possible(n + 1);
  setting_possible[0] = 1;  // no rule set a setting
  for (const auto& r : rs.rules) {
    if (r.then.setting >= 0) setting_possible[static_cast<std::size_t>(r.then.setting) + 1] = 1;
    if (r.then.level >= 0) level_possible[static_cast<std::size_t>(r.then.level)] = 1;
  }
  std::vector<std::string> actual_settings = settings;
  actual_settings[0] = _("(setting not given)");
  std::size_t w_total = 0, t_total = 0;
  for (auto v : s.by_setting) w_total += v;
  for (auto v : s.by_level) t_total += v;
  out += trf("agreement, like with like ({} scored records with an actual placement, {} without)",
             group_thousands(w_total + t_total), group_thousands(s.no_actual)) +
         "\n\n";
  if (w_total || std::any_of(s.actual_settings.begin(), s.actual_settings.end(), [](char c) { return c != 0; })) {
    // xgettext:no-c-format ("%" is a percent sign)
    out += trf("{} admissions: recommended {} (rows) against the actual setting (columns); counts and % of the row", before,
               rs.setting.field) +
           "\n";
    agreement_matrix(out, _("recommended"), settings, actual_settings, s.by_setting, setting_possible, s.actual_settings);
  }
  std::vector<std::string> names;
  for (const auto& l : rs.levels) names.push_back(l.id);
  std::vector<std::string> row_names = names;
  row_names.push_back(_("(none)"));
  // xgettext:no-c-format ("%" is a percent sign)
  out += _("admissions to the other levels: recommended primary level (rows) against the actual level (columns); counts and % "
           "of the row") +
         std::string("\n");
  agreement_matrix(out, _("recommended"), row_names, names, s.by_level, level_possible, s.actual_levels);
  std::size_t same = 0;
  for (std::size_t l = 0; l < n; ++l) same += s.by_level[l * n + l];
  std::size_t same_setting = 0;
  for (std::size_t v = 1; v < settings.size(); ++v) same_setting += s.by_setting[v * settings.size() + v];
  out += trf("same level: {} of admissions to the other levels; same setting: {} of {} admissions", percent(same, t_total),
             percent(same_setting, w_total), before) +
         "\n";
}

// A flag in most results means most recommendations were made without what it names: the
// matrices then say more about the missing answers than about the rules.
void render_dominant_flags(std::string& out, const RuleSet& rs, const Summary& s) {
  for (std::size_t i = 0; i < rs.flags.size(); ++i)
    if (s.scored && s.flags[i] * 2 > s.scored)
      out += trf("note: flag '{}' ({}) is in {} of scored results; the recommendations, and any agreement above, rest on "
                 "that for most records",
                 rs.flags[i].id, rs.flags[i].label, percent(s.flags[i], s.scored)) +
             "\n";
}

// The counselors' decisions: how often they follow the recommendation, why they depart from
// it, and recommended against decided level.
void render_decisions(std::string& out, const RuleSet& rs, const Summary& s) {
  out += trf("counselor's decision recorded: {} of {} scored records; follows the recommended primary level: {} ({})", s.decided,
             s.scored, s.followed, percent(s.followed, s.decided)) +
         "\n\n";
  std::vector<std::pair<std::string, std::size_t>> rows;
  for (std::size_t i = 0; i < rs.decision.reasons.size(); ++i)
    rows.emplace_back(rs.decision.reasons[i].id, s.departure_reasons[i]);
  // xgettext:no-c-format ("%" is a percent sign)
  out += _("departures from the recommendation by reason (% of departures)") + std::string("\n");
  count_rows(out, _("reason"), rows, s.decided - s.followed);
  std::size_t n = rs.levels.size();
  std::vector<std::string> names;
  for (const auto& l : rs.levels) names.push_back(l.id);
  names.push_back(_("(none)"));
  const std::string recommended = _("recommended");
  std::size_t w = recommended.size();
  for (const auto& name : names) w = std::max(w, name.size());
  out += _("decisions: recommended primary level (rows) against the level decided (columns)") + std::string("\n");
  out += fmt::format("{:<{}}", recommended, w);
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
  std::string out = trf("records {}, scored {}, rejected {} ({}), emergencies {}", s.records, s.scored, s.rejected,
                        percent(s.rejected, s.records), s.emergencies) +
                    "\n";
  if (s.unfinished)
    out += trf("intake not finished (saved before its review ended): {} records", s.unfinished) + "\n";
  out += "\n";
  std::vector<std::pair<std::string, std::size_t>> rows;
  for (std::size_t i = 0; i < rs.levels.size(); ++i) rows.emplace_back(rs.levels[i].id, s.levels[i]);
  if (s.levels.back()) rows.emplace_back(_("(none)"), s.levels.back());
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
    // xgettext:no-c-format ("%" is a percent sign)
    out += _("errors (a rejected record may have several; % of rejected records)") + std::string("\n");
    count_rows(out, _("error"), rows, s.rejected);
  }
  if (s.decided) render_decisions(out, rs, s);
  render_missing_required(out, engine, s);
  if (s.has_actual) render_agreement(out, rs, s);
  render_dominant_flags(out, rs, s);
  return out;
}

}  // namespace carepath
