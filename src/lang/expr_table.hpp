#pragma once
// Decision tables: a condition whose inputs are few and take few values is evaluated by one
// table lookup instead of running its program. The table is filled by running the program
// once for every combination of input classes, so it gives exactly what the program gives;
// a value the table was not built for (lookup() returns nullptr) is left to the program.
//
// Inputs compared only with literals (`route == 'injection'`, `total >= 13`, `x in [...]`)
// need no list of their values: their classes are unknown, the literals themselves and the
// gaps between them, so a choice of twenty codes tested against two has six classes. Inputs
// used otherwise (as a condition of their own, say) are classed by value, from a domain the
// caller lists. Once filled, classes of an input that every cell answers alike are merged
// (`x in ['a', 'b']` needs three: unknown, in and out): the outcome memo keys on these classes.
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "lang/expr.hpp"

namespace carepath {

// An input is classed by its tested bits only for sets of at most max_bits codes, and by value
// only when its domain lists at most max_domain values.
constexpr std::size_t max_bits = 8;
constexpr std::size_t max_domain = 64;


// Every value an input can hold, or nullopt when they are not few or not known.
using DomainOf = std::function<std::optional<std::vector<Value>>(Op source, int index)>;

class ExprTable {
 public:
  // nullptr when an input's values cannot be classed or the table would exceed max_cells.
  static std::shared_ptr<const ExprTable> build(const Expr& e, const DomainOf& domain, std::size_t max_cells = 4096);
  // A table of what `value` computes from the inputs the expressions `reads` read, classed as
  // for one expression reading them all: for conditions evaluated together (a rating's lines).
  static std::shared_ptr<const ExprTable> build(const std::vector<const Expr*>& reads,
                                                const std::function<Value(const EvalEnv&)>& value, const DomainOf& domain,
                                                std::size_t max_cells = 4096);

  // The expression's value for env, or nullptr when an input holds a value outside the table.
  const Value* lookup(const EvalEnv& env) const {
    std::size_t at = 0;
    for (const Input& in : inputs_) {
      int c = in.classify((env.*in.field)[in.index]);
      if (c < 0) return nullptr;
      at += static_cast<std::size_t>(c) * in.stride;
    }
    std::uint8_t o = cells_[at];
    return o == no_cell ? nullptr : &outputs_[o];
  }

  // The values the expression can take: the domain of a fact for the tables that read it.
  const std::vector<Value>& outputs() const { return outputs_; }
  std::size_t cells() const { return cells_.size(); }

  static constexpr std::uint8_t no_cell = 255;  // a combination no value falls into

  // One input: where it is read and how its value becomes a class (a digit of the cell index).
  // What lookup() reads of an input lies in its first 64 bytes, and an input starts a cache
  // line: a record evaluates some 60 tables, and with `stride` on a second line of each input,
  // a third of the lookups' first-level cache misses were that line's (cachegrind, a TEDS-A
  // sample; the lookups of the records the memo does not know).
  struct alignas(64) Input {
    const Value* EvalEnv::*field = nullptr;
    std::int32_t index = 0;
    std::uint32_t stride = 0;      // in cells (at most max_cells)
    Kind kind = Kind::unknown;     // the kind of every known value the table holds
    bool uncertain = false;        // uncertain values have classes of their own
    bool by_bits = false;          // has_code only: the class is made of the tested bits
    std::uint8_t unknown_class = no_cell, below_class = no_cell, above_class = no_cell;
    std::int64_t lo = 0;
    std::uint64_t span = 0;
    std::vector<std::uint8_t> dense;  // class by (i - lo) (times 2, plus the uncertain bit)
    std::vector<std::int64_t> bits;   // by_bits: the tested bit positions
    std::vector<std::uint16_t> bit_class;  // by_bits: class by which of them a set holds (up to 256)
    std::uint32_t count = 0;               // classes

    int classify(const Value& v) const {
      auto known = [](std::uint8_t c) { return c == no_cell ? -1 : static_cast<int>(c); };
      if (v.kind != kind) return v.kind == Kind::unknown && v.i == 0 && !v.uncertain ? known(unknown_class) : -1;
      if (by_bits) {
        int c = 0;
        for (std::size_t b = 0; b < bits.size(); ++b) c |= static_cast<int>(v.bits() >> bits[b] & 1u) << b;
        return bit_class[static_cast<std::size_t>(c)];
      }
      if (v.uncertain && !uncertain) return -1;
      std::uint64_t off = static_cast<std::uint64_t>(v.i) - static_cast<std::uint64_t>(lo);
      if (off >= span) {
        std::uint8_t c = v.i < lo ? below_class : above_class;
        return c == no_cell ? -1 : c + (uncertain && v.uncertain);
      }
      return known(dense[uncertain ? 2 * off + v.uncertain : off]);
    }
  };

  const std::vector<Input>& inputs() const { return inputs_; }

 private:
  using Examples = std::optional<std::vector<std::optional<Value>>>;
  static Examples by_value(Input& in, const std::vector<Value>& domain);
  static Examples by_bits(Input& in, const std::vector<std::int64_t>& bits);
  static Examples by_points(Input& in, Kind kind, const std::vector<std::int64_t>& at, bool uncertain);
  void merge_alike_classes();

  std::vector<Input> inputs_;
  std::vector<std::uint8_t> cells_;
  std::vector<Value> outputs_;
};

// eval() with the table first, for the loops that run millions of times; the table is
// looked up without a call and the program runs only for a value outside it, counted in
// env.table_misses: a result that needed one depends on more than the classes of its answers
// (see outcome_memo.hpp).
inline Value eval_fast(const Expr& e, const EvalEnv& env) {
  if (e.table) {
    if (const Value* v = e.table->lookup(env)) return *v;
    if (env.table_misses) ++*env.table_misses;
  }
  return eval(e, env);
}

}  // namespace carepath
