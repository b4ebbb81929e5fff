#pragma once
// The one reader of line-based streams (JSON Lines, CSV): it hands out chunks of whole lines or
// rows and never holds a line longer than the limit, whatever the input (a 2 GB line, binary
// data, an endless pipe). Every byte is looked at once, as it arrives: the buffer is never
// rescanned, so a long line costs no more than a short one.
#include <memory>
#include <string>
#include <string_view>

namespace carepath {

class RowChunkReader {
 public:
  // `fd` is read and not closed; `csv`: a newline inside double quotes does not end a row.
  // `chunk`: bytes per read, and a chunk is handed out once it holds at least half of that.
  RowChunkReader(int fd, std::string name, bool csv, std::size_t chunk, std::size_t max_row);

  // The next chunk of whole rows, valid until the next call; false at the end of input. The
  // last chunk may end without a newline. Throws Error: exit_data for a row longer than
  // max_row or a NUL byte (binary input), exit_no_input when reading fails.
  bool next(std::string_view& piece);
  int line() const { return line_; }  // the line number of the first line of the last piece

 private:
  int fd_;
  std::string name_;
  bool csv_;
  std::size_t chunk_, max_row_;
  // The bytes read and not yet handed out, in a buffer of 1.5 chunk_ + max_row_ bytes that is
  // never cleared: a std::string would zero every chunk before read() fills it.
  std::unique_ptr<char[]> buf_;
  std::size_t size_ = 0;
  std::size_t handed_ = 0;    // bytes at the front of buf_ handed out with the last piece
  std::size_t scanned_ = 0;   // bytes of buf_ looked at
  std::size_t cut_ = 0;       // the end of the last whole row in buf_
  bool quoted_ = false;       // CSV: scanned_ is inside a quoted field
  bool eof_ = false, first_ = true;
  int line_ = 1, next_line_ = 1;

  void scan();
  [[noreturn]] void too_long() const;
};

}  // namespace carepath
