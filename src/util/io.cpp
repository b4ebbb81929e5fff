#include "util/io.hpp"

#include <fmt/format.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <iostream>

#include "util/error.hpp"

namespace carepath {

Input::Input(const std::string& path) : name_(path == "-" ? "<stdin>" : path) {
  if (path == "-") {
    std_ = &std::cin;
    return;
  }
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) throw Error(exit_no_input, fmt::format("cannot open '{}': {}", path, std::strerror(errno)));
  if (S_ISDIR(st.st_mode)) throw Error(exit_no_input, fmt::format("'{}' is a directory, not a record file", path));
  file_ = std::make_unique<std::ifstream>(path, std::ios::binary);
  if (!*file_) throw Error(exit_no_input, fmt::format("cannot open '{}': {}", path, std::strerror(errno)));
}

bool use_color(std::FILE* stream, bool refused) {
  if (refused) return false;
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color && *no_color) return false;
  const char* term = std::getenv("TERM");
  if (term && std::strcmp(term, "dumb") == 0) return false;
  return ::isatty(::fileno(stream)) != 0;
}

std::size_t terminal_columns(std::FILE* stream) {
  std::size_t cols = 80;
  const char* env = std::getenv("COLUMNS");
  char* end = nullptr;
  long n = env && *env ? std::strtol(env, &end, 10) : 0;
  struct winsize ws {};
  if (n > 0 && end && *end == '\0')
    cols = static_cast<std::size_t>(n);
  else if (::isatty(::fileno(stream)) && ::ioctl(::fileno(stream), TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
    cols = ws.ws_col;
  return std::clamp<std::size_t>(cols, 40, 100);
}

std::size_t text_width(std::FILE* stream) {
  return terminal_columns(stream) - 2;
}

}  // namespace carepath
