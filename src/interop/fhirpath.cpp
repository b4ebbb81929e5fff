#include "interop/fhirpath.hpp"

#include <fmt/format.h>

#include "record/fhir_response.hpp"
#include "util/text.hpp"

namespace carepath {

namespace {

const Item& item_of(const Questionnaire& q, int i) {
  return q.items[static_cast<std::size_t>(i)];
}

std::string quoted(std::string_view s) {
  std::string out = "'";
  for (char ch : s) {
    if (ch == '\'' || ch == '\\') out += '\\';
    out += ch;
  }
  return out + "'";
}

// The value of a single answer as FHIRPath compares it: codes as their text, points as numbers.
std::string answer_value(const Questionnaire& q, int i) {
  std::string a = fhirpath_answers(q, i);
  switch (item_of(q, i).type) {
    case ItemType::choice:
      return a + ".value.code";
    case ItemType::points:
      return a + ".value.code.toInteger()";
    default:
      return a + ".value";
  }
}

class Translator {
 public:
  Translator(const Content& c, const Expr& e) : c_(c), q_(c.questionnaire), e_(e) {}

  // Conditions are two-valued in the decision: an unanswered item satisfies no comparison, so
  // a comparison FHIRPath leaves empty becomes false (iif), and `not` of it becomes true.
  std::optional<std::string> condition(int n) {
    const ExprNode& x = e_.node(n);
    switch (x.op) {
      case Op::item:
        if (x.type.type != Type::boolean) return std::nullopt;
        return fmt::format("iif({}.value = true, true, false)", fhirpath_answers(q_, x.ref));
      case Op::literal:
        if (x.lit.kind != Kind::boolean) return std::nullopt;
        return x.lit.i ? "true" : "false";
      case Op::not_: {
        auto a = condition(x.a);
        if (!a) return std::nullopt;
        return fmt::format("({}).not()", *a);
      }
      case Op::and_:
      case Op::or_: {
        auto a = condition(x.a), b = condition(x.b);
        if (!a || !b) return std::nullopt;
        return fmt::format("({} {} {})", *a, x.op == Op::and_ ? "and" : "or", *b);
      }
      case Op::eq:
      case Op::ne:
      case Op::lt:
      case Op::le:
      case Op::gt:
      case Op::ge: {
        static constexpr const char* ops[] = {"=", "!=", "<", "<=", ">", ">="};
        auto a = value(x.a), b = value(x.b);
        if (!a || !b) return std::nullopt;
        return fmt::format("iif({} {} {}, true, false)", *a, ops[static_cast<int>(x.op) - static_cast<int>(Op::eq)], *b);
      }
      case Op::in_list: {
        auto a = value(x.a);
        if (!a) return std::nullopt;
        std::vector<std::string> members;
        for (const Value& v : x.list) {
          auto m = literal(v);
          if (!m) return std::nullopt;
          members.push_back(*m);
        }
        return fmt::format("iif({} in ({}), true, false)", *a, join(members, " | "));
      }
      case Op::has_code: {
        const ExprNode& set = e_.node(x.a);
        if (set.op != Op::item || x.ref < 0) return std::nullopt;
        const Item& it = item_of(q_, set.ref);
        return fmt::format("{}.value.where(code = {}).exists()", fhirpath_answers(q_, set.ref),
                           quoted(it.codes[static_cast<std::size_t>(x.ref)].code));
      }
      case Op::answered: {
        const ExprNode& a = e_.node(x.a);
        if (a.op != Op::item) return std::nullopt;
        return fhirpath_answers(q_, a.ref) + ".exists()";
      }
      default:
        return std::nullopt;
    }
  }

 private:
  const Content& c_;
  const Questionnaire& q_;
  const Expr& e_;

  std::optional<std::string> literal(const Value& v) const {
    switch (v.kind) {
      case Kind::boolean:
        return v.i ? "true" : "false";
      case Kind::integer:
        return std::to_string(v.i);
      case Kind::symbol:
        return quoted(c_.symbols.name(static_cast<Sym>(v.i)));
      default:
        return std::nullopt;
    }
  }

