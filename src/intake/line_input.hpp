#pragma once
// Reading the intake's answers from standard input, a line at a time. On a terminal the line
// can be edited (libedit: cursor keys, Home/End, word deletion, and Up/Down through the answers
// typed in this intake, kept in memory only, never in a file: answers are health data);
// otherwise plain lines are read. Either way SIGINT, SIGHUP and SIGTERM end the wait at once,
// so that the caller can save before it exits.
#include <array>
#include <csignal>
#include <memory>
#include <string>

namespace carepath {

// Installs handlers for SIGINT, SIGHUP and SIGTERM that only note the signal. The signals stay
// blocked except while waiting for input (ppoll unblocks them atomically), so none can slip in
// between checking for one and starting to wait. The old handlers come back on destruction.
class SignalGuard {
 public:
  SignalGuard();
  ~SignalGuard();
  SignalGuard(const SignalGuard&) = delete;
  SignalGuard& operator=(const SignalGuard&) = delete;
  const sigset_t& waiting_mask() const { return waiting_mask_; }
  int caught() const;  // the signal caught, or 0

 private:
  static constexpr std::array<int, 3> signals_ = {SIGINT, SIGHUP, SIGTERM};
  std::array<struct sigaction, 3> old_{};
  sigset_t waiting_mask_{};
};

enum class ReadResult { line, eof, interrupted };

class LineInput {
 public:
  // `edit`: standard input is a terminal, so lines are edited with libedit.
  LineInput(const SignalGuard& guard, bool edit);
  ~LineInput();
  LineInput(const LineInput&) = delete;
  LineInput& operator=(const LineInput&) = delete;
  // Shows `prompt` (on standard error) and reads one line, without its line end and with any
  // terminal escape sequences (a stray cursor key) taken out.
  ReadResult next(const std::string& prompt, std::string& line);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// `s` without terminal escape sequences (ESC [ ... final byte, ESC O x, a lone ESC x).
std::string strip_escapes(std::string_view s);

}  // namespace carepath
