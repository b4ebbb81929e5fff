// Decision tables must give exactly what the condition programs give: checked expression by
// expression on synthetic inputs, and through the whole engine on random records of the
// default and the alcohol content.
#include "content/tables.hpp"
#include "helpers.hpp"

using namespace carepath;
using namespace carepath::testing;

namespace {

bool same(const Value& a, const Value& b) { return a.kind == b.kind && a.uncertain == b.uncertain && a.i == b.i; }

void same_results(const Result& a, const Result& b) {
  same_decisions(a, b);
  CHECK(a.fired == b.fired);
  REQUIRE(a.unknowns.size() == b.unknowns.size());
  for (std::size_t k = 0; k < a.unknowns.size(); ++k) {
    CHECK(a.unknowns[k].rule == b.unknowns[k].rule);
    CHECK(a.unknowns[k].fired == b.unknowns[k].fired);
  }
  REQUIRE(a.facts.size() == b.facts.size());
  for (std::size_t k = 0; k < a.facts.size(); ++k) CHECK(same(a.facts[k], b.facts[k]));
  REQUIRE(a.result_scores.size() == b.result_scores.size());
  for (std::size_t k = 0; k < a.result_scores.size(); ++k) CHECK(same(a.result_scores[k], b.result_scores[k]));
  CHECK(a.ratings == b.ratings);
  CHECK(a.rating_line == b.rating_line);
  CHECK(a.rating_open == b.rating_open);
}

std::size_t tables_in(const Content& c) {
  std::size_t n = 0;
  for (const auto& f : c.rules.facts) n += f.expr.table != nullptr;
  for (const auto& r : c.rules.rules) n += r.when.table != nullptr;
  for (const auto& g : c.rules.ratings.list)
    for (const auto& l : g.lines) n += l.when.table != nullptr;
  for (const auto& it : c.questionnaire.items)
    for (const auto& cond : it.conditions) n += cond.expr.table != nullptr;
  return n;
}

void compare_engines(const ContentPaths& paths, int records) {
  auto plain = load_content_or_throw(paths);
  auto compiled = load_content_or_throw(paths);
  compile_tables(*compiled);
  // Every condition of our content is small enough for a table: otherwise this test would
  // compare the program with itself.
  CHECK(tables_in(*compiled) > 0);
  std::size_t lines = 0;
  for (const auto& g : compiled->rules.ratings.list) lines += g.lines.size();
  CHECK(tables_in(*compiled) == lines + compiled->rules.facts.size() + compiled->rules.rules.size() - [&] {
          std::size_t always = 0;  // rules without a condition have nothing to tabulate
          for (const auto& r : compiled->rules.rules) always += !r.when.valid();
          return always;
        }() + [&] {
          std::size_t n = 0;
          for (const auto& it : compiled->questionnaire.items) n += it.conditions.size();
          return n;
        }());
  // Each rating is tabulated whole as well (its lines at once): the ratings compared below are
  // then looked up, or, for an answer outside the tables, found line by line.
  for (const auto& g : compiled->rules.ratings.list) CHECK(g.table != nullptr);
  std::size_t reasons = 0, tabled = 0;
  for (const auto& r : compiled->rules.rules)
    for (const auto& x : r.reasons) reasons += 1, tabled += x.when.table != nullptr;
  CHECK(tabled * 10 >= reasons * 9);  // nearly all: else the rationales below compare the program with itself
  Engine a(*plain), b(*compiled);
  std::mt19937 rng(20261122);
  Record rec;
  Result ra, rb;
  for (int n = 0; n < records; ++n) {
    rec.answers = random_answers(plain->questionnaire, rng);
    rec.text.assign(rec.answers.size(), "");
    a.evaluate(rec, ra);
    b.evaluate(rec, rb);
    same_results(ra, rb);
    // Rationales name the reasons that hold, which the compiled content finds by its tables.
    auto notes = a.note_items(rec, ra);
    for (int ri : ra.fired) CHECK(a.rationale(ri, rec, ra, notes) == b.rationale(ri, rec, rb, notes));
    for (std::size_t i = 0; i < plain->questionnaire.items.size(); ++i) {
      Truth x = item_applies(plain->questionnaire, static_cast<int>(i), rec.answers);
      Truth y = item_applies(compiled->questionnaire, static_cast<int>(i), rec.answers);
      CHECK(x.value == y.value);
      CHECK(x.uncertain == y.uncertain);
    }
  }
}

// A scope of three items for synthetic expressions: n, b and the list s.
struct ThreeItems : Scope {
  Symbols& syms;
  explicit ThreeItems(Symbols& s) : syms(s) {}
  std::optional<Binding> lookup(std::string_view name) const override {
    if (name == "n") return Binding{Op::item, 0, TypeInfo(Type::integer)};
    if (name == "b") return Binding{Op::item, 1, TypeInfo(Type::boolean)};
    if (name == "s") {
      TypeInfo t(Type::set);
      t.set_item = 2;
      return Binding{Op::item, 2, t};
    }
    return std::nullopt;
  }
  std::vector<std::string> names() const override { return {"n", "b", "s"}; }
  int code_bit(int, Sym code) const override {
    auto codes = item_codes(2);
    auto at = std::find(codes.begin(), codes.end(), syms.name(code));
    return at == codes.end() ? -1 : static_cast<int>(at - codes.begin());
  }
  std::vector<std::string> item_codes(int) const override { return {"x", "y", "z", "c3", "c4", "c5", "c6", "c7"}; }
  Symbols& symbols() const override { return syms; }
};

}  // namespace

