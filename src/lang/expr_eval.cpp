#include <algorithm>
#include <bit>

#include "lang/expr.hpp"

// Evaluation of compiled conditions (compilation and checking are in expr.cpp).
namespace carepath {

namespace {

Truth truth_of(const Value& v) { return v.truth(); }

// Kleene's three-valued and/or on top of the decision value.
Value combine(Op op, Truth a, Truth b) {
  bool a_true = a.value && !a.uncertain, a_false = !a.value && !a.uncertain;
  bool b_true = b.value && !b.uncertain, b_false = !b.value && !b.uncertain;
  if (op == Op::and_) return Value::of_bool(a.value && b.value, !(a_false || b_false || (a_true && b_true)));
  return Value::of_bool(a.value || b.value, !(a_true || b_true || (a_false && b_false)));
}

Value compare(Op op, Value a, Value b) {
  if (!a.known() || !b.known()) return Value::of_truth(Truth::unknown());
  bool uncertain = a.uncertain || b.uncertain;
  if (a.kind == Kind::boolean) a.i = a.i != 0;
  if (b.kind == Kind::boolean) b.i = b.i != 0;
  bool r = false;
  switch (op) {
    case Op::eq: r = a.i == b.i; break;
    case Op::ne: r = a.i != b.i; break;
    case Op::lt: r = a.i < b.i; break;
    case Op::le: r = a.i <= b.i; break;
    case Op::gt: r = a.i > b.i; break;
    default: r = a.i >= b.i; break;
  }
  return Value::of_bool(r, uncertain);
}

}  // namespace

Value eval(const Expr& e, const EvalEnv& env, std::vector<Value>* trace) {
  if (!e.valid()) return Value::none();
  if (trace) trace->assign(e.nodes.size(), Value::none());
  // Evaluation never nests, so one stack per thread serves every expression.
  thread_local std::vector<Value> stack;
  if (stack.size() < e.stack_size) stack.resize(e.stack_size);
  Value* s = stack.data();
  std::size_t sp = 0;
  const Instr* code = e.code.data();
  for (std::size_t pc = 0, end = e.code.size(); pc < end; ++pc) {
    const Instr& in = code[pc];
    switch (in.op) {
      case Op::literal: s[sp++] = in.lit; break;
      case Op::item: s[sp++] = env.answers[in.x]; break;
      case Op::fact: s[sp++] = env.facts[in.x]; break;
      case Op::score_total: s[sp++] = env.score_totals[in.x]; break;
      case Op::score_band: s[sp++] = env.score_bands[in.x]; break;
      case Op::result: s[sp++] = env.result[in.x]; break;
      case Op::list:
      case Op::label: break;
      case Op::not_: {
        Truth t = truth_of(s[sp - 1]);
        s[sp - 1] = Value::of_bool(!t.value, t.uncertain);
        break;
      }
      case Op::and_skip:
      case Op::or_skip: {
        // A certain false (and) or true (or) settles it; a trace still wants the other side.
        Truth a = truth_of(s[sp - 1]);
        if (trace || a.uncertain || a.value != (in.op == Op::or_skip)) break;
        s[sp - 1] = Value::of_truth(a);
        pc = static_cast<std::size_t>(in.x) - 1;
        continue;
      }
      case Op::and_:
      case Op::or_: {
        Truth b = truth_of(s[--sp]);
        s[sp - 1] = combine(in.op, truth_of(s[sp - 1]), b);
        break;
      }
      case Op::eq:
      case Op::ne:
      case Op::lt:
      case Op::le:
      case Op::gt:
      case Op::ge: {
        Value b = in.lit_node >= 0 ? in.lit : s[--sp];
        if (trace && in.lit_node >= 0) (*trace)[static_cast<std::size_t>(in.lit_node)] = b;
        s[sp - 1] = compare(in.op, s[sp - 1], b);
        break;
      }
      case Op::in_list: {
        Value& a = s[sp - 1];
        if (!a.known()) {
          a = Value::of_truth(Truth::unknown());
          break;
        }
        const std::int64_t* m = e.members.data() + in.x;
        a = Value::of_bool(std::find(m, m + in.y, a.i) != m + in.y);
        break;
      }
      case Op::has_code: {
        Value& a = s[sp - 1];
        a = a.known() ? Value::of_bool(in.x >= 0 && (a.bits() >> in.x) & 1u) : Value::of_truth(Truth::unknown());
        break;
      }
      case Op::count: s[sp - 1] = s[sp - 1].known() ? Value::of_int(std::popcount(s[sp - 1].bits())) : Value::none(); break;
      case Op::answered: s[sp - 1] = Value::of_bool(s[sp - 1].known()); break;
      case Op::first_known: {
        sp -= static_cast<std::size_t>(in.x);
        Value found;
        for (std::size_t k = sp; k < sp + static_cast<std::size_t>(in.x); ++k)
          if (s[k].known()) {
            found = s[k];
            break;
          }
        s[sp++] = found;
        break;
      }
    }
    if (trace && in.node >= 0) (*trace)[static_cast<std::size_t>(in.node)] = s[sp - 1];
  }
  return s[0];
}

}  // namespace carepath
