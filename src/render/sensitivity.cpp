#include "render/sensitivity.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include "util/i18n.hpp"
#include "util/number.hpp"
#include "util/text.hpp"

namespace carepath {

void set_answer(RawRecord& raw, const std::string& item, RawValue value) {
  for (auto& f : raw.answers)
    if (f.key == item) {
      f.value = std::move(value);
      return;
    }
  RawField f;
  f.key = item;
  f.pos = value.pos;
  f.value = std::move(value);
  raw.answers.push_back(std::move(f));
  raw.answers_present = true;
}

namespace {

RawValue scalar(std::string s) {
  RawValue v;
  v.shape = RawValue::Shape::scalar;
  v.scalar = std::move(s);
  return v;
}

bool is_compare(Op op) {
  return op == Op::eq || op == Op::ne || op == Op::lt || op == Op::le || op == Op::gt || op == Op::ge;
}

// Integers that conditions compare a name (an item or a score total) with, and their neighbours.
std::set<long long> boundaries(const Content& c, Op op, int ref) {
  std::set<long long> out;
  auto scan = [&](const Expr& e) {
    for (const auto& n : e.nodes) {
      if (!is_compare(n.op)) continue;
      const ExprNode& a = e.node(n.a);
      const ExprNode& b = e.node(n.b);
      for (auto [name, lit] : {std::pair{&a, &b}, std::pair{&b, &a}})
        if (name->op == op && name->ref == ref && lit->op == Op::literal && lit->lit.kind == Kind::integer)
          for (long long d : {-1LL, 0LL, 1LL}) out.insert(lit->lit.i + d);
    }
  };
  const RuleSet& rs = c.rules;
  for (const auto& f : rs.facts) scan(f.expr);
  for (const auto& r : rs.rules) scan(r.when);
  for (const auto& g : rs.groups) scan(g.when);
  for (const auto& it : c.questionnaire.items)
    for (const auto& cond : it.conditions) scan(cond.expr);
  return out;
}

// A complete group of points items that is exactly one summed score, and opened by `item`.
struct ScaleGroup {
  const Group* group = nullptr;
  int score = -1;
};

ScaleGroup scale_opened_by(const Content& c, int item) {
  const Questionnaire& q = c.questionnaire;
  for (const auto& g : q.groups) {
    if (!g.complete || g.items.empty()) continue;
    bool opened = false;
    for (const auto& cond : q.items[static_cast<std::size_t>(g.items[0])].conditions)
      opened = opened || std::count(cond.expr.items.begin(), cond.expr.items.end(), item) > 0;
    if (!opened) continue;
    std::vector<int> members = g.items;
    std::sort(members.begin(), members.end());
    for (std::size_t s = 0; s < q.scores.size(); ++s) {
      std::vector<int> summed = q.scores[s].items;
      std::sort(summed.begin(), summed.end());
      bool points = std::all_of(members.begin(), members.end(),
                                [&](int i) { return q.items[static_cast<std::size_t>(i)].type == ItemType::points; });
      if (q.scores[s].kind == Score::Kind::sum && summed == members && points) return {&g, static_cast<int>(s)};
    }
  }
  return {};
}

// Answers for every item of the scale adding up to `total` exactly, or nothing.
std::vector<std::pair<std::string, RawValue>> fill_scale(const Content& c, const ScaleGroup& sg, long long total) {
  std::vector<std::pair<std::string, RawValue>> out;
  long long left = total;
  for (int i : sg.group->items) {
    const Item& it = c.questionnaire.items[static_cast<std::size_t>(i)];
    long long pick = -1;
    for (const auto& code : it.codes)
      if (code.number <= left && code.number > pick) pick = code.number;
    if (pick < 0) return {};
    left -= pick;
    out.emplace_back(it.id, scalar(std::to_string(pick)));
  }
  if (left != 0) return {};
  return out;
}

}  // namespace

std::vector<Probe> probes_for(const Content& c, int item) {
  const Questionnaire& q = c.questionnaire;
  const Item& it = q.items[static_cast<std::size_t>(item)];
  std::vector<Probe> out;
  auto add = [&](std::string label, std::string words, RawValue v) {
    out.push_back({std::move(label), std::move(words), {{it.id, std::move(v)}}});
  };
  // "If injecting": a label's capital is a sentence's, not the word's ("PTSD" keeps its own).
  auto code_words = [](const Code& code) {
    std::string w = code.label.empty() ? code.code : code.label;
    if (w.size() > 1 && std::isupper(static_cast<unsigned char>(w[0])) && std::islower(static_cast<unsigned char>(w[1])))
      w[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(w[0])));
    return w;
  };
  switch (it.type) {
    case ItemType::choice:
    case ItemType::points:
      for (const auto& code : it.codes) add(code.code, code_words(code), scalar(code.code));
      break;
    case ItemType::boolean:
      add("yes", _("yes"), scalar("yes"));
      add("no", _("no"), scalar("no"));
      break;
    case ItemType::integer: {
      std::set<long long> values = boundaries(c, Op::item, item);
      values.insert(it.min);
      values.insert(it.max);
      for (long long v : values)
        if (v >= it.min && v <= it.max) add(std::to_string(v), std::to_string(v), scalar(std::to_string(v)));
      break;
    }
    case ItemType::multi: {
      // For a score that counts the codes only their number matters, and that is what to say.
      bool counted = std::any_of(q.scores.begin(), q.scores.end(), [&](const Score& s) {
        return s.kind == Score::Kind::count && std::count(s.items.begin(), s.items.end(), item) > 0;
      });
      RawValue none;
      none.shape = RawValue::Shape::list;
      add("[]", counted ? trf("{} of them", 0) : _("none of them"), none);
      for (const auto& code : it.codes) {
        RawValue one = none;
        one.list.push_back(code.code);
        add("[" + code.code + "]", counted ? trf("{} of them", 1) : code_words(code), one);
      }
      if (!counted) break;
      RawValue first = none;
      for (std::size_t k = 0; k < it.codes.size(); ++k) {
        first.list.push_back(it.codes[k].code);
        if (k >= 1)
          add(fmt::format("the first {} codes ({} .. {})", k + 1, it.codes[0].code, it.codes[k].code),
              trf("{} of them", k + 1), first);
      }
      break;
    }
    case ItemType::text:
      break;
  }
  return out;
}

