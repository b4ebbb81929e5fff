// The condition language: parsing, checking at load time, three-valued evaluation.
#include <doctest/doctest.h>

#include "lang/expr.hpp"
#include "helpers.hpp"

using namespace carepath;
using namespace carepath::testing;

namespace {

struct Compiled {
  Expr expr;
  std::vector<std::string> errors;
};

// Compiling interns literals, so it gets content of its own.
Content& compile_content() {
  static std::unique_ptr<Content> c = load_content_or_throw({});
  return *c;
}

Compiled compile(const std::string& src, std::optional<Type> want = Type::boolean) {
  Content& c = compile_content();
  ItemScope scope(c.questionnaire, c.symbols, true);
  Compiled out;
  out.expr = compile_expr(src, scope, want, [&](std::size_t off, const std::string& msg) {
    out.errors.push_back(std::to_string(off) + ": " + msg);
  });
  return out;
}

// Evaluates a condition against a record of the default questionnaire given as answer lines;
// with `trace`, every node's value is recorded too.
Value evaluate(const Compiled& c, const std::string& answers, std::vector<Value>* trace = nullptr) {
  REQUIRE(c.errors.empty());
  auto raws = raw_records(record_yaml(answers));
  std::vector<Diagnostic> errors;  // missing required items do not matter here
  Record rec = validate_record(raws[0], compile_content(), errors);
  Engine engine(compile_content());
  Result r = engine.evaluate(rec);
  return eval(c.expr, engine.env(rec, r), trace);
}

Truth truth(const std::string& src, const std::string& answers) { return evaluate(compile(src), answers).truth(); }

}  // namespace

TEST_CASE("conditions read as a trainer writes them") {
  CHECK(compile("use_frequency == 'daily' and count(dsm5_criteria) >= 6").errors.empty());
  CHECK(compile("'alcohol' in co_use").errors.empty());
  CHECK(compile("cows.total >= 25").errors.empty());
  CHECK(compile("not answered(dsm5_criteria)").errors.empty());
  CHECK(compile("primary_substance in ['heroin', 'fentanyl'] or medical_emergency").errors.empty());
  CHECK(compile("'alcohol' not in co_use").errors.empty());
  CHECK(compile("dsm5.band == 'severe'").errors.empty());
  CHECK(compile("inpatient_affordable == no").errors.empty());  // bare no means the code 'no' here
}

TEST_CASE("unknown names and codes are found at load time, with a did-you-mean") {
  auto c = compile("use_frequency == 'dayly'");
  REQUIRE(c.errors.size() == 1);
  CHECK(c.errors[0].find("'dayly' is not a code of item 'use_frequency' (did you mean 'daily'?)") != std::string::npos);
  CHECK(c.errors[0].rfind("17:", 0) == 0);  // offset of the literal

  c = compile("use_frequncy == 'daily'");
  REQUIRE(c.errors.size() == 1);
  CHECK(c.errors[0].find("unknown name 'use_frequncy' (did you mean 'use_frequency'?)") != std::string::npos);

  c = compile("'beer' in co_use");
  REQUIRE(c.errors.size() == 1);
  CHECK(c.errors[0].find("'beer' is not a code of 'co_use'") != std::string::npos);

  c = compile("cows.band == 'moderately severe'");
  REQUIRE(c.errors.size() == 1);
  CHECK(c.errors[0].find("did you mean 'moderately_severe'") != std::string::npos);
}

TEST_CASE("type errors are found at load time") {
  CHECK(compile("use_frequency >= 2").errors.size() == 1);       // code vs number
  CHECK(compile("co_use == 'alcohol'").errors.size() == 1);      // a list compared with ==
  CHECK(compile("count(use_frequency) > 1").errors.size() == 1); // count of a single choice
  CHECK(compile("prior_treatment_episodes").errors.size() == 1); // a number is not a condition
  CHECK(compile("cows.total", Type::integer).errors.empty());
  CHECK(compile("answered('x')").errors.size() == 1);
  CHECK(compile("foo(1)").errors.size() == 1);
}

