#include "engine/engine.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <bit>

#include "lang/expr_table.hpp"
#include "util/text.hpp"

namespace carepath {

EvalEnv Engine::env(const Record& record, const Result& r) const {
  EvalEnv e;
  e.answers = record.answers.data();
  e.facts = r.facts.data();
  e.score_totals = r.score_totals.data();
  e.score_bands = r.score_bands.data();
  e.result = r.fields.data();
  return e;
}

Result Engine::evaluate(const Record& record, EvalObserver* observer) const {
  Result r;
  evaluate(record, r, observer);
  return r;
}

// Every vector is reset with assign/clear, so that a Result reused across records keeps its
// buffers: batch scoring then allocates nothing per record here.
void Engine::evaluate(const Record& record, Result& r, EvalObserver* observer, std::uint64_t* table_misses) const {
  const Questionnaire& q = c_.questionnaire;
  const RuleSet& rs = c_.rules;
  r.emergency = false;
  r.setting_rule = r.primary_level = r.primary_rule = r.alternative = r.alternative_rule = -1;
  r.alternative_setting = r.alternative_setting_rule = -1;
  r.pathway.clear();
  r.fired.clear();
  r.unknowns.clear();
  r.missing_required.clear();
  if (record.required_may_be_unknown) {
    AppliesInTurn applies(q, record.answers, table_misses);
    for (std::size_t i = 0; i < q.items.size(); ++i)
      if (q.items[i].required && !record.answered(static_cast<int>(i)) && applies(static_cast<int>(i)))
        r.missing_required.push_back(static_cast<int>(i));
  }
  r.score_totals.assign(q.scores.size(), Value::none());
  r.score_bands.assign(q.scores.size(), Value::none());
  for (std::size_t i = 0; i < q.scores.size(); ++i) {
    const Score& s = q.scores[i];
    long long total = 0;
    bool known = true;
    for (int item : s.items) {
      const Value& v = record.answers[static_cast<std::size_t>(item)];
      if (!v.known()) known = false;
      else total += s.kind == Score::Kind::count ? std::popcount(v.bits()) : v.i;
    }
    if (!known || s.items.empty()) continue;
    r.score_totals[i] = Value::of_int(total);
    if (const Band* b = s.band_of(total)) r.score_bands[i] = Value::of_sym(b->sym);
  }
  r.fields.assign(rf_count, Value::none());
  r.fields[rf_emergency] = Value::of_bool(false);
  r.fields[rf_setting] = Value::of_sym(rs.setting.none_sym);
  r.setting = rs.setting.none_sym;
  r.facts.assign(rs.facts.size(), Value::none());
  EvalEnv e = env(record, r);
  e.table_misses = table_misses;
  for (std::size_t i = 0; i < rs.facts.size(); ++i) r.facts[i] = eval_fast(rs.facts[i].expr, e);
  r.flags.assign(rs.flags.size(), 0);
  r.medications.assign(rs.medications.size(), 0);
  r.include_rule.assign(rs.levels.size(), -1);
  r.group_state.assign(rs.groups.size(), Result::group_unseen);
  for (std::size_t i = 0; i < rs.rules.size(); ++i) {
    const Rule& rule = rs.rules[i];
    int ri = static_cast<int>(i);
    if (rule.group >= 0) {
      char& state = r.group_state[static_cast<std::size_t>(rule.group)];
      if (state == Result::group_unseen) {
        const Expr& when = rs.groups[static_cast<std::size_t>(rule.group)].when;
        state = !when.valid() || eval_fast(when, e).truth().value ? Result::group_active : Result::group_inactive;
        if (observer) observer->group_reached(rule.group, e);
      }
      if (state != Result::group_active) continue;
    }
    if (observer) observer->rule_reached(ri, e);
    Truth t = eval_fast(rule.when, e).truth();
    if (t.uncertain) r.unknowns.push_back({ri, t.value});
    if (!t.value) continue;
    r.fired.push_back(ri);
    apply(rule.then, ri, r);
    if (rule.group >= 0 && rs.groups[static_cast<std::size_t>(rule.group)].first_match)
      r.group_state[static_cast<std::size_t>(rule.group)] = Result::group_done;
  }
  build_pathway(r);
  r.result_scores.clear();
  for (const auto& s : rs.result_scores) r.result_scores.push_back(eval_fast(s.value, e));
  rate(r, e);
}

void Engine::rate(Result& r, const EvalEnv& e) const {
  const auto& list = c_.rules.ratings.list;
  r.ratings.assign(list.size(), Value::none());
  r.rating_line.assign(list.size(), -1);
  r.rating_open.assign(list.size(), 0);
  for (std::size_t k = 0; k < list.size(); ++k) {
    const Rating& g = list[k];
    const Value* v = g.table ? g.table->lookup(e) : nullptr;
    Rating::Outcome o = v ? Rating::of_value(*v) : g.rate(e);
    if (o.line >= 0) r.ratings[k] = Value::of_int(g.lines[static_cast<std::size_t>(o.line)].value);
    r.rating_line[k] = o.line;
    r.rating_open[k] = o.open;
  }
}

void Engine::apply(const Effects& fx, int rule, Result& r) const {
  const RuleSet& rs = c_.rules;
  if (fx.emergency) {
    r.emergency = true;
    r.fields[rf_emergency] = Value::of_bool(true);
  }
  if (fx.setting >= 0) {
    r.setting = rs.setting.values[static_cast<std::size_t>(fx.setting)].sym;
    r.setting_rule = rule;
    r.fields[rf_setting] = Value::of_sym(r.setting);
  }
  if (fx.level >= 0) {
    r.primary_level = fx.level;
    r.primary_rule = rule;
    r.fields[rf_primary_level] = Value::of_sym(rs.levels[static_cast<std::size_t>(fx.level)].sym);
  }
  for (int l : fx.include)
    if (r.include_rule[static_cast<std::size_t>(l)] < 0) r.include_rule[static_cast<std::size_t>(l)] = rule;
  if (fx.alternative_setting >= 0) {
    r.alternative_setting = fx.alternative_setting;
    r.alternative_setting_rule = rule;
  }
  if (fx.alternative >= 0) {
    r.alternative = fx.alternative;
    r.alternative_rule = rule;
    r.fields[rf_alternative] = Value::of_sym(rs.levels[static_cast<std::size_t>(fx.alternative)].sym);
  }
  for (int f : fx.flags) r.flags[static_cast<std::size_t>(f)] = 1;
  for (int m : fx.medications) r.medications[static_cast<std::size_t>(m)] = 1;
}

// Levels added by rules that come before the primary level, then the primary level and every
// lower step (nobody leaves a level without the next one planned), then the levels that
// always close the pathway. Level order is the order of the rules file.
void Engine::build_pathway(Result& r) const {
  const auto& levels = c_.rules.levels;
  for (std::size_t l = 0; l < levels.size(); ++l)
    if (levels[l].placement == Level::Placement::before && r.include_rule[l] >= 0) r.pathway.push_back(static_cast<int>(l));
  if (r.primary_level >= 0)
    for (std::size_t l = static_cast<std::size_t>(r.primary_level); l < levels.size(); ++l)
      if (levels[l].placement == Level::Placement::step) r.pathway.push_back(static_cast<int>(l));
  for (std::size_t l = 0; l < levels.size(); ++l)
    if (levels[l].placement == Level::Placement::after) r.pathway.push_back(static_cast<int>(l));
}

namespace {

// format_value's text, as a view into the content or into `buf`: rationales quote values by
// the dozen, and most are labels and codes the content already holds. `set_item` stands for
// type.set_item (a template's label() of a list names its item there; no TypeInfo is copied).
std::string_view value_text(const Content& c, const Value& v, const TypeInfo& type, int set_item, bool labels,
                            std::string& buf) {
  if (!v.known()) return "unknown";
  const Questionnaire& q = c.questionnaire;
  switch (v.kind) {
    case Kind::boolean: return v.i ? "yes" : "no";
    case Kind::integer: return buf = std::to_string(v.i);
    case Kind::symbol: {
      Sym s = static_cast<Sym>(v.i);
      if (labels && type.label_item >= 0) {
        const std::string& l = q.items[static_cast<std::size_t>(type.label_item)].code_label(s);
        if (!l.empty()) return l;
      }
      if (labels && type.label_score >= 0)
        for (const auto& b : q.scores[static_cast<std::size_t>(type.label_score)].bands)
          if (b.sym == s && !b.label.empty()) return b.label;
      return c.symbols.name(s);
    }
    case Kind::set: {
      const Item* it = set_item >= 0 ? &q.items[static_cast<std::size_t>(set_item)]
                       : type.label_item >= 0 ? &q.items[static_cast<std::size_t>(type.label_item)] : nullptr;
      if (!it) return "?";
      buf.clear();
      for (std::size_t b = 0; b < it->codes.size(); ++b)
        if (v.bits() >> b & 1u) (buf.empty() ? buf : buf += ", ") += labels ? it->codes[b].label : it->codes[b].code;
      return buf.empty() ? "none" : std::string_view(buf);
    }
    case Kind::unknown: break;
  }
  return "unknown";
}

}  // namespace

std::string Engine::format_value(const Value& v, const TypeInfo& type, bool labels) const {
  std::string buf;
  return std::string(value_text(c_, v, type, type.set_item, labels, buf));
}

namespace {

// Labels are written capitalised, to stand alone ("Another kind"); inside a sentence they read
// as ordinary words ("because another kind is used"). An acronym ("HIV") keeps its capitals:
// only a capital followed by a lowercase letter is lowered.
bool mid_sentence(const std::string& out) {
  std::size_t end = out.size();
  while (end > 0 && (out[end - 1] == ' ' || out[end - 1] == '\n')) --end;
  if (end == 0) return false;
  char last = out[end - 1];
  return last != '.' && last != '!' && last != '?' && last != ':';
}

// Lowers the label that starts at out[at], written after mid_sentence(out) held.
// ASCII letters only, whatever the locale: a byte of a UTF-8 letter is never changed alone.
void lower_label(std::string& out, std::size_t at) {
  auto upper = [](char c) { return c >= 'A' && c <= 'Z'; };
  auto lower = [](char c) { return c >= 'a' && c <= 'z'; };
  if (out.size() - at > 1 && upper(out[at]) && lower(out[at + 1])) out[at] = static_cast<char>(out[at] - 'A' + 'a');
}

void append_in_sentence(std::string& out, std::string_view text) {
  bool mid = mid_sentence(out);
  std::size_t at = out.size();
  out += text;
  if (mid) lower_label(out, at);
}

}  // namespace

namespace {

// Removes the blanks at both ends of out[from..]: folded YAML scalars end in a newline that no
// sentence wants.
void trim_from(std::string& out, std::size_t from) {
  auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  std::size_t end = out.size();
  while (end > from && blank(out[end - 1])) --end;
  out.resize(end);
  std::size_t first = from;
  while (first < end && blank(out[first])) ++first;
  if (first > from) out.erase(from, first - from);
}

// Renders `t` onto the end of `out`, as Engine::render returns it: the reasons' texts go
// straight into `out` too, so that a rationale costs no string per reason or value.
void render_into(std::string& out, const Content& c, const Template& t, const EvalEnv& e, const std::vector<Reason>* reasons,
                 std::string& buf) {
  std::size_t from = out.size();
  for (const auto& p : t.parts) {
    if (p.reasons) {
      if (!reasons) continue;
      std::size_t held = 0, k = 0;
      // Each condition is evaluated once (a rule has at most Rule::max_reasons, a bit each).
      static_assert(Rule::max_reasons <= 64);
      std::uint64_t holds = 0;
      for (std::size_t i = 0; i < reasons->size() && i < Rule::max_reasons; ++i)
        if (eval_fast((*reasons)[i].when, e).truth().value) holds |= std::uint64_t{1} << i, ++held;
      // "a", "a, and b", "a, b, and c": the order of the rule file is the order they matter in.
      for (std::size_t i = 0; i < reasons->size() && i < Rule::max_reasons; ++i) {
        if (!(holds >> i & 1u)) continue;
        const Reason& x = (*reasons)[i];
        if (k > 0) out += k + 1 == held ? c.rules.wording.last_separator : ", ";
        ++k;
        bool mid = mid_sentence(out);  // a reason's text reads in the sentence as a label does
        std::size_t at = out.size();
        render_into(out, c, x.text, e, nullptr, buf);
        if (mid) lower_label(out, at);
      }
      continue;
    }
    if (!p.expr.valid()) {
      out += p.text;
      continue;
    }
    const ExprNode& root = p.expr.node(p.expr.root);
    bool labels = root.op == Op::label;
    const TypeInfo& type = root.type;
    int set_item = labels && type.label_item >= 0 && p.expr.node(root.a).type.type == Type::set ? type.label_item : type.set_item;
    std::string_view text = value_text(c, eval(p.expr, e), type, set_item, labels, buf);
    if (labels) append_in_sentence(out, text);
    else out += text;
  }
  trim_from(out, from);
}

}  // namespace

std::string Engine::render(const Template& t, const Record& record, const Result& result,
                           const std::vector<Reason>* reasons) const {
  std::string out;
  render(out, t, record, result, reasons);
  return out;
}

void Engine::render(std::string& out, const Template& t, const Record& record, const Result& result,
                    const std::vector<Reason>* reasons) const {
  std::string buf;  // a value's text, when it is not in the content (numbers, lists)
  render_into(out, c_, t, env(record, result), reasons, buf);
}

std::vector<int> Engine::unknown_items(int rule, const Record& record) const {
  return applicable_unknowns(c_.rules.rules[static_cast<std::size_t>(rule)].items, record);
}

std::vector<int> Engine::rating_unknowns(int rating, const Record& record, const Result& result) const {
  const Rating& g = c_.rules.ratings.list[static_cast<std::size_t>(rating)];
  const Value& v = result.ratings[static_cast<std::size_t>(rating)];
  std::size_t end = result.rating_line[static_cast<std::size_t>(rating)] < 0
                        ? g.lines.size()
                        : static_cast<std::size_t>(result.rating_line[static_cast<std::size_t>(rating)]);
  EvalEnv e = env(record, result);
  std::vector<int> items;
  for (std::size_t l = 0; l < end; ++l) {
    const RatingLine& line = g.lines[l];
    if ((v.known() && line.value <= v.i) || !eval(line.when, e).truth().uncertain) continue;
    for (int i : applicable_unknowns(line.items, record))
      if (std::find(items.begin(), items.end(), i) == items.end()) items.push_back(i);
  }
  std::sort(items.begin(), items.end());
  return items;
}

std::vector<int> Engine::applicable_unknowns(const std::vector<int>& items, const Record& record) const {
  std::vector<int> out;
  for (int i : items) {
    if (record.answered(i)) continue;
    // An item that is not asked for this record (its condition is false) is not an unknown.
    Truth applies = item_applies(c_.questionnaire, i, record.answers);
    if (applies.value || applies.uncertain) out.push_back(i);
  }
  return out;
}

std::vector<std::vector<int>> Engine::note_items(const Record& record, const Result& result) const {
  std::vector<std::vector<int>> out;
  out.reserve(result.unknowns.size());
  for (const auto& u : result.unknowns) out.push_back(unknown_items(u.rule, record));
  return out;
}

std::string Engine::rationale(int rule, const Record& record, const Result& result) const {
  return rationale(rule, record, result, note_items(record, result));
}

std::string Engine::rationale(int rule, const Record& record, const Result& result,
                              const std::vector<std::vector<int>>& note_items) const {
  std::string text;
  rationale(text, rule, record, result, note_items);
  return text;
}

void Engine::rationale(std::string& text, int rule, const Record& record, const Result& result,
                       const std::vector<std::vector<int>>& note_items) const {
  const RuleSet& rs = c_.rules;
  const Rule& r = rs.rules[static_cast<std::size_t>(rule)];
  render(text, r.because, record, result, &r.reasons);
  // Unanswered items by their questions and earlier rules by what they would have done: a
  // rationale is read by people, not by the program.
  std::vector<int> own, earlier;
  std::vector<std::string> instead;
  auto add = [](std::vector<int>& to, const std::vector<int>& items) {
    for (int i : items)
      if (std::find(to.begin(), to.end(), i) == to.end()) to.push_back(i);
  };
  for (std::size_t k = 0; k < result.unknowns.size(); ++k) {
    const UnknownNote& u = result.unknowns[k];
    const std::vector<int>& items = note_items[k];
    if (items.empty()) continue;
    if (u.rule == rule) {
      add(own, items);
    } else if (!u.fired && r.group >= 0 && rs.rules[static_cast<std::size_t>(u.rule)].group == r.group && u.rule < rule) {
      add(earlier, items);
      std::string what = effect_label(rs.rules[static_cast<std::size_t>(u.rule)].then);
      if (std::find(instead.begin(), instead.end(), what) == instead.end()) instead.push_back(what);
    }
  }
  const Wording& w = rs.wording;
  if (!own.empty()) text += " " + fill_wording(w.unanswered, {{"questions", unknown_questions(own)}});
  if (!earlier.empty())
    text += " " + fill_wording(w.unanswered_earlier,
                               {{"questions", unknown_questions(earlier)}, {"instead", join(instead, " " + w.or_ + " ")}});
}

std::string Engine::unknown_questions(const std::vector<int>& items) const {
  const Questionnaire& q = c_.questionnaire;
  std::vector<std::string> out;
  std::vector<char> said(q.items.size(), 0);
  // A score none of whose items was answered is named once, by its label, not item by item.
  for (const Score& sc : q.scores) {
    if (sc.items.size() < 2 || sc.label.empty()) continue;
    bool all = std::all_of(sc.items.begin(), sc.items.end(),
                           [&](int i) { return std::find(items.begin(), items.end(), i) != items.end(); });
    if (!all) continue;
    for (int i : sc.items) said[static_cast<std::size_t>(i)] = 1;
    out.push_back(sc.label);
  }
  for (int i : items)
    if (!said[static_cast<std::size_t>(i)]) out.push_back("\"" + q.items[static_cast<std::size_t>(i)].label + "\"");
  return join(out, "; ");
}

std::string Engine::effect_label(const Effects& fx) const {
  const RuleSet& rs = c_.rules;
  if (fx.level >= 0) return rs.levels[static_cast<std::size_t>(fx.level)].label;
  if (fx.setting >= 0) return rs.setting.values[static_cast<std::size_t>(fx.setting)].label;
  if (fx.alternative >= 0) return rs.levels[static_cast<std::size_t>(fx.alternative)].label;
  return rs.wording.earlier_rule;
}

std::string Engine::rationale_text(int rule, const Record& record, const Result& result) const {
  const Rule& r = c_.rules.rules[static_cast<std::size_t>(rule)];
  return render(r.because, record, result, &r.reasons);
}

bool Engine::pathway_explained(const Result& result) const {
  return !result.pathway.empty() && !c_.rules.pathway_because.empty();
}

std::string Engine::pathway_rationale(const Record& record, const Result& result) const {
  return render(c_.rules.pathway_because, record, result);
}

std::vector<std::pair<int, std::vector<int>>> Engine::sensitive_unknowns(const Record& record, const Result& result) const {
  return sensitive_unknowns(result, note_items(record, result));
}

std::vector<std::pair<int, std::vector<int>>> Engine::sensitive_unknowns(const Result& result,
                                                                         const std::vector<std::vector<int>>& note_items) const {
  std::vector<std::pair<int, int>> pairs;  // (item, rule), rules in evaluation order
  for (std::size_t k = 0; k < result.unknowns.size(); ++k)
    for (int i : note_items[k]) pairs.emplace_back(i, result.unknowns[k].rule);
  std::stable_sort(pairs.begin(), pairs.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<std::pair<int, std::vector<int>>> out;
  for (const auto& [item, rule] : pairs) {
    if (out.empty() || out.back().first != item) out.push_back({item, {}});
    out.back().second.push_back(rule);
  }
  return out;
}

}  // namespace carepath