std::vector<ProbeResult> run_probes(const Engine& engine, const RawRecord& raw, int item) {
  const Content& c = engine.content();
  std::vector<ProbeResult> out;
  ScaleGroup sg = scale_opened_by(c, item);
  // One changed copy, its answers reset from `raw` before each probe: the strings keep their
  // buffers, where a fresh copy a probe allocated them all again.
  RawRecord changed = raw;
  auto run = [&](const Probe& p) {
    changed.answers = raw.answers;
    changed.answers_present = raw.answers_present;
    for (const auto& [id, v] : p.answers) set_answer(changed, id, v);
    return score_record(engine, changed);
  };
  for (Probe p : probes_for(c, item)) {
    Outcome o = run(p);
    if (!o.ok()) {
      // An answer that closes questions (a 'no' before a rating scale) takes their answers away.
      std::vector<std::string> closed;
      for (std::size_t i = 0; i < c.questionnaire.items.size(); ++i)
        if (o.record.answered(static_cast<int>(i)) && !item_applies(c.questionnaire, static_cast<int>(i), o.record.answers).value)
          closed.push_back(c.questionnaire.items[i].id);
      if (!closed.empty()) {
        Probe cleared{fmt::format("{} (without {})", p.label,
                                  closed.size() == 1 ? closed[0] : fmt::format("{} answers it closes", closed.size())),
                      p.words, p.answers};
        for (const auto& id : closed) cleared.answers.emplace_back(id, RawValue{});
        Outcome co = run(cleared);
        if (co.ok()) {
          p = std::move(cleared);
          o = std::move(co);
        }
      }
    }
    if (o.ok() || !sg.group) {
      out.push_back({p, std::move(o)});
      continue;
    }
    const Score& score = c.questionnaire.scores[static_cast<std::size_t>(sg.score)];
    std::set<long long> totals = boundaries(c, Op::score_total, sg.score);
    long long lo = 0, hi = 0;
    for (int i : score.items) {
      const auto& codes = c.questionnaire.items[static_cast<std::size_t>(i)].codes;
      auto [min, max] =
          std::minmax_element(codes.begin(), codes.end(), [](const Code& a, const Code& b) { return a.number < b.number; });
      lo += min->number;
      hi += max->number;
    }
    totals.insert(lo);
    totals.insert(hi);
    bool any = false;
    for (long long t : totals) {
      if (t < lo || t > hi) continue;
      auto fill = fill_scale(c, sg, t);
      if (fill.empty()) continue;
      Probe filled{fmt::format("{} ({} {})", p.label, score.id, t),
                   trf("{}, with {} {}", p.words, score.label.empty() ? score.id : score.label, t), p.answers};
      filled.answers.insert(filled.answers.end(), fill.begin(), fill.end());
      Outcome fo = run(filled);
      if (!fo.ok()) continue;
      any = true;
      out.push_back({std::move(filled), std::move(fo)});
    }
    if (!any) out.push_back({p, std::move(o)});
  }
  return out;
}

