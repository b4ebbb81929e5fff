#include "lang/expr.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>

#include "util/limits.hpp"
#include "util/text.hpp"

namespace carepath {

std::string_view type_name(Type t) {
  switch (t) {
    case Type::boolean: return "a yes/no condition";
    case Type::integer: return "a number";
    case Type::symbol: return "a code";
    case Type::set: return "a list of codes";
    case Type::text: return "text";
  }
  return "?";
}

namespace {

enum class Tok { end, ident, number, string, lparen, rparen, lbrack, rbrack, comma, eq, ne, lt, le, gt, ge };

struct Token {
  Tok kind = Tok::end;
  std::string text;
  std::size_t offset = 0;
};

struct SyntaxError {
  std::size_t offset;
  std::string message;
};

std::vector<Token> lex(std::string_view s) {
  std::vector<Token> out;
  std::size_t i = 0;
  while (i < s.size()) {
    char c = s[i];
    if (std::isspace(static_cast<unsigned char>(c))) {
      ++i;
      continue;
    }
    std::size_t start = i;
    if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
      while (i < s.size() && (std::isalnum(static_cast<unsigned char>(s[i])) || s[i] == '_' || s[i] == '.')) ++i;
      out.push_back({Tok::ident, std::string(s.substr(start, i - start)), start});
    } else if (std::isdigit(static_cast<unsigned char>(c)) ||
               (c == '-' && i + 1 < s.size() && std::isdigit(static_cast<unsigned char>(s[i + 1])))) {
      ++i;
      while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
      out.push_back({Tok::number, std::string(s.substr(start, i - start)), start});
    } else if (c == '\'' || c == '"') {
      std::size_t end = s.find(c, i + 1);
      if (end == std::string_view::npos) throw SyntaxError{start, "unterminated string"};
      out.push_back({Tok::string, std::string(s.substr(i + 1, end - i - 1)), start});
      i = end + 1;
    } else {
      auto two = s.substr(i, 2);
      Tok k;
      std::size_t len = 1;
      if (two == "==") k = Tok::eq, len = 2;
      else if (two == "!=") k = Tok::ne, len = 2;
      else if (two == "<=") k = Tok::le, len = 2;
      else if (two == ">=") k = Tok::ge, len = 2;
      else if (c == '<') k = Tok::lt;
      else if (c == '>') k = Tok::gt;
      else if (c == '(') k = Tok::lparen;
      else if (c == ')') k = Tok::rparen;
      else if (c == '[') k = Tok::lbrack;
      else if (c == ']') k = Tok::rbrack;
      else if (c == ',') k = Tok::comma;
      else if (two == "&&") throw SyntaxError{start, "'&&' is written 'and'"};
      else if (two == "||") throw SyntaxError{start, "'||' is written 'or'"};
      else if (c == '=') throw SyntaxError{start, "'=' compares nothing; write '==' to compare"};
      else if (c == '!') throw SyntaxError{start, "'!' is written 'not'"};
      else throw SyntaxError{start, fmt::format("unexpected character '{}'", c)};
      out.push_back({k, std::string(s.substr(i, len)), start});
      i += len;
    }
  }
  out.push_back({Tok::end, "", s.size()});
  return out;
}

const std::vector<std::string> keywords = {"and", "or", "not", "in", "true", "false", "yes", "no"};
const std::vector<std::string> functions = {"count", "answered", "first_known", "label"};

class Compiler {
 public:
  Compiler(std::string_view src, const Scope& scope, const ExprError& on_error)
      : src_(src), scope_(scope), on_error_(on_error) {}

  Expr run(std::optional<Type> want) {
    Expr e;
    e.source = std::string(src_);
    expr_ = &e;
    try {
      toks_ = lex(src_);
      if (toks_.size() > max_condition_tokens)
        throw SyntaxError{0, fmt::format("the condition is longer than {} words and symbols", max_condition_tokens)};
      int root = parse_or();
      if (peek().kind != Tok::end) throw SyntaxError{peek().offset, fmt::format("unexpected '{}'", peek().text)};
      if (want && !failed_ && node(root).type.type != *want)
        error(node(root).offset, fmt::format("this is {}, but {} is needed here", type_name(node(root).type.type),
                                             type_name(*want)));
      if (!failed_) e.root = root;
    } catch (const SyntaxError& se) {
      on_error_(se.offset, se.message);
    }
    if (e.root < 0) e.nodes.clear();
    else flatten(e, e.root, 0);
    for (auto* v : {&e.items, &e.facts, &e.scores}) {
      std::sort(v->begin(), v->end());
      v->erase(std::unique(v->begin(), v->end()), v->end());
    }
    return e;
  }

