#include "batch/diff.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <functional>
#include <tuple>

#include "util/json_writer.hpp"
#include "util/text.hpp"

namespace carepath {

namespace {

constexpr std::size_t examples_per_move = 3;

enum Field : std::size_t {
  f_primary,
  f_setting,
  f_emergency,
  f_alternative,
  f_alternative_setting,
  f_pathway,
  f_flags,
  f_medications,
  f_ratings,
  f_follows,
  f_count
};

std::string template_text(const Template& t) {
  std::string s;
  for (const auto& p : t.parts) s += p.expr.valid() ? "{" + p.text + "}" : p.text;
  return s;
}

// A rule's effects in ids, so that two rule sets' effects compare whatever their indices.
std::string effects_text(const RuleSet& rs, const Effects& e) {
  auto level = [&](int l) { return l >= 0 ? rs.levels[static_cast<std::size_t>(l)].id : std::string(); };
  std::string s = fmt::format("emergency={};setting={};level={};alternative={};caveat={};include=", e.emergency,
                              e.setting >= 0 ? rs.setting.values[static_cast<std::size_t>(e.setting)].id : "", level(e.level),
                              level(e.alternative), template_text(e.caveat));
  for (int l : e.include) s += level(l) + ",";
  s += ";flags=";
  for (int f : e.flags) s += rs.flags[static_cast<std::size_t>(f)].id + ",";
  s += ";medications=";
  for (int m : e.medications) s += rs.medications[static_cast<std::size_t>(m)].id + ",";
  s += ";notes=";
  for (const auto& n : e.notes) s += template_text(n) + "\n";
  return s;
}

std::string group_id(const RuleSet& rs, const Rule& r) {
  return r.group >= 0 ? rs.groups[static_cast<std::size_t>(r.group)].id : "";
}

template <class T, class Id>
std::vector<int> index_map(const std::vector<T>& from, const std::vector<T>& to, Id id) {
  std::vector<int> m;
  for (const auto& x : from) {
    auto it = std::find_if(to.begin(), to.end(), [&](const T& y) { return id(y) == id(x); });
    m.push_back(it == to.end() ? -1 : static_cast<int>(it - to.begin()));
  }
  return m;
}

// Whether the marks of `a` (old indices) and `b` (new indices) name different ids.
bool marks_differ(const std::vector<char>& a, const std::vector<char>& b, const std::vector<int>& map) {
  std::size_t on_b = 0, matched = 0;
  for (char x : b) on_b += x != 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (!a[i]) continue;
    if (map[i] < 0 || !b[static_cast<std::size_t>(map[i])]) return true;
    ++matched;
  }
  return matched != on_b;
}

struct DiffPart : BatchObserver::Part {
  DiffCounts counts;
  std::string rows;
};

std::string level_name(const RuleSet& rs, std::size_t l) {
  return l < rs.levels.size() ? rs.levels[l].id : "none";
}
std::string setting_name(const RuleSet& rs, std::size_t s) {
  return s == 0 ? rs.setting.none : rs.setting.values[s - 1].id;
}

}  // namespace

RuleDiff diff_rules(const RuleSet& a, const RuleSet& b) {
  RuleDiff d;
  for (const auto& r : a.rules)
    if (b.find_rule(r.id) < 0) d.removed.push_back(r.id);
  for (const auto& r : b.rules) {
    int i = a.find_rule(r.id);
    if (i < 0) {
      d.added.push_back(r.id);
      continue;
    }
    const Rule& o = a.rules[static_cast<std::size_t>(i)];
    RuleChange c{r.id, {}, o.when.source, r.when.source};
    if (o.when.source != r.when.source) c.what.push_back("condition");
    if (effects_text(a, o.then) != effects_text(b, r.then)) c.what.push_back("effects");
    if (template_text(o.because) != template_text(r.because)) c.what.push_back("rationale");
    if (group_id(a, o) != group_id(b, r)) c.what.push_back("group");
    if (o.principle != r.principle || o.source != r.source) c.what.push_back("principle");
    if (!c.what.empty()) d.changed.push_back(std::move(c));
  }
  for (const auto& f : a.facts)
    if (std::none_of(b.facts.begin(), b.facts.end(), [&](const Fact& g) { return g.id == f.id; }))
      d.facts_removed.push_back(f.id);
  for (const auto& f : b.facts) {
    auto it = std::find_if(a.facts.begin(), a.facts.end(), [&](const Fact& g) { return g.id == f.id; });
    if (it == a.facts.end())
      d.facts_added.push_back(f.id);
    else if (it->expr.source != f.expr.source)
      d.facts_changed.push_back(f.id);
  }
  return d;
}

