// Rule set loader, against the default questionnaire; a rule set that loads is also run on a
// record with every item unknown (three-valued logic, facts, result scores).
#include <string>

#include "content/content.hpp"
#include "engine/engine.hpp"
#include "fuzz_common.hpp"
#include "record/record.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace carepath;
  const Content& base = fuzz::content();
  Content c;
  c.symbols = base.symbols;
  c.questionnaire = base.questionnaire;
  Diagnostics diags;
  c.rules = load_rules(std::string(reinterpret_cast<const char*>(data), size), "fuzz.yaml", c.questionnaire, c.symbols, diags);
  if (!diags.empty()) return 0;
  Engine engine(c);
  Record rec;
  rec.answers.assign(c.questionnaire.items.size(), Value::none());
  rec.text.assign(c.questionnaire.items.size(), "");
  rec.from_constant.assign(c.questionnaire.items.size(), false);
  static_cast<void>(engine.evaluate(rec));
  return 0;
}
