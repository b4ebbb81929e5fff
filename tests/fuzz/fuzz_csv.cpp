// CSV reader: rows and fields, and the anonymity guard every cell goes through (the row
// boundaries of a stream are fuzz_stream's).
#include <cstdlib>
#include <string_view>
#include <vector>

#include "record/anonymity.hpp"
#include "util/csv.hpp"
#include "util/limits.hpp"
#include "util/text.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace carepath;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  CsvReader reader(text, 1);
  std::vector<CsvField> row;
  while (reader.next(row)) {
    if (reader.offset() > text.size()) std::abort();
    for (const auto& f : row) {
      static_cast<void>(unshowable_value(f.text, max_value_bytes));
      static_cast<void>(csv_field(f.text));
    }
  }
  return 0;
}