std::vector<std::string> diff_fields(const RuleSet& rules) {
  return {"primary_level", rules.setting.field, "emergency",         "alternative",           rules.setting.alternative_field,
          "pathway",       "flags",             "medications",       rules.ratings.field,     "placement.follows_recommendation"};
}

DiffObserver::DiffObserver(const Engine& old_engine, const Engine& new_engine, BatchRunner::Writer rows)
    : old_(old_engine), new_(new_engine), rows_(std::move(rows)) {
  const RuleSet& a = old_.content().rules;
  const RuleSet& b = new_.content().rules;
  auto id = [](const auto& x) { return x.id; };
  level_map_ = index_map(a.levels, b.levels, id);
  flag_map_ = index_map(a.flags, b.flags, id);
  medication_map_ = index_map(a.medications, b.medications, id);
  rule_map_ = index_map(a.rules, b.rules, id);
  rating_map_ = index_map(a.ratings.list, b.ratings.list, id);
  auto back = index_map(b.ratings.list, a.ratings.list, id);
  for (std::size_t j = 0; j < back.size(); ++j)
    if (back[j] < 0) new_only_ratings_.push_back(static_cast<int>(j));
  counts_ = empty_counts();
  new_rule_slot_.assign(b.rules.size(), -1);
  for (std::size_t i = 0; i < a.rules.size(); ++i)
    if (rule_map_[i] >= 0) new_rule_slot_[static_cast<std::size_t>(rule_map_[i])] = static_cast<int>(i);
  std::size_t slot = a.rules.size();
  for (auto& s : new_rule_slot_)
    if (s < 0) s = static_cast<int>(slot++);
}

DiffCounts DiffObserver::empty_counts() const {
  const RuleSet& a = old_.content().rules;
  const RuleSet& b = new_.content().rules;
  DiffCounts c;
  c.changed.assign(f_count, 0);
  c.level_moves.assign(a.levels.size() + 1, std::vector<std::size_t>(b.levels.size() + 1, 0));
  c.level_examples.assign(a.levels.size() + 1, std::vector<std::vector<std::string>>(b.levels.size() + 1));
  c.setting_moves.assign(a.setting.values.size() + 1, std::vector<std::size_t>(b.setting.values.size() + 1, 0));
  c.setting_examples.assign(a.setting.values.size() + 1, std::vector<std::vector<std::string>>(b.setting.values.size() + 1));
  for (const auto& r : a.rules) c.rules.push_back({r.id});
  for (std::size_t i = 0; i < b.rules.size(); ++i)
    if (std::find(rule_map_.begin(), rule_map_.end(), static_cast<int>(i)) == rule_map_.end()) c.rules.push_back({b.rules[i].id});
  return c;
}

std::size_t DiffObserver::setting_index(const Engine& e, Sym s) const {
  const auto& values = e.content().rules.setting.values;
  for (std::size_t i = 0; i < values.size(); ++i)
    if (values[i].sym == s) return i + 1;
  return 0;
}

std::unique_ptr<BatchObserver::Part> DiffObserver::part() const {
  auto p = std::make_unique<DiffPart>();
  p->counts = empty_counts();
  return p;
}

