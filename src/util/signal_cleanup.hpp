#pragma once
// Temporary files that a signal (Ctrl-C, a closed terminal, SIGTERM) must not leave behind.
// While a path is registered, every catchable signal that would end the process by default
// (SIGINT, SIGHUP, SIGTERM, SIGQUIT, SIGALRM, SIGUSR1/2, SIGPIPE, SIGXFSZ, ...) first removes it; commands with their own
// handlers (intake saves on a signal) keep them.
#include <string>

namespace carepath {

// Registers `path` (at most a few at a time; longer paths than PATH_MAX are not registered).
void remove_on_signal(const std::string& path);

// Unregisters `path`: it was renamed into place or removed.
void forget_on_signal(const std::string& path);

}  // namespace carepath
