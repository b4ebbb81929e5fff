#include "lang/expr_table.hpp"

#include <algorithm>
#include <limits>
#include <map>


namespace carepath {

namespace {

const Value* EvalEnv::*field_of(Op op) {
  switch (op) {
    case Op::item: return &EvalEnv::answers;
    case Op::fact: return &EvalEnv::facts;
    case Op::score_total: return &EvalEnv::score_totals;
    case Op::score_band: return &EvalEnv::score_bands;
    case Op::result: return &EvalEnv::result;
    default: return nullptr;
  }
}

std::optional<Kind> kind_of(Type t) {
  switch (t) {
    case Type::boolean: return Kind::boolean;
    case Type::integer: return Kind::integer;
    case Type::symbol: return Kind::symbol;
    case Type::set: return Kind::set;
    case Type::text: break;
  }
  return std::nullopt;
}

bool same(const Value& a, const Value& b) { return a.kind == b.kind && a.uncertain == b.uncertain && a.i == b.i; }

bool is_comparison(Op op) { return op == Op::eq || op == Op::ne || op == Op::lt || op == Op::le || op == Op::gt || op == Op::ge; }

// How an expression uses one of its inputs, gathered over every place that reads it.
struct Use {
  Kind kind = Kind::unknown;
  bool by_value = false;   // used as a whole: classes are its values
  bool compared = false;   // compared with a literal (which carries the uncertain bit along)
  bool tested = false;     // has_code
  std::vector<std::int64_t> points, bits;
};

using Uses = std::map<std::pair<Op, std::int32_t>, Use>;

// Adds how `e` uses each input it reads; false when one cannot be classed.
bool add_uses(const Expr& e, Uses& uses) {
  for (std::size_t pc = 0; pc < e.code.size(); ++pc) {
    const Instr& in = e.code[pc];
    if (!field_of(in.op)) continue;
    auto kind = in.node >= 0 ? kind_of(e.node(in.node).type.type) : std::nullopt;
    if (!kind) return false;
    Use& u = uses[{in.op, in.x}];
    u.kind = *kind;
    // In postfix order the step after a read is what consumes it, when that step takes one value.
    const Instr* next = pc + 1 < e.code.size() ? &e.code[pc + 1] : nullptr;
    if (next && is_comparison(next->op) && next->lit_node >= 0) {
      u.compared = true;
      if (next->lit.known()) u.points.push_back(next->lit.kind == Kind::boolean ? next->lit.i != 0 : next->lit.i);
    } else if (next && next->op == Op::in_list) {
      u.points.insert(u.points.end(), e.members.begin() + next->x, e.members.begin() + next->x + next->y);
    } else if (next && next->op == Op::has_code) {
      u.tested = true;
      if (next->x >= 0) u.bits.push_back(next->x);
    } else if (next && next->op == Op::answered && u.kind == Kind::set) {
      u.tested = true;  // only whether a list was answered: no bits, so two classes, unknown and known
    } else if (!next || next->op != Op::answered) {
      u.by_value = true;
    }
  }
  return true;
}

constexpr std::uint64_t max_span = 1024;  // of the dense class arrays

}  // namespace

// Each builder sets how an input's values are classed and gives one example value of each
// class (nullopt for a class no value falls into), or nullopt when the input cannot be classed.

// Classes by value, from the input's domain.
ExprTable::Examples ExprTable::by_value(Input& in, const std::vector<Value>& domain) {
  if (domain.size() >= no_cell) return std::nullopt;
  std::int64_t lo = 0, hi = 0;
  bool any = false;
  for (const Value& v : domain) {
    if (v.kind == Kind::unknown) {
      if (v.i != 0 || v.uncertain) return std::nullopt;
      continue;
    }
    if (any && v.kind != in.kind) return std::nullopt;
    lo = any ? std::min(lo, v.i) : v.i;
    hi = any ? std::max(hi, v.i) : v.i;
    in.kind = v.kind;
    in.uncertain = in.uncertain || v.uncertain;
    any = true;
  }
  if (!any || static_cast<std::uint64_t>(hi) - static_cast<std::uint64_t>(lo) >= max_span) return std::nullopt;
  in.lo = lo;
  in.span = static_cast<std::uint64_t>(hi) - static_cast<std::uint64_t>(lo) + 1;
  in.dense.assign(in.span * (in.uncertain ? 2 : 1), no_cell);
  std::vector<std::optional<Value>> out;
  for (const Value& v : domain) {
    auto k = static_cast<std::uint8_t>(out.size());
    out.emplace_back(v);
    if (v.kind == Kind::unknown) {
      if (in.unknown_class == no_cell) in.unknown_class = k;
      continue;
    }
    std::uint64_t off = static_cast<std::uint64_t>(v.i) - static_cast<std::uint64_t>(lo);
    std::uint8_t& slot = in.dense[in.uncertain ? 2 * off + v.uncertain : off];
    if (slot == no_cell) slot = k;
  }
  return out;
}

// Classes by the tested bits of a set.
ExprTable::Examples ExprTable::by_bits(Input& in, const std::vector<std::int64_t>& bits) {
  in.kind = Kind::set;
  in.by_bits = true;
  in.bits = bits;
  in.unknown_class = 0;
  std::vector<std::optional<Value>> out{Value::none()};
  for (std::uint64_t c = 0; c < (std::uint64_t{1} << bits.size()); ++c) {
    std::uint64_t set = 0;
    for (std::size_t b = 0; b < bits.size(); ++b)
      if (c >> b & 1u) set |= std::uint64_t{1} << bits[b];
    in.bit_class.push_back(static_cast<std::uint16_t>(out.size()));
    out.emplace_back(Value::of_set(set));
  }
  return out;
}

// Classes by where the value falls among the literals it is compared with: below the first,
// at the first, between the first and the second, ... above the last; with `uncertain`, each
// once certain and once uncertain.
ExprTable::Examples ExprTable::by_points(Input& in, Kind kind, const std::vector<std::int64_t>& at, bool uncertain) {
  if (at.empty() || 2 * at.size() + 1 >= no_cell / 2 ||
      static_cast<std::uint64_t>(at.back()) - static_cast<std::uint64_t>(at.front()) >= max_span)
    return std::nullopt;
  constexpr auto lowest = std::numeric_limits<std::int64_t>::min(), highest = std::numeric_limits<std::int64_t>::max();
  if (at.front() == lowest || at.back() == highest) return std::nullopt;
  in.kind = kind;
  in.uncertain = uncertain;
  in.unknown_class = 0;
  int per = uncertain ? 2 : 1;
  auto class_of = [&](std::size_t position) { return static_cast<std::uint8_t>(1 + per * static_cast<int>(position)); };
  in.lo = at.front();
  in.span = static_cast<std::uint64_t>(at.back()) - static_cast<std::uint64_t>(at.front()) + 1;
  in.below_class = class_of(0);
  in.above_class = class_of(2 * at.size());
  in.dense.resize(in.span * static_cast<std::uint64_t>(per));
  std::size_t j = 0;
  for (std::uint64_t off = 0; off < in.span; ++off) {
    std::int64_t i = in.lo + static_cast<std::int64_t>(off);
    while (i > at[j]) ++j;
    std::uint8_t c = class_of(2 * j + (i == at[j]));
    for (int u = 0; u < per; ++u)
      in.dense[off * static_cast<std::uint64_t>(per) + static_cast<std::uint64_t>(u)] = static_cast<std::uint8_t>(c + u);
  }
  std::vector<std::optional<Value>> out{Value::none()};
  for (std::size_t position = 0; position <= 2 * at.size(); ++position) {
    std::optional<Value> v = Value{kind, false, 0};
    std::size_t j2 = position / 2;
    if (position % 2 == 1) v->i = at[j2];
    else if (j2 == at.size()) v->i = at.back() + 1;
    else if (j2 == 0) v->i = at[0] - 1;
    else if (at[j2 - 1] + 1 < at[j2]) v->i = at[j2 - 1] + 1;
    else v.reset();
    for (int u = 0; u < per; ++u) {
      if (v) v->uncertain = u == 1;
      out.push_back(v);
    }
  }
  return out;
}

std::shared_ptr<const ExprTable> ExprTable::build(const Expr& e, const DomainOf& domain, std::size_t max_cells) {
  if (!e.valid() || e.code.empty() || e.table) return nullptr;
  return build(
      {&e}, [&e](const EvalEnv& env) { return eval(e, env); }, domain, max_cells);
}

std::shared_ptr<const ExprTable> ExprTable::build(const std::vector<const Expr*>& reads,
                                                  const std::function<Value(const EvalEnv&)>& value, const DomainOf& domain,
                                                  std::size_t max_cells) {
  Uses uses;
  for (const Expr* e : reads)
    if (!e->valid() || !add_uses(*e, uses)) return nullptr;
  auto t = std::make_shared<ExprTable>();
  std::vector<std::vector<std::optional<Value>>> examples;  // by input, by class
  std::size_t cells = 1;
  for (auto& [key, u] : uses) {
    Input in;
    in.field = field_of(key.first);
    in.index = key.second;
    std::sort(u.points.begin(), u.points.end());
    u.points.erase(std::unique(u.points.begin(), u.points.end()), u.points.end());
    std::sort(u.bits.begin(), u.bits.end());
    u.bits.erase(std::unique(u.bits.begin(), u.bits.end()), u.bits.end());
    std::optional<std::vector<std::optional<Value>>> ex;
    if (u.by_value || (u.tested && (u.compared || !u.points.empty())) || u.bits.size() > max_bits) {
      auto d = domain(key.first, key.second);
      if (d) ex = by_value(in, *d);
    } else if (u.tested) {
      ex = by_bits(in, u.bits);
    } else {
      // Only facts and result fields are ever uncertain; items and scores never are.
      ex = by_points(in, u.kind, u.points, u.compared && (key.first == Op::fact || key.first == Op::result));
    }
    if (!ex) return nullptr;
    in.count = static_cast<std::uint32_t>(ex->size());
    in.stride = static_cast<std::uint32_t>(cells);  // cells <= max_cells, checked for the input before
    cells *= in.count;
    if (cells > max_cells) return nullptr;
    t->inputs_.push_back(std::move(in));
    examples.push_back(std::move(*ex));
  }

  // Scratch values for every name read, set to one example of each class in turn.
  std::vector<std::pair<const Value* EvalEnv::*, std::vector<Value>>> scratch;
  auto values_of = [&](const Value* EvalEnv::*field) -> std::vector<Value>& {
    for (auto& [f, values] : scratch)
      if (f == field) return values;
    return scratch.emplace_back(field, std::vector<Value>{}).second;
  };
  for (const Input& in : t->inputs_) {
    auto& s = values_of(in.field);
    s.resize(std::max(s.size(), static_cast<std::size_t>(in.index) + 1));
  }
  EvalEnv env;
  for (auto& [field, values] : scratch) env.*field = values.data();
  t->cells_.resize(cells);
  for (std::size_t cell = 0; cell < cells; ++cell) {
    bool possible = true;
    for (std::size_t k = 0; k < t->inputs_.size(); ++k) {
      const Input& in = t->inputs_[k];
      const auto& v = examples[k][cell / in.stride % in.count];
      if (!v) possible = false;
      else values_of(in.field)[static_cast<std::size_t>(in.index)] = *v;
    }
    if (!possible) {
      t->cells_[cell] = no_cell;
      continue;
    }
    Value out = value(env);
    auto o = std::find_if(t->outputs_.begin(), t->outputs_.end(), [&](const Value& v) { return same(v, out); });
    if (o == t->outputs_.end()) {
      if (t->outputs_.size() == no_cell) return nullptr;
      t->outputs_.push_back(out);
      o = t->outputs_.end() - 1;
    }
    t->cells_[cell] = static_cast<std::uint8_t>(o - t->outputs_.begin());
  }
  t->merge_alike_classes();
  return t;
}

// Classes of an input whose cells agree for every class of the other inputs are one class: the
// table answers alike for them. Fewer classes make fewer cells and, for the outcome memo, keys
// that tell apart only what some table does.
void ExprTable::merge_alike_classes() {
  for (std::size_t k = 0; k < inputs_.size(); ++k) {
    Input& in = inputs_[k];
    if (in.count < 2) continue;
    const std::size_t n = in.count, stride = in.stride, outer = cells_.size() / (stride * n);
    auto alike = [&](std::size_t a, std::size_t b) {
      for (std::size_t o = 0; o < outer; ++o)
        for (std::size_t i = 0; i < stride; ++i)
          if (cells_[(o * n + a) * stride + i] != cells_[(o * n + b) * stride + i]) return false;
      return true;
    };
    // A list tested on eight codes has 257 classes: more than a byte holds.
    std::vector<int> to(n, -1);
    std::vector<std::size_t> kept;
    for (std::size_t c = 0; c < n; ++c) {
      for (std::size_t j = 0; j < kept.size() && to[c] < 0; ++j)
        if (alike(kept[j], c)) to[c] = static_cast<int>(j);
      if (to[c] < 0) {
        to[c] = static_cast<int>(kept.size());
        kept.push_back(c);
      }
    }
    if (kept.size() == n) continue;
    std::vector<std::uint8_t> cells;
    cells.reserve(outer * kept.size() * stride);
    for (std::size_t o = 0; o < outer; ++o)
      for (std::size_t c : kept)
        cells.insert(cells.end(), cells_.begin() + static_cast<std::ptrdiff_t>((o * n + c) * stride),
                     cells_.begin() + static_cast<std::ptrdiff_t>((o * n + c + 1) * stride));
    cells_ = std::move(cells);
    auto remap = [&](std::uint8_t& c) {  // classes by value or by points: fewer than no_cell
      if (c != no_cell) c = static_cast<std::uint8_t>(to[c]);
    };
    for (auto& c : in.dense) remap(c);
    for (auto& c : in.bit_class) c = static_cast<std::uint16_t>(to[c]);
    remap(in.unknown_class);
    remap(in.below_class);
    remap(in.above_class);
    in.count = static_cast<std::uint32_t>(kept.size());
    for (std::size_t j = k + 1; j < inputs_.size(); ++j)
      inputs_[j].stride = static_cast<std::uint32_t>(inputs_[j].stride / n * kept.size());
  }
}

}  // namespace carepath
