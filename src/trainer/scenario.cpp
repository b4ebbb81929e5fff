#include "trainer/scenario.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "record/anonymity.hpp"
#include "util/io.hpp"
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

std::pair<std::string, RawValue> parse_assignment(const Content& c, const std::string& text, const std::string& origin) {
  auto eq = text.find('=');
  if (eq == std::string::npos || eq == 0)
    throw Error(exit_usage, fmt::format("{} {}: expected ITEM=VALUE (an empty VALUE leaves the item unanswered)", origin, shown(text)));
  std::string item = trim(text.substr(0, eq)), value = trim(text.substr(eq + 1));
  RawValue v;
  v.pos = {origin + " " + item, 0, 0};
  int i = c.questionnaire.find_item(item);
  if (value.empty()) return {item, v};
  if (i >= 0 && c.questionnaire.items[static_cast<std::size_t>(i)].type == ItemType::multi) {
    v.shape = RawValue::Shape::list;
    if (value.front() == '[' && value.back() == ']') value = value.substr(1, value.size() - 2);
    std::size_t start = 0;
    while (start <= value.size() && !trim(value).empty()) {
      auto comma = value.find(',', start);
      std::string code = trim(value.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
      if (!code.empty()) v.list.push_back(code);
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
  } else {
    v.shape = RawValue::Shape::scalar;
    v.scalar = value;
  }
  return {item, v};
}

namespace {

RawValue scalar(std::string s) {
  RawValue v;
  v.shape = RawValue::Shape::scalar;
  v.scalar = std::move(s);
  return v;
}

bool is_compare(Op op) { return op == Op::eq || op == Op::ne || op == Op::lt || op == Op::le || op == Op::gt || op == Op::ge; }

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
      bool points = std::all_of(members.begin(), members.end(), [&](int i) { return q.items[static_cast<std::size_t>(i)].type == ItemType::points; });
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
  auto add = [&](std::string label, RawValue v) { out.push_back({std::move(label), {{it.id, std::move(v)}}}); };
  switch (it.type) {
    case ItemType::choice:
    case ItemType::points:
      for (const auto& code : it.codes) add(code.code, scalar(code.code));
      break;
    case ItemType::boolean:
      add("yes", scalar("yes"));
      add("no", scalar("no"));
      break;
    case ItemType::integer: {
      std::set<long long> values = boundaries(c, Op::item, item);
      values.insert(it.min);
      values.insert(it.max);
      for (long long v : values)
        if (v >= it.min && v <= it.max) add(std::to_string(v), scalar(std::to_string(v)));
      break;
    }
    case ItemType::multi: {
      RawValue none;
      none.shape = RawValue::Shape::list;
      add("[]", none);
      for (const auto& code : it.codes) {
        RawValue one = none;
        one.list.push_back(code.code);
        add("[" + code.code + "]", one);
      }
      bool counted = std::any_of(q.scores.begin(), q.scores.end(), [&](const Score& s) {
        return s.kind == Score::Kind::count && std::count(s.items.begin(), s.items.end(), item) > 0;
      });
      if (!counted) break;
      RawValue first = none;
      for (std::size_t k = 0; k < it.codes.size(); ++k) {
        first.list.push_back(it.codes[k].code);
        if (k >= 1) add(fmt::format("the first {} codes ({} .. {})", k + 1, it.codes[0].code, it.codes[k].code), first);
      }
      break;
    }
    case ItemType::text: break;
  }
  return out;
}

std::vector<ProbeResult> run_probes(const Engine& engine, const RawRecord& raw, int item) {
  const Content& c = engine.content();
  std::vector<ProbeResult> out;
  ScaleGroup sg = scale_opened_by(c, item);
  auto run = [&](const Probe& p) {
    RawRecord changed = raw;
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
        Probe cleared{fmt::format("{} (without {})", p.label, closed.size() == 1 ? closed[0] : fmt::format("{} answers it closes", closed.size())), p.answers};
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
      auto [min, max] = std::minmax_element(codes.begin(), codes.end(), [](const Code& a, const Code& b) { return a.number < b.number; });
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
      Probe filled{fmt::format("{} ({} {})", p.label, score.id, t), p.answers};
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

}  // namespace carepath
