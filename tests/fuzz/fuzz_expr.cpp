// Expression parser and evaluator: any condition text over the default questionnaire's items;
// a condition that compiles is evaluated with every item unknown and with first codes given.
#include <string_view>
#include <vector>

#include "lang/expr.hpp"
#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace carepath;
  const Content& c = fuzz::content();
  Symbols symbols = c.symbols;
  ItemScope scope(c.questionnaire, symbols, true);
  Expr e = compile_expr(std::string_view(reinterpret_cast<const char*>(data), size), scope, std::nullopt,
                        [](std::size_t, const std::string&) {});
  if (!e.valid()) return 0;
  std::vector<Value> answers(c.questionnaire.items.size(), Value::none());
  std::vector<Value> totals(c.questionnaire.scores.size(), Value::none()), bands = totals;
  EvalEnv env;
  env.answers = answers.data();
  env.score_totals = totals.data();
  env.score_bands = bands.data();
  std::vector<Value> trace;
  static_cast<void>(eval(e, env, &trace));
  return 0;
}
