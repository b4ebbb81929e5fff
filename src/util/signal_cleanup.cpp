#include "util/signal_cleanup.hpp"

#include <climits>
#include <csignal>
#include <cstring>

#include <unistd.h>

namespace carepath {

namespace {

// Fixed storage: the handler may only touch memory that is never reallocated.
struct Slot {
  volatile std::sig_atomic_t used = 0;
  char path[PATH_MAX] = {};
};
Slot slots[8];
// Every signal whose default action ends the process and that a handler can catch: a real
// `ulimit -f` raises SIGXFSZ in the middle of a write, a closed pipe SIGPIPE.
constexpr int signals[] = {SIGINT,  SIGHUP,  SIGTERM, SIGQUIT, SIGALRM,   SIGUSR1,
                           SIGUSR2, SIGPIPE, SIGXFSZ, SIGXCPU, SIGVTALRM, SIGPROF};

extern "C" void remove_and_reraise(int sig) {
  for (auto& s : slots)
    if (s.used) ::unlink(s.path);
  std::signal(sig, SIG_DFL);
  std::raise(sig);
}

// Checked on every registration rather than once: a command may have set and restored its
// own handlers in between.
void install_where_default() {
  for (int sig : signals) {
    struct sigaction old {};
    if (::sigaction(sig, nullptr, &old) != 0 || old.sa_handler != SIG_DFL) continue;
    struct sigaction sa {};
    sa.sa_handler = remove_and_reraise;
    sigemptyset(&sa.sa_mask);
    for (int other : signals) sigaddset(&sa.sa_mask, other);
    ::sigaction(sig, &sa, nullptr);
  }
}

}  // namespace

void remove_on_signal(const std::string& path) {
  if (path.size() >= PATH_MAX) return;
  install_where_default();
  for (auto& s : slots) {
    if (s.used) continue;
    std::memcpy(s.path, path.c_str(), path.size() + 1);
    s.used = 1;
    return;
  }
}

SignalHold::SignalHold() {
  sigset_t held;
  sigemptyset(&held);
  for (int sig : signals) sigaddset(&held, sig);
  ::pthread_sigmask(SIG_BLOCK, &held, &old_);
}

SignalHold::~SignalHold() { ::pthread_sigmask(SIG_SETMASK, &old_, nullptr); }

void forget_on_signal(const std::string& path) {
  for (auto& s : slots)
    if (s.used && path == s.path) s.used = 0;
}

}  // namespace carepath