TEST_CASE("a table gives what the program gives, value by value") {
  Symbols syms;
  ThreeItems scope(syms);
  Expr e = compile_expr("n >= 13 and n <= 24 or b", scope, Type::boolean, [](std::size_t, const std::string& m) { FAIL(m); });
  DomainOf domain = [](Op op, int x) -> std::optional<std::vector<Value>> {
    if (op == Op::item && x == 1) return std::vector<Value>{Value::none(), Value::of_bool(false), Value::of_bool(true)};
    return std::nullopt;
  };
  auto table = ExprTable::build(e, domain);
  REQUIRE(table);
  // n is compared with 13 and 24 only: unknown, below, 13, between, 24, above. Classes the
  // expression answers alike for every b are one (below and above; 13, between and 24): three
  // classes, times b's three values.
  CHECK(table->cells() == 3 * 3);
  CHECK(table->inputs()[0].classify(Value::of_int(13)) == table->inputs()[0].classify(Value::of_int(20)));
  CHECK(table->inputs()[0].classify(Value::of_int(3)) == table->inputs()[0].classify(Value::of_int(30)));
  CHECK(table->inputs()[0].classify(Value::of_int(3)) != table->inputs()[0].classify(Value::of_int(24)));
  CHECK(table->inputs()[0].classify(Value::none()) != table->inputs()[0].classify(Value::of_int(24)));
  std::vector<Value> answers(3);
  EvalEnv env;
  env.answers = answers.data();
  for (long long n = -3; n <= 40; ++n)
    for (const Value& b : {Value::none(), Value::of_bool(false), Value::of_bool(true)}) {
      answers = {Value::of_int(n), b, Value::none()};
      const Value* v = table->lookup(env);
      REQUIRE(v);
      CHECK(same(*v, eval(e, env)));
      answers[0] = Value::none();
      REQUIRE(table->lookup(env));
      CHECK(same(*table->lookup(env), eval(e, env)));
    }
  // A value the table was not built for is left to the program.
  answers = {Value::of_int(5), Value::of_bool(true, true), Value::none()};
  CHECK(table->lookup(env) == nullptr);
  answers = {Value::of_sym(3), Value::of_bool(true), Value::none()};
  CHECK(table->lookup(env) == nullptr);
}

TEST_CASE("a list's tested codes: the combinations a table answers alike are one class") {
  Symbols syms;
  ThreeItems scope(syms);
  Expr e =
      compile_expr("'x' in s or 'y' in s and n > 2", scope, Type::boolean, [](std::size_t, const std::string& m) { FAIL(m); });
  auto table = ExprTable::build(e, [](Op, int) { return std::optional<std::vector<Value>>{}; });
  REQUIRE(table);
  const ExprTable::Input* s = nullptr;
  for (const auto& in : table->inputs())
    if (in.by_bits) s = &in;
  REQUIRE(s);
  // Of unknown and the four sets of x and y: with x the rest does not matter, so {x} and {x, y}
  // are one class; {} and {y} are not ({y} and n > 2 holds).
  CHECK(s->count == 4);
  CHECK(s->classify(Value::of_set(0b001)) == s->classify(Value::of_set(0b011)));
  CHECK(s->classify(Value::of_set(0b001)) == s->classify(Value::of_set(0b101)));  // z is not tested
  CHECK(s->classify(Value::of_set(0b000)) != s->classify(Value::of_set(0b010)));
  CHECK(s->classify(Value::none()) != s->classify(Value::of_set(0)));
  std::vector<Value> answers(3);
  EvalEnv env;
  env.answers = answers.data();
  for (std::uint64_t set = 0; set < 8; ++set)
    for (long long n = 0; n < 5; ++n)
      for (const Value& v : {Value::of_set(set), Value::none()}) {
        answers = {Value::of_int(n), Value::none(), v};
        const Value* got = table->lookup(env);
        REQUIRE(got);
        CHECK(same(*got, eval(e, env)));
      }
}

TEST_CASE("a list tested on eight codes: 257 classes before merging, each set classed as the program reads it") {
  Symbols syms;
  ThreeItems scope(syms);
  Expr e =
      compile_expr("'x' in s and 'y' in s and 'z' in s and 'c3' in s and 'c4' in s and 'c5' in s and 'c6' in s and 'c7' in s",
                   scope, Type::boolean, [](std::size_t, const std::string& m) { FAIL(m); });
  auto table = ExprTable::build(e, [](Op, int) { return std::optional<std::vector<Value>>{}; });
  REQUIRE(table);
  REQUIRE(table->inputs().size() == 1);
  CHECK(table->inputs()[0].by_bits);
  std::vector<Value> answers(3);
  EvalEnv env;
  env.answers = answers.data();
  for (std::uint64_t set = 0; set < 256; ++set)
    for (const Value& v : {Value::of_set(set), Value::none()}) {
      answers[2] = v;
      const Value* got = table->lookup(env);
      REQUIRE(got);
      CHECK_MESSAGE(same(*got, eval(e, env)), "set ", set);
    }
}

TEST_CASE("no table when an input's values cannot be listed or there would be too many cells") {
  Symbols syms;
  ThreeItems scope(syms);
  auto fail = [](std::size_t, const std::string& m) { FAIL(m); };
  DomainOf none = [](Op, int) { return std::optional<std::vector<Value>>{}; };
  CHECK_FALSE(ExprTable::build(compile_expr("b", scope, Type::boolean, fail), none));
  CHECK(ExprTable::build(compile_expr("n == 1", scope, Type::boolean, fail), none));
  CHECK_FALSE(ExprTable::build(compile_expr("n in [1, 2, 3, 4, 5, 6]", scope, Type::boolean, fail), none, 8));
}

TEST_CASE("the engine with tables scores random records as the engine without them") {
  compare_engines({}, 3000);
  compare_engines({source_path("examples/alcohol/questionnaire.yaml"), source_path("examples/alcohol/rules.yaml"), ""}, 1000);
}
