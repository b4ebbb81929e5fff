// Questionnaire loader: any text gives diagnostics or a questionnaire, never a crash.
#include <string>

#include "content/questionnaire.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace carepath;
  Symbols symbols;
  Diagnostics diags;
  static_cast<void>(load_questionnaire(std::string(reinterpret_cast<const char*>(data), size), "fuzz.yaml", symbols, diags));
  return 0;
}