TEST_CASE("syntax errors say what to write instead") {
  auto c = compile("use_frequency = 'daily'");
  REQUIRE(c.errors.size() == 1);
  CHECK(c.errors[0].find("write '=='") != std::string::npos);
  CHECK(compile("medical_emergency && pregnant").errors[0].find("'&&' is written 'and'") != std::string::npos);
  CHECK(compile("(medical_emergency").errors[0].find("expected ')'") != std::string::npos);
  CHECK(compile("medical_emergency and").errors[0].find("ends too early") != std::string::npos);
  CHECK(compile("'open").errors[0].find("unterminated string") != std::string::npos);
}

TEST_CASE("numbers are read whole, negative ones too, and one out of range is an error") {
  CHECK(truth("prior_treatment_episodes >= 12", "  prior_treatment_episodes: 12\n").value);
  CHECK_FALSE(truth("prior_treatment_episodes >= 13", "  prior_treatment_episodes: 12\n").value);
  CHECK(truth("prior_treatment_episodes > -1", "  prior_treatment_episodes: 0\n").value);
  CHECK(truth("prior_treatment_episodes < 9223372036854775807", "  prior_treatment_episodes: 0\n").value);
  auto big = compile("prior_treatment_episodes < 9223372036854775808");
  REQUIRE(big.errors.size() == 1);
  CHECK(big.errors[0] == "27: number '9223372036854775808' is out of range");
}

TEST_CASE("comparisons with an unanswered item are false, and marked uncertain") {
  Truth t = truth("supportive_person == no", "  suicidal_ideation: none\n");
  CHECK_FALSE(t.value);
  CHECK(t.uncertain);
  t = truth("supportive_person == no", "  supportive_person: no\n");
  CHECK(t.value);
  CHECK_FALSE(t.uncertain);
  // "other than none" is false when unknown, so `not` of it is true but uncertain.
  t = truth("not (current_moud != 'none')", "  suicidal_ideation: none\n");
  CHECK(t.value);
  CHECK(t.uncertain);
}

TEST_CASE("three-valued and/or settle when a known operand decides") {
  Truth t = truth("medical_emergency == yes and supportive_person == no", "  medical_emergency: no\n");
  CHECK_FALSE(t.value);
  CHECK_FALSE(t.uncertain);  // false whatever supportive_person is
  t = truth("medical_emergency == yes or supportive_person == no", "  medical_emergency: yes\n");
  CHECK(t.value);
  CHECK_FALSE(t.uncertain);
  t = truth("medical_emergency == yes or supportive_person == no", "  medical_emergency: no\n");
  CHECK_FALSE(t.value);
  CHECK(t.uncertain);
}

TEST_CASE("multi items: membership and count") {
  CHECK(truth("'alcohol' in co_use", "  co_use: [alcohol, cannabis]\n").value);
  CHECK_FALSE(truth("'alcohol' in co_use", "  co_use: []\n").value);
  CHECK_FALSE(truth("'alcohol' in co_use", "  co_use: []\n").uncertain);
  CHECK(truth("count(co_use) == 2", "  co_use: [alcohol, cannabis]\n").value);
  CHECK(truth("not answered(co_use)", "  medical_emergency: no\n").value);
  CHECK(truth("'alcohol' not in co_use", "  co_use: [cannabis]\n").value);
}

TEST_CASE("trace records every sub-condition") {
  Compiled c = compile("medical_emergency == yes or supportive_person == no");
  std::vector<Value> trace;
  evaluate(c, "  medical_emergency: yes\n", &trace);
  REQUIRE(trace.size() == c.expr.nodes.size());
  int unknown_leaves = 0;
  for (std::size_t i = 0; i < trace.size(); ++i)
    if (c.expr.nodes[i].op == Op::eq && trace[i].uncertain) ++unknown_leaves;
  CHECK(unknown_leaves == 1);  // evaluated although the 'or' was already settled
}