namespace {

// Items that a rule, a group, a fact, a score or another item's condition reads: no answer to
// any other item can change the recommendation, so it need not be tried (the report runs this
// for every record, and each try validates and scores the record again).
std::vector<char> items_read(const Content& c) {
  const Questionnaire& q = c.questionnaire;
  const RuleSet& rs = c.rules;
  std::vector<char> read(q.items.size(), 0);
  auto mark = [&](const std::vector<int>& items) {
    for (int i : items) read[static_cast<std::size_t>(i)] = 1;
  };
  for (const auto& r : rs.rules) mark(r.items);
  for (const auto& g : rs.groups) mark(g.when.items);
  for (const auto& f : rs.facts) mark(f.expr.items);
  for (const auto& sc : q.scores) mark(sc.items);
  for (const auto& it : q.items)
    for (const auto& cond : it.conditions) mark(cond.expr.items);
  return read;
}

// What outcome_changes compares, other than scores, without spelling it out.
bool same_decision(const Result& a, const Result& b) {
  return a.emergency == b.emergency && a.setting == b.setting && a.primary_level == b.primary_level &&
         a.alternative == b.alternative && a.pathway == b.pathway && a.flags == b.flags && a.medications == b.medications;
}

}  // namespace

Unknowns probe_unknowns(const Engine& engine, const RawRecord& raw, const Outcome& base) {
  const Questionnaire& q = engine.content().questionnaire;
  const std::vector<char> read = items_read(engine.content());
  Unknowns u;
  for (std::size_t i = 0; i < q.items.size(); ++i) {
    int item = static_cast<int>(i);
    if (base.record.answered(item) || q.items[i].type == ItemType::text || !item_applies(q, item, base.record.answers).value)
      continue;
    if (!read[i]) {
      u.no_effect.push_back(item);
      continue;
    }
    Sensitivity s;
    s.item = item;
    bool any_valid = false;
    std::string why_not;
    std::map<std::string, std::size_t> by_changes;
    for (auto& pr : run_probes(engine, raw, item)) {
      if (!pr.outcome.ok()) {
        if (why_not.empty()) why_not = fmt::format("{}: {}", pr.probe.label, pr.outcome.errors[0].message);
        continue;
      }
      any_valid = true;
      if (same_decision(base.result, pr.outcome.result)) continue;  // most answers: no need to compare field by field
      auto changes = outcome_changes(engine, base, pr.outcome);
      if (std::all_of(changes.begin(), changes.end(), [](const FieldChange& ch) { return ch.score(); })) continue;
      std::string key;
      for (const auto& ch : changes) key += ch.field + "\x1f" + ch.after + "\x1e";
      auto [it, fresh] = by_changes.emplace(key, s.effects.size());
      if (fresh) s.effects.push_back({{}, {}, std::move(changes)});
      s.effects[it->second].values.push_back(pr.probe.label);
      s.effects[it->second].words.push_back(pr.probe.words);
    }
    if (!any_valid)
      u.not_probed.emplace_back(item, why_not.empty() ? "no answer to try" : why_not);
    else if (s.effects.empty())
      u.no_effect.push_back(item);
    else
      u.sensitive.push_back(std::move(s));
  }
  return u;
}