void DiffObserver::add(Part& part, const Outcome& o) const {
  DiffCounts& c = static_cast<DiffPart&>(part).counts;
  ++c.records;
  if (!o.ok()) {
    ++c.rejected;  // one questionnaire: rejected alike under both rule sets
    return;
  }
  thread_local Result nr;
  new_.evaluate(o.record, nr);
  const Result& r = o.result;
  const RuleSet& a = old_.content().rules;
  const RuleSet& b = new_.content().rules;
  auto mapped = [&](int l) { return l < 0 ? -1 : level_map_[static_cast<std::size_t>(l)]; };
  // A level the new rules lack maps to -1: it differs unless the new value is unset too, and
  // then the ids differ anyway, so compare ids.
  auto level_differs = [&](int ol, int nl) { return mapped(ol) != nl || (ol >= 0 && mapped(ol) < 0); };
  std::array<bool, f_count> diff{};
  diff[f_primary] = level_differs(r.primary_level, nr.primary_level);
  std::size_t os = setting_index(old_, r.setting), ns = setting_index(new_, nr.setting);
  diff[f_setting] = setting_name(a, os) != setting_name(b, ns);
  diff[f_emergency] = r.emergency != nr.emergency;
  diff[f_alternative] = level_differs(r.alternative, nr.alternative);
  auto alternative_setting = [](const RuleSet& rs, int s) {
    return s < 0 ? std::string() : rs.setting.values[static_cast<std::size_t>(s)].id;
  };
  diff[f_alternative_setting] = alternative_setting(a, r.alternative_setting) != alternative_setting(b, nr.alternative_setting);
  diff[f_pathway] = r.pathway.size() != nr.pathway.size();
  for (std::size_t i = 0; !diff[f_pathway] && i < r.pathway.size(); ++i)
    diff[f_pathway] = level_differs(r.pathway[i], nr.pathway[i]);
  diff[f_flags] = marks_differ(r.flags, nr.flags, flag_map_);
  diff[f_medications] = marks_differ(r.medications, nr.medications, medication_map_);
  // Ratings by id; one only a rule set has differs when it is known there (the other has no such key).
  for (std::size_t k = 0; !diff[f_ratings] && k < r.ratings.size(); ++k) {
    const Value& ov = r.ratings[k];
    int m = rating_map_[k];
    if (m < 0) {
      diff[f_ratings] = ov.known();
      continue;
    }
    const Value& nv = nr.ratings[static_cast<std::size_t>(m)];
    diff[f_ratings] = ov.known() != nv.known() || (ov.known() && ov.i != nv.i);
  }
  for (std::size_t k = 0; !diff[f_ratings] && k < new_only_ratings_.size(); ++k)
    diff[f_ratings] = nr.ratings[static_cast<std::size_t>(new_only_ratings_[k])].known();
  // The placement is the record's, the same under both; whether it follows the recommendation is not.
  if (const auto& p = o.record.placement) {
    int decided = mapped(p->level);  // the decided level among the new rules' levels, or -1
    diff[f_follows] = follows_recommendation(*p, r) != (decided >= 0 && decided == nr.primary_level);
  }
  bool any = false;
  for (std::size_t f = 0; f < f_count; ++f) {
    c.changed[f] += diff[f];
    any = any || diff[f];
  }
  std::size_t ol = r.primary_level >= 0 ? static_cast<std::size_t>(r.primary_level) : a.levels.size();
  std::size_t nl = nr.primary_level >= 0 ? static_cast<std::size_t>(nr.primary_level) : b.levels.size();
  ++c.level_moves[ol][nl];
  ++c.setting_moves[os][ns];
  const std::string& who = o.case_id ? *o.case_id : o.source;
  if (diff[f_primary] && c.level_examples[ol][nl].size() < examples_per_move) c.level_examples[ol][nl].push_back(who);
  if (diff[f_setting] && c.setting_examples[os][ns].size() < examples_per_move) c.setting_examples[os][ns].push_back(who);
  // Rule firing, by rule id: the old rules' slots, then the added ones.
  thread_local std::vector<char> fired_new;
  fired_new.assign(b.rules.size(), 0);
  for (int i : nr.fired) fired_new[static_cast<std::size_t>(i)] = 1;
  thread_local std::vector<char> fired_old;
  fired_old.assign(a.rules.size(), 0);
  for (int i : r.fired) fired_old[static_cast<std::size_t>(i)] = 1;
  std::vector<std::string> started, stopped;
  for (std::size_t i = 0; i < a.rules.size(); ++i) {
    bool now = rule_map_[i] >= 0 && fired_new[static_cast<std::size_t>(rule_map_[i])];
    c.rules[i].old_fired += fired_old[i];
    if (fired_old[i] && !now) {
      ++c.rules[i].stopped;
      if (rows_) stopped.push_back(a.rules[i].id);
    }
    if (!fired_old[i] && now) {
      ++c.rules[i].started;
      if (rows_) started.push_back(a.rules[i].id);
    }
  }
  for (std::size_t j = 0; j < b.rules.size(); ++j) {
    auto& slot = c.rules[static_cast<std::size_t>(new_rule_slot_[j])];
    slot.new_fired += fired_new[j];
    if (fired_new[j] && static_cast<std::size_t>(new_rule_slot_[j]) >= a.rules.size()) {
      ++slot.started;
      if (rows_) started.push_back(b.rules[j].id);
    }
  }
  if (!any) return;
  ++c.changed_records;
  if (!rows_) return;
  std::vector<std::string> fields;
  for (std::size_t f = 0; f < f_count; ++f)
    if (diff[f]) fields.push_back(diff_fields(a)[f]);
  auto path = [](const Engine& e, const Result& x) { return join(pathway_ids(e, x), ">"); };
  std::string& out = static_cast<DiffPart&>(part).rows;
  std::vector<std::string> cells = {
      o.case_id.value_or(""), o.source,      join(fields, "|"), level_name(a, ol),  level_name(b, nl), setting_name(a, os),
      setting_name(b, ns),    path(old_, r), path(new_, nr),    join(started, "|"), join(stopped, "|")};
  for (std::size_t i = 0; i < cells.size(); ++i) (i ? out += ',' : out) += csv_field(cells[i]);
  out += '\n';
}

