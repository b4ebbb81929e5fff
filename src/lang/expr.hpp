#pragma once
// The condition language of questionnaires and rules, e.g.
//   frequency == 'daily' and count(criteria) >= 6
//   'tobacco' in other_use     scale.total >= 25       not answered(criteria)
// Text is parsed once and checked against a Scope at load time (unknown names, unknown codes,
// type errors); evaluation walks the resolved node array with no name lookups.
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lang/value.hpp"

namespace carepath {

enum class Type : std::uint8_t { boolean, integer, symbol, set, text };
std::string_view type_name(Type t);

// What a name or sub-expression is: its type and, for codes, where they come from.
struct TypeInfo {
  TypeInfo() = default;
  TypeInfo(Type t, std::vector<Sym> d = {}) : type(t), domain(std::move(d)) {}
  Type type = Type::boolean;
  std::vector<Sym> domain;   // symbols: the allowed codes (empty: any)
  std::string domain_owner;  // who defines the domain, for messages ("item 'route'")
  int set_item = -1;         // sets: the item whose codes the bits index
  int label_item = -1;       // label(): an item whose codes have labels
  int label_score = -1;      // label(): a score whose bands have labels
  bool error = false;        // already reported: checks on it would only repeat the problem
};

enum class Op : std::uint8_t {
  literal, list, item, fact, score_total, score_band, result,
  not_, and_, or_, eq, ne, lt, le, gt, ge, in_list, has_code,
  count, answered, first_known, label,
  and_skip, or_skip,  // evaluation only: the short cuts of and/or
};

// A name the scope knows: how to read it and its type.
struct Binding {
  Op op;
  int ref;
  TypeInfo type;
};

class Scope {
 public:
  virtual ~Scope() = default;
  virtual std::optional<Binding> lookup(std::string_view name) const = 0;
  virtual std::vector<std::string> names() const = 0;  // for did-you-mean
  // Bit index of `code` among the codes of set item `item`, or -1; and the item's codes.
  virtual int code_bit(int item, Sym code) const = 0;
  virtual std::vector<std::string> item_codes(int item) const = 0;
  virtual bool is_item(const Binding& b) const { return b.op == Op::item; }
  virtual Symbols& symbols() const = 0;
};

struct ExprNode {
  explicit ExprNode(Op o = Op::literal) : op(o) {}
  Op op = Op::literal;
  TypeInfo type;
  int a = -1, b = -1;        // operands
  std::vector<int> args;     // first_known arguments
  int ref = -1;              // item/fact/score/result index; has_code: bit index
  Value lit;                 // literal value
  std::vector<Value> list;   // in_list: literal members
  std::size_t offset = 0;    // where it starts in the source text
  std::string text;          // the source text of this node, for traces
};

// One step of evaluation. A condition runs as a flat postfix program over a small stack of
// values rather than as a walk of its tree: rules are evaluated millions of times in batch
// scoring, and a loop over a compact array costs a fraction of recursive calls over nodes.
struct Instr {
  Op op = Op::literal;
  std::int32_t node = -1;  // the node whose value this step leaves on the stack, for traces
  std::int32_t x = 0;      // index read, code bit, argument count, first list member, jump target
  std::int32_t y = 0;      // number of list members
  std::int32_t lit_node = -1;  // comparisons: the right side is `lit`, from this node
  Value lit;
};

class ExprTable;

struct Expr {
  std::string source;
  std::vector<ExprNode> nodes;
  std::vector<Instr> code;       // the nodes in postfix order
  std::vector<std::int64_t> members;  // the literal lists of 'in' steps
  std::size_t stack_size = 0;
  int root = -1;
  std::vector<int> items;   // items read directly
  std::vector<int> facts;   // facts read directly
  std::vector<int> scores;  // scores read directly
  std::shared_ptr<const ExprTable> table;  // see expr_table.hpp; set by compile_tables()
  bool valid() const { return root >= 0; }
  const ExprNode& node(int i) const { return nodes[static_cast<std::size_t>(i)]; }
  const TypeInfo& type() const { return node(root).type; }
};

using ExprError = std::function<void(std::size_t offset, const std::string& message)>;

// Parses and checks `source`. Errors go to `on_error`; the result is invalid when there were any.
// `want` is the type the whole expression must have (nullopt: any).
Expr compile_expr(std::string_view source, const Scope& scope, std::optional<Type> want, const ExprError& on_error);

// Where evaluation reads names from.
struct EvalEnv {
  const Value* answers = nullptr;
  const Value* facts = nullptr;
  const Value* score_totals = nullptr;
  const Value* score_bands = nullptr;
  const Value* result = nullptr;
  // Counts the lookups eval_fast's tables could not answer (the program ran on the values
  // themselves), when a caller such as the batch memo needs to know; null: not counted.
  std::uint64_t* table_misses = nullptr;
};

// Runs the program (never a table: see eval_fast); with `trace` every node's value is
// recorded (and nothing is short-circuited).
Value eval(const Expr& e, const EvalEnv& env, std::vector<Value>* trace = nullptr);
inline Truth eval_truth(const Expr& e, const EvalEnv& env) { return eval(e, env).truth(); }

}  // namespace carepath
