#include "content/tables.hpp"

#include "content/content.hpp"

namespace carepath {

namespace {

std::vector<Value> with_none(std::vector<Value> v) {
  v.insert(v.begin(), Value::none());
  return v;
}

std::optional<std::pair<long long, long long>> item_range(const Item& it) {
  switch (it.type) {
    case ItemType::integer: return std::pair{it.min, it.max};
    case ItemType::points: {
      if (it.codes.empty()) return std::nullopt;
      auto [lo, hi] =
          std::minmax_element(it.codes.begin(), it.codes.end(), [](const Code& a, const Code& b) { return a.number < b.number; });
      return std::pair{lo->number, hi->number};
    }
    default: return std::nullopt;
  }
}

std::optional<std::vector<Value>> range_values(long long lo, long long hi) {
  if (hi < lo || hi - lo >= static_cast<long long>(max_domain)) return std::nullopt;
  std::vector<Value> out;
  for (long long v = lo; v <= hi; ++v) out.push_back(Value::of_int(v));
  return with_none(std::move(out));
}

std::optional<std::vector<Value>> score_totals(const Questionnaire& q, const Score& s) {
  if (s.kind == Score::Kind::count) {
    if (s.items.size() != 1) return std::nullopt;
    return range_values(0, static_cast<long long>(q.items[static_cast<std::size_t>(s.items[0])].codes.size()));
  }
  long long lo = 0, hi = 0;
  for (int i : s.items) {
    auto r = item_range(q.items[static_cast<std::size_t>(i)]);
    if (!r) return std::nullopt;
    lo += r->first;
    hi += r->second;
  }
  return range_values(lo, hi);
}

}  // namespace

std::optional<std::vector<Value>> item_domain(const Item& it) {
  std::vector<Value> out;
  switch (it.type) {
    case ItemType::choice:
      for (const auto& c : it.codes) out.push_back(Value::of_sym(c.sym));
      return with_none(std::move(out));
    case ItemType::boolean: return with_none({Value::of_bool(false), Value::of_bool(true)});
    case ItemType::multi:
      if (it.codes.size() > max_bits) return std::nullopt;
      for (std::uint64_t bits = 0; bits < (std::uint64_t{1} << it.codes.size()); ++bits) out.push_back(Value::of_set(bits));
      return with_none(std::move(out));
    case ItemType::integer: return range_values(it.min, it.max);
    case ItemType::points:
      for (const auto& c : it.codes) out.push_back(Value::of_int(c.number));
      return with_none(std::move(out));
    case ItemType::text: break;
  }
  return std::nullopt;
}

void compile_tables(Content& c) {
  const Questionnaire& q = c.questionnaire;
  RuleSet& rs = c.rules;
  std::vector<std::optional<std::vector<Value>>> fact_values(rs.facts.size());
  auto levels = [&] {
    std::vector<Value> out;
    for (const auto& l : rs.levels) out.push_back(Value::of_sym(l.sym));
    return with_none(std::move(out));
  };
  DomainOf domain = [&](Op op, int x) -> std::optional<std::vector<Value>> {
    auto at = static_cast<std::size_t>(x);
    switch (op) {
      case Op::item: return item_domain(q.items[at]);
      case Op::fact: return fact_values[at];
      case Op::score_total: return score_totals(q, q.scores[at]);
      case Op::score_band: {
        std::vector<Value> out;
        for (const auto& b : q.scores[at].bands) out.push_back(Value::of_sym(b.sym));
        return with_none(std::move(out));
      }
      case Op::result:
        switch (x) {
          case rf_emergency: return std::vector<Value>{Value::of_bool(false), Value::of_bool(true)};
          case rf_setting: {
            std::vector<Value> out{Value::of_sym(rs.setting.none_sym)};
            for (const auto& v : rs.setting.values) out.push_back(Value::of_sym(v.sym));
            return out;
          }
          default: return levels();
        }
      default: return std::nullopt;
    }
  };
  for_each_scored_expr(c, [&](Expr& e, int fact) {
    e.table = nullptr;
    e.table = ExprTable::build(e, domain);
    if (fact >= 0 && e.table) fact_values[static_cast<std::size_t>(fact)] = e.table->outputs();
  });
  // Each rating's lines at once, for one lookup a record; tabulated after the lines, whose
  // tables Rating::rate() reads. A rating reads more than a condition (the default content's
  // largest, 13 lines, has 15,552 cells, a few milliseconds to build), and saves more.
  constexpr std::size_t max_rating_cells = 1 << 14;
  for (Rating& g : rs.ratings.list) {
    std::vector<const Expr*> reads;
    for (const auto& l : g.lines) reads.push_back(&l.when);
    g.table = nullptr;
    g.table = ExprTable::build(
        reads, [&g](const EvalEnv& env) { return Rating::as_value(g.rate(env)); }, domain, max_rating_cells);
  }
  // Rationales' reasons too: JSON output tests each for every rule that fires. They decide no
  // outcome, so they are not among the scored expressions (which the outcome memo keys on).
  for (Rule& r : c.rules.rules)
    for (Reason& x : r.reasons) {
      x.when.table = nullptr;
      x.when.table = ExprTable::build(x.when, domain);
    }
}

}  // namespace carepath
