// CSV reader: rows and fields, the row-boundary finder the chunked reader relies on, and the
// anonymity guard every cell goes through.
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
  std::size_t prefix = csv_complete_prefix(text);
  if (prefix > text.size() || (prefix > 0 && text[prefix - 1] != '\n')) std::abort();
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
