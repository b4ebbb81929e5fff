#pragma once
// Opening inputs ('-' is standard input) and deciding on terminal colour.
#include <cstdio>
#include <fstream>
#include <istream>
#include <memory>
#include <string>
#include <string_view>

namespace carepath {

class Input {
 public:
  explicit Input(const std::string& path);  // throws exit_no_input
  std::istream& stream() { return file_ ? *file_ : *std_; }
  const std::string& name() const { return name_; }

 private:
  std::unique_ptr<std::ifstream> file_;
  std::istream* std_ = nullptr;
  std::string name_;
};

// The whole of `path` ('-': standard input), read without ever holding more than `limit`
// bytes: a larger input (a device, /dev/urandom, a FIFO that never ends) is refused as soon as
// it passes the limit, with `why` in the message (exit_data). Throws exit_no_input when the
// input cannot be opened or read.
std::string read_bounded(const std::string& path, std::size_t limit, std::string_view why);

// Colour only on a terminal, never with NO_COLOR set or TERM=dumb, never when refused.
bool use_color(std::FILE* stream, bool refused);

// The columns to write text in: COLUMNS when set to a number, else the terminal's width when
// the stream is a terminal, else 80; capped at 100 (longer lines are hard to read) and at
// least 40.
std::size_t terminal_columns(std::FILE* stream);
// The width text is wrapped at: two columns short of terminal_columns, so that a line never
// touches the last column (where some terminals wrap early). 78 when nothing is known.
std::size_t text_width(std::FILE* stream);

}  // namespace carepath
