// Record loader, JSON Lines: every line parsed with the batch reader's parser, then scored.
#include <string>
#include <string_view>

#include "fuzz_common.hpp"
#include "record/jsonl.hpp"
#include "render/result_output.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace carepath;
  static JsonlParser parser;
  static RawRecord raw;  // reused across lines and inputs, as batch scoring does
  static Outcome o;
  std::string_view all(reinterpret_cast<const char*>(data), size);
  int line_no = 0;
  while (!all.empty()) {
    std::size_t nl = all.find('\n');
    std::string line(all.substr(0, nl));
    all.remove_prefix(nl == std::string_view::npos ? all.size() : nl + 1);
    ++line_no;
    std::size_t used = line.size();
    line.append(jsonl_padding, '\0');
    parser.parse(std::string_view(line.data(), used), "fuzz.jsonl", line_no, raw);
    score_record(fuzz::engine(), raw, o);
    if (o.ok()) static_cast<void>(result_csv(fuzz::engine(), o));
    static_cast<void>(parser.walk(std::string_view(line.data(), used)));
  }
  return 0;
}