 private:
  std::string_view src_;
  const Scope& scope_;
  const ExprError& on_error_;
  std::vector<Token> toks_;
  std::size_t pos_ = 0;
  Expr* expr_ = nullptr;
  bool failed_ = false;
  std::size_t depth_ = 0;

  // Conditions come from files anyone may hand over: nesting is bounded so that neither this
  // parser nor the evaluator can run out of stack.
  struct Nest {
    Compiler& c;
    Nest(Compiler& compiler, std::size_t offset) : c(compiler) {
      if (++c.depth_ > max_nesting)
        throw SyntaxError{offset, fmt::format("the condition is nested more than {} deep", max_nesting)};
    }
    ~Nest() { --c.depth_; }
  };

  const Token& peek() const { return toks_[pos_]; }
  bool is_word(const char* w) const { return peek().kind == Tok::ident && peek().text == w; }
  Token take() { return toks_[pos_++]; }
  ExprNode& node(int i) { return expr_->nodes[static_cast<std::size_t>(i)]; }

  void error(std::size_t offset, const std::string& msg) {
    failed_ = true;
    on_error_(offset, msg);
  }

  int add(ExprNode n, std::size_t end) {
    n.text = trim(src_.substr(n.offset, end - n.offset));
    expr_->nodes.push_back(std::move(n));
    return static_cast<int>(expr_->nodes.size() - 1);
  }
  std::size_t end_of_last() const {
    return pos_ == 0 ? 0 : toks_[pos_ - 1].offset + toks_[pos_ - 1].text.size() + (toks_[pos_ - 1].kind == Tok::string ? 2 : 0);
  }

  void expect(Tok k, const char* what) {
    if (peek().kind != k)
      throw SyntaxError{peek().offset, fmt::format("expected {} but found '{}'", what,
                                                   peek().kind == Tok::end ? "end of condition" : peek().text)};
    take();
  }

  bool want_bool(int n) {
    if (node(n).type.type == Type::boolean || node(n).type.error) return true;
    error(node(n).offset, fmt::format("'{}' is {}, not a yes/no condition", node(n).text, type_name(node(n).type.type)));
    return false;
  }

  int logical(Op op, int a, int b, std::size_t start) {
    want_bool(a);
    want_bool(b);
    ExprNode n{op};
    n.a = a, n.b = b, n.offset = start;
    return add(std::move(n), end_of_last());
  }

  // Appends the postfix program of node `i`, whose value will sit at stack depth `depth`.
  void flatten(Expr& e, int i, std::size_t depth) {
    const ExprNode& n = e.node(i);
    auto step = [&](Op op, int x = 0, int y = 0) {
      Instr in;
      in.op = op, in.node = i, in.x = x, in.y = y, in.lit = n.lit;
      e.code.push_back(in);
      e.stack_size = std::max(e.stack_size, depth + 1);
    };
    switch (n.op) {
      case Op::literal:
      case Op::list: return step(Op::literal);  // a list's members are read by its 'in'
      case Op::item:
      case Op::fact:
      case Op::score_total:
      case Op::score_band:
      case Op::result: return step(n.op, n.ref);
      case Op::label:
      case Op::not_:
      case Op::count:
      case Op::answered:
      case Op::has_code:
        flatten(e, n.a, depth);
        return step(n.op, n.ref);
      case Op::in_list:
        flatten(e, n.a, depth);
        for (const auto& m : n.list) e.members.push_back(m.i);
        return step(n.op, static_cast<int>(e.members.size() - n.list.size()), static_cast<int>(n.list.size()));
      case Op::and_:
      case Op::or_: {
        flatten(e, n.a, depth);
        std::size_t skip = e.code.size();
        step(n.op == Op::and_ ? Op::and_skip : Op::or_skip);
        e.code[skip].node = -1;
        flatten(e, n.b, depth + 1);
        step(n.op);
        e.code[skip].x = static_cast<int>(e.code.size());
        return;
      }
      case Op::eq:
      case Op::ne:
      case Op::lt:
      case Op::le:
      case Op::gt:
      case Op::ge:
        flatten(e, n.a, depth);
        if (e.node(n.b).op == Op::literal) {  // most comparisons are with a literal: one step
          step(n.op);
          e.code.back().lit = e.node(n.b).lit;
          e.code.back().lit_node = n.b;
          return;
        }
        flatten(e, n.b, depth + 1);
        return step(n.op);
      case Op::first_known:
        for (std::size_t k = 0; k < n.args.size(); ++k) flatten(e, n.args[k], depth + k);
        return step(n.op, static_cast<int>(n.args.size()));
      case Op::and_skip:
      case Op::or_skip: break;
    }
  }

