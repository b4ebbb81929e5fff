#pragma once
// Temporary files that a signal (Ctrl-C, a closed terminal, SIGTERM) must not leave behind.
// While a path is registered, every catchable signal that would end the process by default
// (SIGINT, SIGHUP, SIGTERM, SIGQUIT, SIGALRM, SIGUSR1/2, SIGPIPE, SIGXFSZ, ...) first removes it; commands with their own
// handlers (intake saves on a signal) keep them.
#include <signal.h>

#include <string>

namespace carepath {

// Registers `path` (at most a few at a time; longer paths than PATH_MAX are not registered).
void remove_on_signal(const std::string& path);

// Holds those signals back in the calling thread while it lives, so that a file created and
// then registered cannot be left behind by a signal arriving in between: one that arrives is
// delivered when the hold ends, after the registration.
class SignalHold {
 public:
  SignalHold();
  ~SignalHold();
  SignalHold(const SignalHold&) = delete;
  SignalHold& operator=(const SignalHold&) = delete;

 private:
  sigset_t old_;
};

// Unregisters `path`: it was renamed into place or removed.
void forget_on_signal(const std::string& path);

}  // namespace carepath