namespace {

// "a", "a or b", "a, b or c"; counts ("4 of them", "5 of them") as "4 or 5 of them", "6 to 11 of them".
// A count is the words probes_for() gave it, in the chosen language: the number and its tail.
std::string either(std::vector<std::string> parts) {
  parts.erase(std::unique(parts.begin(), parts.end()), parts.end());
  const std::string counted = tr("{} of them");
  const auto hole = counted.find("{}");
  const std::string head_words = counted.substr(0, hole), tail = counted.substr(hole + 2);
  std::vector<long long> counts;
  for (const auto& p : parts) {
    if (!p.starts_with(head_words) || !p.ends_with(tail) || p.size() <= head_words.size() + tail.size()) break;
    auto n = parse_integer(std::string_view(p).substr(head_words.size(), p.size() - tail.size() - head_words.size()),
                           IntegerForm::digits);
    if (!n) break;
    counts.push_back(*n);
  }
  bool run = counts.size() == parts.size() && counts.size() >= 3 &&
             counts.back() - counts.front() + 1 == static_cast<long long>(counts.size());
  if (run) return fmt::format(fmt::runtime(counted), trf("{} to {}", counts.front(), counts.back()));
  if (parts.size() <= 1) return parts.empty() ? "" : parts[0];
  if (counts.size() == parts.size()) {
    std::vector<std::string> numbers;
    for (long long n : counts) numbers.push_back(std::to_string(n));
    std::vector<std::string> first(numbers.begin(), numbers.end() - 1);
    return fmt::format(fmt::runtime(counted), trf("{} or {}", join(first, ", "), numbers.back()));
  }
  std::vector<std::string> head(parts.begin(), parts.end() - 1);
  return trf("{} or {}", join(head, ", "), parts.back());
}

// What one changed field means, in the content's labels.
class ChangeWords {
 public:
  explicit ChangeWords(const Engine& engine) : rs_(engine.content().rules) {}

  std::string say(const std::vector<FieldChange>& changes) const {
    bool primary_moved =
        std::any_of(changes.begin(), changes.end(), [](const FieldChange& c) { return c.field == "primary_level"; });
    std::vector<std::string> out;
    for (const auto& c : changes) {
      if (c.score()) continue;
      if (c.field == "emergency")
        out.push_back(c.after == "true" ? _("an emergency: get help first") : _("no emergency"));
      else if (c.field == rs_.setting.field) {
        // No setting at all goes with its step leaving the pathway, which says it.
        if (c.after == rs_.setting.none && pathway_loses_step(changes)) continue;
        out.push_back(c.before == rs_.setting.none
                          ? fmt::format("{}: {}", rs_.setting.label, setting(c.after))
                          : trf("{}: {} instead of {}", rs_.setting.label, setting(c.after), setting(c.before)));
      } else if (c.field == "primary_level")
        out.push_back(trf("primary level {} instead of {}", level(c.after), level(c.before)));
      else if (c.field == "alternative")
        out.push_back(c.after == "null"     ? trf("no alternative ({} was offered)", level(c.before))
                      : c.before == "null" ? trf("alternative {}", level(c.after))
                                           : trf("alternative {} instead of {}", level(c.after), level(c.before)));
      else if (c.field == "pathway")
        pathway(c, primary_moved, out);
      else if (c.field == "medications")
        listed(c, rs_.medications, N_("{} is added"), N_("{} is dropped"), out);
      else if (c.field == "flags")
        listed(c, rs_.flags, N_("flagged: {}"), N_("no longer flagged: {}"), out);
    }
    return join(out, "; ");
  }

 private:
  const RuleSet& rs_;

