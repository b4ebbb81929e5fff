#pragma once
// Reading CSV text (RFC 4180) a row at a time without copying: fields are views into the text,
// except quoted fields with doubled quotes, which are unescaped into storage the reader owns.
#include <deque>
#include <string>
#include <string_view>
#include <vector>

namespace carepath {

struct CsvField {
  std::string_view text;
  int col = 0;  // 1-based character column where the field starts
};

class CsvReader {
 public:
  // `text` holds whole rows; `first_line` is the line number of its first character. A field
  // the reader unescaped stays valid while `keep_rows` - 1 more rows are read (for a caller that
  // reads ahead); the others are views into `text`.
  CsvReader(std::string_view text, int first_line, std::size_t keep_rows = 1)
      : text_(text), line_(first_line), unescaped_(keep_rows) {}

  // Reads the next row into `fields`; false at the end of the text. A problem with the row
  // (an unterminated quote) is left in error(); the fields read so far are still returned.
  bool next(std::vector<CsvField>& fields);
  int row_line() const { return row_line_; }  // line where the row just read starts
  std::size_t offset() const { return pos_; }  // where the next row starts in the text
  int line() const { return line_; }           // the line number at offset()
  const std::string& error() const { return error_; }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
  int line_;
  int row_line_ = 0;
  std::string error_;
  // By row, round a ring of keep_rows; a deque keeps earlier views valid while it grows.
  std::vector<std::deque<std::string>> unescaped_;
  std::size_t row_ = 0, used_ = 0;
};

// A row as text, for writing CSV.
std::string csv_row(const std::vector<std::string>& fields);

}  // namespace carepath
