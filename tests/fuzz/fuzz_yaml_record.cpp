// Record loader, YAML: a '---' stream read, checked and scored like `report` and `score` do.
#include <sstream>
#include <string>

#include "fuzz_common.hpp"
#include "record/record.hpp"
#include "render/result_output.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace carepath;
  std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
  read_yaml_records(in, "fuzz.yaml", [](RawRecord&& raw) {
    Outcome o = score_record(fuzz::engine(), raw);
    if (o.ok()) static_cast<void>(result_json(fuzz::engine(), o, false));
  });
  return 0;
}
