// carepath: a thin entry point; everything else lives in carepath_core.
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <exception>
#include <iostream>

#include "cli/cli.hpp"
#include "util/error.hpp"
#include "util/i18n.hpp"

namespace {

// Reporting must never throw: standard error may be closed or full (fmt::print would throw
// inside the handler and abort). The C calls below fail quietly instead.
void say(const char* prefix, const char* message) noexcept {
  std::fputs(prefix, stderr);
  std::fputs(message, stderr);
  std::fputc('\n', stderr);
}

// A closed standard descriptor would be taken by the next file opened, and our messages or
// results would land in it. Standard output gets a descriptor that refuses writes, so that
// output to a closed stdout is still a write error.
void keep_standard_descriptors() noexcept {
  for (int fd = 0; fd <= 2; ++fd) {
    if (::fcntl(fd, F_GETFD) != -1 || errno != EBADF) continue;
    int got = ::open("/dev/null", fd == 2 ? O_WRONLY : O_RDONLY);
    if (got >= 0 && got != fd) {
      ::dup2(got, fd);
      ::close(got);
    }
  }
}

// Every command's output is checked here, once: whatever a command printed must have reached
// standard output, or the exit status says it did not (EX_IOERR).
int check_output(int code) noexcept {
  bool failed = false;
  errno = 0;
  try {
    std::cout.flush();
    failed = !std::cout.good();
  } catch (...) {
    failed = true;
  }
  if (std::fflush(stdout) != 0 || std::ferror(stdout)) failed = true;
  if (!failed) return code;
  int err = errno;
  say(_("carepath: error: cannot write to standard output: "), err ? std::strerror(err) : "write error");
  return code == carepath::exit_ok || code == carepath::exit_partial ? carepath::exit_io : code;
}

}  // namespace

int main(int argc, char** argv) {
  keep_standard_descriptors();
  try {
    return check_output(carepath::run_cli(argc, argv));
  } catch (const carepath::Error& e) {
    say(_("carepath: error: "), e.what());
    for (const auto& d : e.details()) say("  ", d.c_str());
    return check_output(e.code());
  } catch (const std::exception& e) {
    // A write error on standard output (fmt::print throws one) is not an internal error.
    if (std::ferror(stdout)) return check_output(carepath::exit_ok);
    say(_("carepath: internal error: "), e.what());
    return check_output(carepath::exit_internal);
  }
}