void DiffObserver::merge(Part& part) {
  auto& p = static_cast<DiffPart&>(part);
  const DiffCounts& x = p.counts;
  counts_.records += x.records;
  counts_.rejected += x.rejected;
  counts_.changed_records += x.changed_records;
  for (std::size_t f = 0; f < f_count; ++f) counts_.changed[f] += x.changed[f];
  auto add_moves = [](auto& into, const auto& from, auto& ex_into, const auto& ex_from) {
    for (std::size_t i = 0; i < into.size(); ++i)
      for (std::size_t j = 0; j < into[i].size(); ++j) {
        into[i][j] += from[i][j];
        for (const auto& e : ex_from[i][j])
          if (ex_into[i][j].size() < examples_per_move) ex_into[i][j].push_back(e);
      }
  };
  add_moves(counts_.level_moves, x.level_moves, counts_.level_examples, x.level_examples);
  add_moves(counts_.setting_moves, x.setting_moves, counts_.setting_examples, x.setting_examples);
  for (std::size_t i = 0; i < counts_.rules.size(); ++i) {
    counts_.rules[i].old_fired += x.rules[i].old_fired;
    counts_.rules[i].new_fired += x.rules[i].new_fired;
    counts_.rules[i].started += x.rules[i].started;
    counts_.rules[i].stopped += x.rules[i].stopped;
  }
  if (rows_ && !p.rows.empty()) rows_(p.rows);
}

std::string diff_csv_header(const Engine& engine) {
  const std::string& setting = engine.content().rules.setting.field;
  return fmt::format(
      "case_id,source,changed,old_primary_level,new_primary_level,old_{0},new_{0},old_pathway,new_pathway,"
      "rules_started,rules_stopped",
      setting);
}

