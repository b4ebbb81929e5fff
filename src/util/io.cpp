#include "util/io.hpp"

#include <fmt/format.h>
#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <iostream>

#include "util/error.hpp"
#include "util/i18n.hpp"
#include "util/number.hpp"

namespace carepath {

Input::Input(const std::string& path) : name_(path == "-" ? "<stdin>" : path) {
  if (path == "-") {
    std_ = &std::cin;
    return;
  }
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) throw Error(exit_no_input, trf("cannot open '{}': {}", path, std::strerror(errno)));
  if (S_ISDIR(st.st_mode)) throw Error(exit_no_input, trf("'{}' is a directory, not a record file", path));
  file_ = std::make_unique<std::ifstream>(path, std::ios::binary);
  if (!*file_) throw Error(exit_no_input, trf("cannot open '{}': {}", path, std::strerror(errno)));
}

std::string read_bounded(const std::string& path, std::size_t limit, std::string_view why) {
  std::string name = path == "-" ? "<stdin>" : path;
  int fd = 0;
  if (path != "-") {
    struct stat st {};
    if (::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode))
      throw Error(exit_no_input, trf("'{}' is a directory, not a record file", path));
    fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw Error(exit_no_input, trf("cannot open '{}': {}", path, std::strerror(errno)));
  }
  std::string text;
  char buf[65536];
  int err = 0;
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) err = errno;
    if (n <= 0) break;
    text.append(buf, static_cast<std::size_t>(n));
    if (text.size() > limit) break;
  }
  if (fd > 0) ::close(fd);
  if (err) throw Error(exit_no_input, trf("cannot read '{}': {}", name, std::strerror(err)));
  if (text.size() > limit) throw Error(exit_data, trf("{}: is larger than {} KiB; {}", name, limit >> 10, why));
  return text;
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
  auto n = parse_integer(env ? env : "", IntegerForm::any_sign);
  struct winsize ws {};
  if (n && *n > 0)
    cols = static_cast<std::size_t>(*n);
  else if (::isatty(::fileno(stream)) && ::ioctl(::fileno(stream), TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
    cols = ws.ws_col;
  return std::clamp<std::size_t>(cols, 40, 100);
}

std::size_t text_width(std::FILE* stream) {
  return terminal_columns(stream) - 2;
}

}  // namespace carepath
