// A registered temporary file is removed when a signal ends the process, and the process still
// dies of that signal (so that the shell sees an interrupted command).
#include <doctest/doctest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <filesystem>
#include <string>

#include "util/signal_cleanup.hpp"

using namespace carepath;

namespace {

// Runs `body` in a child process and returns its wait status.
template <class F>
int in_child(F body) {
  pid_t pid = ::fork();
  if (pid == 0) {
    // The test runner's own crash handlers would otherwise keep ours out.
    for (int sig : {SIGINT, SIGHUP, SIGTERM, SIGQUIT, SIGALRM, SIGUSR1, SIGPIPE, SIGXFSZ}) std::signal(sig, SIG_DFL);
    body();
    ::_exit(0);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  return status;
}

std::string temp_path(const char* name) {
  return (std::filesystem::temp_directory_path() / (std::string(name) + std::to_string(::getpid()))).string();
}

void touch(const std::string& path) {
  if (FILE* f = std::fopen(path.c_str(), "w")) std::fclose(f);
}

}  // namespace

TEST_CASE("a registered file is removed on every catchable signal that ends the process") {
  for (int sig : {SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGALRM, SIGUSR1, SIGPIPE, SIGXFSZ}) {
    std::string path = temp_path("carepath-signal-");
    touch(path);
    int status = in_child([&] {
      remove_on_signal(path);
      std::raise(sig);
    });
    CHECK(WIFSIGNALED(status));
    CHECK(WTERMSIG(status) == sig);
    CHECK_FALSE(std::filesystem::exists(path));
    std::filesystem::remove(path);
  }
}

TEST_CASE("a forgotten file stays") {
  std::string path = temp_path("carepath-signal-kept-");
  touch(path);
  int status = in_child([&] {
    remove_on_signal(path);
    forget_on_signal(path);
    std::raise(SIGTERM);
  });
  CHECK(WIFSIGNALED(status));
  CHECK(std::filesystem::exists(path));
  std::filesystem::remove(path);
}