  int parse_or() {
    std::size_t start = peek().offset;
    int left = parse_and();
    while (is_word("or")) {
      take();
      left = logical(Op::or_, left, parse_and(), start);
    }
    return left;
  }

  int parse_and() {
    std::size_t start = peek().offset;
    int left = parse_not();
    while (is_word("and")) {
      take();
      left = logical(Op::and_, left, parse_not(), start);
    }
    return left;
  }

  int parse_not() {
    Nest nest(*this, peek().offset);
    if (is_word("not")) {
      std::size_t start = take().offset;
      int operand = parse_not();
      want_bool(operand);
      ExprNode n{Op::not_};
      n.a = operand, n.offset = start;
      return add(std::move(n), end_of_last());
    }
    return parse_cmp();
  }

  int parse_cmp() {
    std::size_t start = peek().offset;
    int left = parse_primary();
    Op op;
    switch (peek().kind) {
      case Tok::eq: op = Op::eq; break;
      case Tok::ne: op = Op::ne; break;
      case Tok::lt: op = Op::lt; break;
      case Tok::le: op = Op::le; break;
      case Tok::gt: op = Op::gt; break;
      case Tok::ge: op = Op::ge; break;
      default:
        if (is_word("in")) {
          take();
          return membership(left, parse_primary(), start);
        }
        if (is_word("not") && pos_ + 1 < toks_.size() && toks_[pos_ + 1].kind == Tok::ident && toks_[pos_ + 1].text == "in") {
          take();
          take();
          int m = membership(left, parse_primary(), start);
          ExprNode n{Op::not_};
          n.a = m, n.offset = start;
          return add(std::move(n), end_of_last());
        }
        return left;
    }
    take();
    int right = parse_primary();
    return comparison(op, left, right, start);
  }

  // Gives a bare yes/no the meaning of the code 'yes'/'no' when compared with a choice item
  // that has such codes (`can_afford == no`).
  void coerce_bool_literal(int lit, const TypeInfo& other) {
    ExprNode& n = node(lit);
    if (n.op != Op::literal || n.type.type != Type::boolean || other.type != Type::symbol) return;
    Sym s = scope_.symbols().find(n.text);
    if (s == no_sym || std::find(other.domain.begin(), other.domain.end(), s) == other.domain.end()) return;
    n.type = TypeInfo{Type::symbol, {s}};
    n.lit = Value::of_sym(s);
  }

  void check_code(int lit, const TypeInfo& other) {
    const ExprNode& n = node(lit);
    if (n.op != Op::literal || n.type.type != Type::symbol || other.domain.empty()) return;
    Sym s = static_cast<Sym>(n.lit.i);
    if (std::find(other.domain.begin(), other.domain.end(), s) != other.domain.end()) return;
    std::vector<std::string> names;
    for (Sym d : other.domain) names.push_back(scope_.symbols().name(d));
    const std::string& code = scope_.symbols().name(s);
    error(n.offset, fmt::format("'{}' is not a code of {}{}; allowed: {}", code, other.domain_owner,
                                did_you_mean(code, names), join(names, ", ")));
  }

  void check_comparison(Op op, int left, int right) {
    const TypeInfo& lt = node(left).type;
    const TypeInfo& rt = node(right).type;
    if (lt.error || rt.error) return;
    bool ordered = op != Op::eq && op != Op::ne;
    if (lt.type != rt.type) {
      error(node(right).offset, fmt::format("cannot compare '{}' ({}) with '{}' ({})", node(left).text,
                                            type_name(lt.type), node(right).text, type_name(rt.type)));
    } else if (ordered && lt.type != Type::integer) {
      error(node(left).offset, fmt::format("'{}' is {}; only numbers can be compared with <, <=, > or >=",
                                           node(left).text, type_name(lt.type)));
    } else if (lt.type == Type::set || lt.type == Type::text) {
      error(node(left).offset, fmt::format("'{}' is {} and cannot be compared with ==; use 'in' or count()",
                                           node(left).text, type_name(lt.type)));
    } else if (lt.type == Type::symbol) {
      check_code(right, lt);
      check_code(left, rt);
    }
  }