  std::string level(const std::string& id) const {
    for (const auto& l : rs_.levels)
      if (l.id == id) return l.label;
    return _("none");
  }
  std::string setting(const std::string& id) const {
    for (const auto& v : rs_.setting.values)
      if (v.id == id) return v.label;
    return _("none");
  }
  bool pathway_loses_step(const std::vector<FieldChange>& changes) const {
    return std::any_of(changes.begin(), changes.end(),
                       [](const FieldChange& c) { return c.field == "pathway" && !c.removed.empty(); });
  }
  // Steps at and below the primary level follow from it: a moved primary level says them.
  void pathway(const FieldChange& c, bool primary_moved, std::vector<std::string>& out) const {
    for (const auto& l : rs_.levels) {
      if (primary_moved && l.placement == Level::Placement::step) continue;
      if (std::count(c.added.begin(), c.added.end(), l.id)) out.push_back(trf("a {} step first", l.label));
      if (std::count(c.removed.begin(), c.removed.end(), l.id)) out.push_back(trf("no {} step", l.label));
    }
  }
  // A flag's label is "Short name: what to do"; the short name says which.
  template <class T>
  static std::string short_label(const T& x) {
    std::string l = x.label.empty() ? x.id : x.label;
    auto colon = l.find(':');
    return colon == std::string::npos ? l : l.substr(0, colon);
  }
  template <class T>
  void listed(const FieldChange& c, const std::vector<T>& all, const char* added, const char* removed,
              std::vector<std::string>& out) const {
    for (const auto& x : all) {
      if (std::count(c.added.begin(), c.added.end(), x.id)) out.push_back(trf(added, short_label(x)));
      if (std::count(c.removed.begin(), c.removed.end(), x.id)) out.push_back(trf(removed, short_label(x)));
    }
  }
};

}  // namespace

std::vector<std::string> unknown_sentences(const Engine& engine, const Unknowns& u) {
  const Questionnaire& q = engine.content().questionnaire;
  ChangeWords words(engine);
  // Items of one score whose answers lead to the same changes are one entry, named by the score.
  auto changes_key = [&](const Sensitivity& s) {
    std::vector<std::string> keys;
    for (const auto& e : s.effects) keys.push_back(words.say(e.changes));
    std::sort(keys.begin(), keys.end());
    return join(keys, "\x1e");
  };
  auto score_of = [&](int item) {
    for (std::size_t k = 0; k < q.scores.size(); ++k)
      if (std::count(q.scores[k].items.begin(), q.scores[k].items.end(), item)) return static_cast<int>(k);
    return -1;
  };
  std::vector<std::string> out;
  std::vector<char> said(u.sensitive.size(), 0);
  for (std::size_t i = 0; i < u.sensitive.size(); ++i) {
    if (said[i]) continue;
    const Sensitivity& s = u.sensitive[i];
    const Item& it = q.items[static_cast<std::size_t>(s.item)];
    int score = score_of(s.item);
    std::string key = changes_key(s);
    std::size_t same = 0;
    for (std::size_t j = i + 1; j < u.sensitive.size(); ++j)
      if (!said[j] && score >= 0 && score_of(u.sensitive[j].item) == score && changes_key(u.sensitive[j]) == key) {
        said[j] = 1;
        ++same;
      }
    std::vector<std::string> cases;
    if (same > 0) {
      const Score& sc = q.scores[static_cast<std::size_t>(score)];
      std::vector<std::string> outcomes;
      for (const auto& e : s.effects)
        if (std::string w = words.say(e.changes); std::find(outcomes.begin(), outcomes.end(), w) == outcomes.end())
          outcomes.push_back(w);
      out.push_back(trf("{} ({} of its items not answered): depending on the answers, {}.", sc.label.empty() ? sc.id : sc.label,
                        same + 1, join(outcomes, _("; or "))));
      continue;
    }
    // Answers whose changes read the same (they differ only in scores) are one case.
    std::vector<std::pair<std::string, std::vector<std::string>>> by_words;
    for (const auto& e : s.effects) {
      std::string said_as = words.say(e.changes);
      auto at = std::find_if(by_words.begin(), by_words.end(), [&](const auto& b) { return b.first == said_as; });
      if (at == by_words.end())
        by_words.push_back({said_as, e.words});
      else
        at->second.insert(at->second.end(), e.words.begin(), e.words.end());
    }
    for (const auto& [said_as, answers] : by_words) cases.push_back(trf("if {}: {}", either(answers), said_as));
    std::string text = join(cases, "; ");
    // A sentence's capital; a letter outside ASCII ("¿") starts it as it is.
    if (!text.empty() && text[0] >= 'a' && text[0] <= 'z') text[0] = static_cast<char>(text[0] - 0x20);
    out.push_back(fmt::format("{} {}.", it.label.empty() ? it.id : it.label, text));
  }
  return out;
}
}  // namespace carepath