namespace {

// Old -> new moves that happened, largest first, as (old, new, count).
std::vector<std::tuple<std::size_t, std::size_t, std::size_t>> moves(const std::vector<std::vector<std::size_t>>& m,
                                                                     bool changed_only) {
  std::vector<std::tuple<std::size_t, std::size_t, std::size_t>> out;
  for (std::size_t i = 0; i < m.size(); ++i)
    for (std::size_t j = 0; j < m[i].size(); ++j)
      if (m[i][j] && (!changed_only || i != j)) out.emplace_back(i, j, m[i][j]);
  std::stable_sort(out.begin(), out.end(), [](const auto& x, const auto& y) { return std::get<2>(x) > std::get<2>(y); });
  return out;
}

// An old x new matrix of counts, with only the rows and columns that have any.
std::string matrix_text(const std::vector<std::vector<std::size_t>>& m, const std::function<std::string(std::size_t)>& row_name,
                        const std::function<std::string(std::size_t)>& col_name) {
  std::vector<std::size_t> rows, cols;
  for (std::size_t i = 0; i < m.size(); ++i)
    if (std::any_of(m[i].begin(), m[i].end(), [](std::size_t n) { return n > 0; })) rows.push_back(i);
  for (std::size_t j = 0; !m.empty() && j < m[0].size(); ++j)
    if (std::any_of(m.begin(), m.end(), [&](const auto& row) { return row[j] > 0; })) cols.push_back(j);
  std::size_t w = 10;
  for (std::size_t i : rows) w = std::max(w, row_name(i).size() + 2);
  std::string out = fmt::format("  {:<{}}", "old \\ new", w);
  std::vector<std::size_t> cw;
  for (std::size_t j : cols) {
    cw.push_back(std::max<std::size_t>(col_name(j).size(), 7) + 2);
    out += fmt::format("{:>{}}", col_name(j), cw.back());
  }
  out += "\n";
  for (std::size_t i : rows) {
    out += fmt::format("  {:<{}}", row_name(i), w);
    for (std::size_t k = 0; k < cols.size(); ++k) out += fmt::format("{:>{}}", group_thousands(m[i][cols[k]]), cw[k]);
    out += "\n";
  }
  return out;
}

}  // namespace