  int comparison(Op op, int left, int right, std::size_t start) {
    coerce_bool_literal(left, node(right).type);
    coerce_bool_literal(right, node(left).type);
    check_comparison(op, left, right);
    ExprNode n{op};
    n.a = left, n.b = right, n.offset = start;
    n.type.type = Type::boolean;
    return add(std::move(n), end_of_last());
  }

  int membership(int left, int right, std::size_t start) {
    ExprNode n{Op::in_list};
    n.offset = start;
    n.type.type = Type::boolean;
    const ExprNode& r = node(right);
    if (node(left).type.error || r.type.error) return add(std::move(n), end_of_last());
    if (r.op == Op::list) {
      n.a = left;
      for (int m : r.args) {
        coerce_bool_literal(m, node(left).type);
        if (node(m).type.type != node(left).type.type)
          error(node(m).offset, fmt::format("'{}' is {}, but '{}' is {}", node(m).text, type_name(node(m).type.type),
                                            node(left).text, type_name(node(left).type.type)));
        else check_code(m, node(left).type);
        n.list.push_back(node(m).lit);
      }
      return add(std::move(n), end_of_last());
    }
    if (r.type.type == Type::set) {
      const ExprNode& l = node(left);
      if (l.op != Op::literal || l.type.type != Type::symbol) {
        error(l.offset,
              fmt::format("write a code in quotes before 'in {}', for example '{}' in {}", r.text,
                          scope_.item_codes(r.type.set_item).empty() ? "x" : scope_.item_codes(r.type.set_item)[0], r.text));
      } else {
        int bit = scope_.code_bit(r.type.set_item, static_cast<Sym>(l.lit.i));
        if (bit < 0) {
          auto codes = scope_.item_codes(r.type.set_item);
          const std::string& code = scope_.symbols().name(static_cast<Sym>(l.lit.i));
          error(l.offset, fmt::format("'{}' is not a code of '{}'{}; allowed: {}", code, r.text, did_you_mean(code, codes),
                                      join(codes, ", ")));
        }
        n.op = Op::has_code;
        n.ref = bit;
      }
      n.a = right;
      return add(std::move(n), end_of_last());
    }
    error(r.offset, fmt::format("'in' needs a list like ['a', 'b'] or a multiple-choice item on its right, not {}",
                                type_name(r.type.type)));
    return add(std::move(n), end_of_last());
  }

  int parse_primary() {
    Nest nest(*this, peek().offset);
    const Token t = peek();
    switch (t.kind) {
      case Tok::lparen: {
        take();
        int inner = parse_or();
        expect(Tok::rparen, "')'");
        return inner;
      }
      case Tok::number: {
        take();
        ExprNode n{Op::literal};
        n.offset = t.offset;
        n.type.type = Type::integer;
        long long v = 0;
        const char* end = t.text.data() + t.text.size();
        if (auto [at, ec] = std::from_chars(t.text.data(), end, v); ec != std::errc() || at != end)
          throw SyntaxError{t.offset, fmt::format("number '{}' is out of range", t.text)};
        n.lit = Value::of_int(v);
        return add(std::move(n), end_of_last());
      }
      case Tok::string: {
        take();
        ExprNode n{Op::literal};
        n.offset = t.offset;
        Sym s = scope_.symbols().intern(t.text);
        n.type = TypeInfo{Type::symbol, {s}};
        n.lit = Value::of_sym(s);
        return add(std::move(n), end_of_last());
      }
      case Tok::lbrack: {
        take();
        ExprNode n{Op::list};
        n.offset = t.offset;
        n.type.type = Type::set;
        if (peek().kind != Tok::rbrack) {
          for (;;) {
            int m = parse_primary();
            if (node(m).op != Op::literal) error(node(m).offset, "a list holds only quoted codes or numbers");
            n.args.push_back(m);
            if (peek().kind != Tok::comma) break;
            take();
          }
        }
        expect(Tok::rbrack, "']'");
        return add(std::move(n), end_of_last());
      }
      case Tok::ident: return parse_name();
      default:
        throw SyntaxError{t.offset, t.kind == Tok::end ? "the condition ends too early" : fmt::format("unexpected '{}'", t.text)};
    }
  }