  std::optional<std::string> value(int n) const {
    const ExprNode& x = e_.node(n);
    switch (x.op) {
      case Op::literal:
        return literal(x.lit);
      case Op::item:
        if (item_of(q_, x.ref).type == ItemType::multi) return std::nullopt;
        return answer_value(q_, x.ref);
      case Op::count: {
        const ExprNode& a = e_.node(x.a);
        if (a.op != Op::item) return std::nullopt;
        std::string s = fhirpath_answers(q_, a.ref);
        return fmt::format("iif({0}.exists(), {0}.value.where(system = {1}).count())", s,
                           quoted(fhir_code_system(fhir_questionnaire_url(q_), ItemType::multi, item_of(q_, a.ref).id)));
      }
      case Op::score_total:
        return fhirpath_score(c_, q_.scores[static_cast<std::size_t>(x.ref)]);
      default:
        return std::nullopt;
    }
  }
};

// One enableWhen: a question, an operator and an answer of the question's type.
struct Clause {
  int item = -1;
  std::string op;
  Value answer;
};

std::optional<Clause> clause(const Content& c, const Expr& e, int n) {
  const ExprNode& x = e.node(n);
  // Whether a list was answered is left to FHIRPath: a renderer holds an untouched list of
  // check boxes as an empty answer, which `exists` counts (LHC-Forms does), carepath does not.
  auto single = [&](int item) { return item_of(c.questionnaire, item).type != ItemType::multi; };
  if (x.op == Op::answered && e.node(x.a).op == Op::item && single(e.node(x.a).ref))
    return Clause{e.node(x.a).ref, "exists", Value::of_bool(true)};
  if (x.op == Op::not_ && e.node(x.a).op == Op::answered && e.node(e.node(x.a).a).op == Op::item &&
      single(e.node(e.node(x.a).a).ref))
    return Clause{e.node(e.node(x.a).a).ref, "exists", Value::of_bool(false)};
  if (x.op == Op::item && x.type.type == Type::boolean) return Clause{x.ref, "=", Value::of_bool(true)};
  if (x.op == Op::has_code && e.node(x.a).op == Op::item && x.ref >= 0) {
    const Item& it = item_of(c.questionnaire, e.node(x.a).ref);
    return Clause{e.node(x.a).ref, "=", Value::of_sym(it.codes[static_cast<std::size_t>(x.ref)].sym)};
  }
  if (x.op < Op::eq || x.op > Op::ge) return std::nullopt;
  static constexpr const char* ops[] = {"=", "!=", "<", "<=", ">", ">="};
  static constexpr const char* flipped[] = {"=", "!=", ">", ">=", "<", "<="};
  int k = static_cast<int>(x.op) - static_cast<int>(Op::eq);
  const ExprNode *a = &e.node(x.a), *b = &e.node(x.b);
  const char* op = ops[k];
  if (a->op == Op::literal) {
    std::swap(a, b);
    op = flipped[k];
  }
  if (a->op != Op::item || b->op != Op::literal) return std::nullopt;
  ItemType t = item_of(c.questionnaire, a->ref).type;
  // FHIR's != is true for an unanswered question, carepath's is not; order compares numbers only.
  if (k == 1 || (k > 1 && t != ItemType::integer)) return std::nullopt;
  if (t == ItemType::multi || t == ItemType::text) return std::nullopt;
  return Clause{a->ref, op, b->lit};
}

void collect(const Content& c, const Expr& e, int n, Op join_op, std::vector<Clause>& out, bool& ok) {
  const ExprNode& x = e.node(n);
  if (x.op == join_op) {
    collect(c, e, x.a, join_op, out, ok);
    collect(c, e, x.b, join_op, out, ok);
  } else if (auto cl = clause(c, e, n)) {
    out.push_back(*cl);
  } else {
    ok = false;
  }
}

void write_answer(JsonWriter& w, const Content& c, const Clause& cl) {
  const Questionnaire& q = c.questionnaire;
  const Item& it = item_of(q, cl.item);
  if (cl.op == "exists" || it.type == ItemType::boolean) {
    w.key("answerBoolean").value(cl.answer.i != 0);
  } else if (it.type == ItemType::integer) {
    w.key("answerInteger").value(static_cast<long long>(cl.answer.i));
  } else {
    std::string code = it.type == ItemType::points ? std::to_string(cl.answer.i) : c.symbols.name(static_cast<Sym>(cl.answer.i));
    w.key("answerCoding").begin_object();
    w.key("system").value(fhir_code_system(fhir_questionnaire_url(q), it.type, it.id)).key("code").value(code);
    w.end_object();
  }
}

}  // namespace

std::string fhirpath_answers(const Questionnaire& q, int item) {
  return fmt::format("%resource.repeat(item).where(linkId = {}).answer", quoted(item_of(q, item).id));
}

std::optional<std::string> fhirpath_condition(const Content& c, const Expr& e) {
  if (!e.valid()) return std::nullopt;
  return Translator(c, e).condition(e.root);
}

std::string fhirpath_score(const Content& c, const Score& s) {
  const Questionnaire& q = c.questionnaire;
  if (s.kind == Score::Kind::count) {
    std::string a = fhirpath_answers(q, s.items[0]);
    return fmt::format("iif({0}.exists(), {0}.value.where(system = {1}).count())", a,
                       quoted(fhir_code_system(fhir_questionnaire_url(q), ItemType::multi, item_of(q, s.items[0]).id)));
  }
  // FHIRPath's + of an empty operand is empty: the total stays unknown until every item is in.
  std::vector<std::string> terms;
  for (int i : s.items) terms.push_back(answer_value(q, i));
  return join(terms, " + ");
}

bool write_enable_when(JsonWriter& w, const Content& c, const std::vector<const Condition*>& conditions) {
  std::vector<Clause> clauses;
  bool ok = true;
  bool any = false;
  if (conditions.size() == 1 && conditions[0]->expr.valid() && conditions[0]->expr.node(conditions[0]->expr.root).op == Op::or_) {
    any = true;
    collect(c, conditions[0]->expr, conditions[0]->expr.root, Op::or_, clauses, ok);
  } else {
    for (const Condition* cond : conditions) {
      if (!cond->expr.valid()) return false;
      collect(c, cond->expr, cond->expr.root, Op::and_, clauses, ok);
    }
  }
  if (!ok || clauses.empty()) return false;
  w.key("enableWhen").begin_array();
  for (const Clause& cl : clauses) {
    w.begin_object().key("question").value(item_of(c.questionnaire, cl.item).id).key("operator").value(cl.op);
    write_answer(w, c, cl);
    w.end_object();
  }
  w.end_array();
  if (clauses.size() > 1) w.key("enableBehavior").value(any ? "any" : "all");
  return true;
}

}  // namespace carepath