std::string render_diff(const Engine& old_engine, const Engine& new_engine, const RuleDiff& d, const DiffCounts& c,
                        const std::string& format) {
  const RuleSet& a = old_engine.content().rules;
  const RuleSet& b = new_engine.content().rules;
  const auto fields = diff_fields(a);
  auto old_level = [&](std::size_t l) { return level_name(a, l); };
  auto new_level = [&](std::size_t l) { return level_name(b, l); };
  auto old_setting = [&](std::size_t s) { return setting_name(a, s); };
  auto new_setting = [&](std::size_t s) { return setting_name(b, s); };
  if (format == "json") {
    JsonWriter w(true);
    w.begin_object();
    w.key("records").value(static_cast<long long>(c.records));
    w.key("changed").begin_object();
    for (std::size_t f = 0; f < fields.size(); ++f) w.key(fields[f]).value(static_cast<long long>(c.changed[f]));
    w.end_object();
    w.key("changed_records").value(static_cast<long long>(c.changed_records));
    w.key("rejected").value(static_cast<long long>(c.rejected));
    for (auto [key, e] : {std::pair{"old", &old_engine}, std::pair{"new", &new_engine}}) {
      const Content& ct = e->content();
      w.key(key).begin_object().key("id").value(ct.rules.id).key("version").value(ct.rules.version);
      w.key("file").value(ct.rules.file).key("digest").value(ct.digest).end_object();
    }
    w.key("rule_changes").begin_object();
    w.key("added").strings(d.added).key("removed").strings(d.removed);
    w.key("changed").begin_array();
    for (const auto& ch : d.changed) {
      w.begin_object().key("id").value(ch.id).key("what").strings(ch.what);
      if (ch.old_when != ch.new_when) w.key("old_condition").value(ch.old_when).key("new_condition").value(ch.new_when);
      w.end_object();
    }
    w.end_array();
    w.key("facts_added").strings(d.facts_added).key("facts_removed").strings(d.facts_removed);
    w.key("facts_changed").strings(d.facts_changed).end_object();
    auto transitions = [&](const char* key, const auto& m, const auto& ex, const auto& from, const auto& to) {
      w.key(key).begin_array();
      for (auto [i, j, n] : moves(m, false)) {
        w.begin_object().key("old").value(from(i)).key("new").value(to(j)).key("count").value(static_cast<long long>(n));
        w.key("examples").strings(ex[i][j]).end_object();
      }
      w.end_array();
    };
    w.key("transitions").begin_object();
    transitions("primary_level", c.level_moves, c.level_examples, old_level, new_level);
    transitions(a.setting.field.c_str(), c.setting_moves, c.setting_examples, old_setting, new_setting);
    w.end_object();
    w.key("rules").begin_array();
    for (const auto& r : c.rules) {
      if (!r.started && !r.stopped) continue;
      w.begin_object().key("id").value(r.id).key("old_fired").value(static_cast<long long>(r.old_fired));
      w.key("new_fired").value(static_cast<long long>(r.new_fired)).key("started").value(static_cast<long long>(r.started));
      w.key("stopped").value(static_cast<long long>(r.stopped)).end_object();
    }
    w.end_array();
    w.end_object();
    return w.str() + "\n";
  }
  std::string out =
      fmt::format("Old rules: {} {} ({})\nNew rules: {} {} ({})\n\n", a.id, a.version, a.file, b.id, b.version, b.file);
  out += "What changed in the rule files:\n";
  if (d.empty()) out += "  nothing that decides a result (rules and facts are the same)\n";
  if (!d.added.empty()) out += "  rules added:   " + join(d.added, ", ") + "\n";
  if (!d.removed.empty()) out += "  rules removed: " + join(d.removed, ", ") + "\n";
  for (const auto& ch : d.changed) {
    out += fmt::format("  rule changed:  {} ({})\n", ch.id, join(ch.what, ", "));
    if (ch.old_when != ch.new_when) out += fmt::format("      old when: {}\n      new when: {}\n", ch.old_when, ch.new_when);
  }
  if (!d.facts_added.empty()) out += "  facts added:   " + join(d.facts_added, ", ") + "\n";
  if (!d.facts_removed.empty()) out += "  facts removed: " + join(d.facts_removed, ", ") + "\n";
  if (!d.facts_changed.empty()) out += "  facts changed: " + join(d.facts_changed, ", ") + "\n";
  std::size_t scored = c.records - c.rejected;
  out += fmt::format("\nRecords: {} ({} scored, {} rejected by both)\n", group_thousands(c.records), group_thousands(scored),
                     group_thousands(c.rejected));
  out += fmt::format("Changed: {} records ({:.1f}% of those scored)\n", group_thousands(c.changed_records),
                     scored ? 100.0 * static_cast<double>(c.changed_records) / static_cast<double>(scored) : 0.0);
  std::size_t width = 24;
  for (const auto& f : fields) width = std::max(width, f.size() + 2);
  for (std::size_t f = 0; f < fields.size(); ++f)
    out += fmt::format("  {:<{}}{:>10}\n", fields[f], width, group_thousands(c.changed[f]));
  out += "\nPrimary level, old (rows) -> new (columns):\n" + matrix_text(c.level_moves, old_level, new_level);
  out += fmt::format("\n{}, old (rows) -> new (columns):\n", a.setting.field) +
         matrix_text(c.setting_moves, old_setting, new_setting);
  auto changed_moves = moves(c.level_moves, true);
  auto changed_settings = moves(c.setting_moves, true);
  if (!changed_moves.empty() || !changed_settings.empty()) out += "\nExamples (case id, or source):\n";
  for (auto [i, j, n] : changed_moves)
    out += fmt::format("  primary_level {} -> {} ({}): {}\n", old_level(i), new_level(j), group_thousands(n),
                       join(c.level_examples[i][j], ", "));
  for (auto [i, j, n] : changed_settings)
    out += fmt::format("  {} {} -> {} ({}): {}\n", a.setting.field, old_setting(i), new_setting(j), group_thousands(n),
                       join(c.setting_examples[i][j], ", "));
  bool any_rule = std::any_of(c.rules.begin(), c.rules.end(), [](const auto& r) { return r.started || r.stopped; });
  out += any_rule ? "\nRules whose firing changed:\n" : "\nNo rule's firing changed.\n";
  if (any_rule) out += fmt::format("  {:<36}{:>10}{:>10}{:>10}{:>10}\n", "rule", "old fired", "new fired", "started", "stopped");
  for (const auto& r : c.rules)
    if (r.started || r.stopped)
      out += fmt::format("  {:<36}{:>10}{:>10}{:>10}{:>10}\n", r.id, group_thousands(r.old_fired), group_thousands(r.new_fired),
                         group_thousands(r.started), group_thousands(r.stopped));
  return out;
}

}  // namespace carepath