  int parse_name() {
    const Token t = take();
    if (t.text == "true" || t.text == "false" || t.text == "yes" || t.text == "no") {
      ExprNode n{Op::literal};
      n.offset = t.offset;
      n.type.type = Type::boolean;
      n.lit = Value::of_bool(t.text == "true" || t.text == "yes");
      return add(std::move(n), end_of_last());
    }
    if (t.text == "and" || t.text == "or" || t.text == "in" || t.text == "not")
      throw SyntaxError{t.offset, fmt::format("'{}' needs something before it", t.text)};
    if (peek().kind == Tok::lparen) return parse_call(t);
    auto b = scope_.lookup(t.text);
    ExprNode n{Op::literal};
    n.offset = t.offset;
    if (!b) {
      auto names = scope_.names();
      error(t.offset, fmt::format("unknown name '{}'{}", t.text, did_you_mean(t.text, names)));
      n.type.error = true;
      return add(std::move(n), end_of_last());
    }
    n.op = b->op;
    n.ref = b->ref;
    n.type = b->type;
    if (b->op == Op::item) expr_->items.push_back(b->ref);
    if (b->op == Op::fact) expr_->facts.push_back(b->ref);
    if (b->op == Op::score_total || b->op == Op::score_band) expr_->scores.push_back(b->ref);
    return add(std::move(n), end_of_last());
  }

  int parse_call(const Token& fn) {
    take();  // (
    std::vector<int> args;
    if (peek().kind != Tok::rparen) {
      for (;;) {
        args.push_back(parse_or());
        if (peek().kind != Tok::comma) break;
        take();
      }
    }
    expect(Tok::rparen, "')'");
    ExprNode n{Op::literal};
    n.offset = fn.offset;
    auto one_arg = [&](const char* what) {
      if (args.size() != 1) {
        error(fn.offset, fmt::format("{}() takes one {}", fn.text, what));
        return false;
      }
      return true;
    };
    if (fn.text == "count") {
      n.op = Op::count;
      n.type.type = Type::integer;
      if (one_arg("multiple-choice item")) {
        n.a = args[0];
        if (node(args[0]).type.type != Type::set && !node(args[0]).type.error)
          error(node(args[0]).offset, fmt::format("count() counts the codes of a multiple-choice item; '{}' is {}",
                                                  node(args[0]).text, type_name(node(args[0]).type.type)));
      }
    } else if (fn.text == "answered") {
      n.op = Op::answered;
      n.type.type = Type::boolean;
      if (one_arg("item")) {
        n.a = args[0];
        if (node(args[0]).op != Op::item) error(node(args[0]).offset, "answered() takes the id of an item");
      }
    } else if (fn.text == "label") {
      n.op = Op::label;
      n.type.type = Type::text;
      if (one_arg("item or score band")) {
        n.a = args[0];
        const auto& at = node(args[0]).type;
        if (node(args[0]).op == Op::item && (at.type == Type::symbol || at.type == Type::set))
          n.type.label_item = node(args[0]).ref;
        else if (node(args[0]).op == Op::score_band) n.type.label_score = node(args[0]).ref;
        else error(node(args[0]).offset, "label() takes a choice item, a multiple-choice item or a score band");
      }
    } else if (fn.text == "first_known") {
      n.op = Op::first_known;
      n.args = args;
      if (args.empty()) error(fn.offset, "first_known() needs at least one value");
      else {
        n.type = node(args[0]).type;
        for (int a : args) {
          if (node(a).type.error || n.type.error) {
            n.type.error = true;
            continue;
          }
          if (node(a).type.type != n.type.type)
            error(node(a).offset,
                  fmt::format("first_known() values must all be of one kind; '{}' is {}, '{}' is {}", node(args[0]).text,
                              type_name(n.type.type), node(a).text, type_name(node(a).type.type)));
          for (Sym s : node(a).type.domain)
            if (std::find(n.type.domain.begin(), n.type.domain.end(), s) == n.type.domain.end()) n.type.domain.push_back(s);
        }
        n.type.domain_owner = fmt::format("'{}'", trim(src_.substr(fn.offset, end_of_last() - fn.offset)));
      }
    } else {
      error(fn.offset, fmt::format("unknown function '{}'{}; functions: {}", fn.text, did_you_mean(fn.text, functions),
                                   join(functions, ", ")));
      n.type.error = true;
    }
    return add(std::move(n), end_of_last());
  }
};

}  // namespace

Expr compile_expr(std::string_view source, const Scope& scope, std::optional<Type> want, const ExprError& on_error) {
  Compiler c(source, scope, on_error);
  return c.run(want);
}

}  // namespace carepath
