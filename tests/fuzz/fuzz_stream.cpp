// The streaming readers, past their first line: a valid first line (a JSON Lines record, a CSV
// header, a YAML record) and then the fuzzer's bytes, read through the one bounded row reader
// in small chunks (so that rows straddle reads) and parsed row by row, and as a YAML stream.
#include <sys/mman.h>
#include <unistd.h>

#include <cstdlib>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_common.hpp"
#include "record/record.hpp"
#include "record/jsonl.hpp"
#include "render/result_output.hpp"
#include "util/csv.hpp"
#include "util/error.hpp"
#include "util/row_reader.hpp"

namespace {

using namespace carepath;

constexpr const char* first_lines[] = {
    "{\"carepath\":1,\"questionnaire\":\"opioid-intake\",\"answers\":{\"suicidal_ideation\":\"none\"}}\n",
    "case_id,suicidal_ideation,medical_emergency,co_use\n",
    "carepath: 1\nquestionnaire: opioid-intake\nanswers:\n  suicidal_ideation: none\n---\n",
};

void read_rows(const std::string& text, bool csv, std::size_t chunk) {
  int fd = ::memfd_create("fuzz", 0);
  if (fd < 0) return;
  if (::write(fd, text.data(), text.size()) != static_cast<ssize_t>(text.size())) std::abort();
  ::lseek(fd, 0, SEEK_SET);
  static JsonlParser parser;
  static RawRecord raw;
  std::string seen;
  try {
    RowChunkReader reader(fd, "fuzz", csv, chunk, 4096);
    std::string_view piece;
    bool last = false;
    while (reader.next(piece)) {
      if (last) std::abort();                  // only the last piece may end without a newline
      last = piece.back() != '\n';
      seen.append(piece);
      if (csv) {
        CsvReader rows(piece, reader.line());
        std::vector<CsvField> fields;
        while (rows.next(fields)) {
        }
        continue;
      }
      int line = reader.line();
      for (std::size_t at = 0; at < piece.size(); ++line) {
        std::size_t nl = piece.find('\n', at);
        std::string one(piece.substr(at, nl == std::string_view::npos ? std::string_view::npos : nl - at));
        at = nl == std::string_view::npos ? piece.size() : nl + 1;
        std::size_t used = one.size();
        one.append(jsonl_padding, '\0');
        parser.parse(std::string_view(one.data(), used), "fuzz.jsonl", line, raw);
      }
    }
    if (seen != text) std::abort();  // every byte handed out once, in order
  } catch (const Error&) {
    if (!text.starts_with(seen)) std::abort();
  }
  ::close(fd);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  int kind = data[0] % 3;
  std::size_t chunk = 16 + (data[0] >> 2) * 8;
  std::string text = first_lines[kind];
  text.append(reinterpret_cast<const char*>(data + 1), size - 1);
  if (kind < 2) {
    read_rows(text, kind == 1, chunk);
    return 0;
  }
  static Outcome o;
  std::istringstream in(text);
  read_yaml_records(in, "fuzz.yaml", [&](RawRecord&& r) { score_record(fuzz::engine(), r, o); });
  return 0;
}
