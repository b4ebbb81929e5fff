#pragma once
// What 'carepath intake' shows on its screen, shared by its questions (cmd_intake.cpp) and the
// counselor's decision at the end (intake_decision.cpp).
#include <fmt/format.h>

#include <cstdio>
#include <functional>
#include <string>

#include "engine/engine.hpp"
#include "intake/intake_session.hpp"
#include "intake/line_input.hpp"
#include "util/color.hpp"
#include "util/i18n.hpp"
#include "util/io.hpp"

namespace carepath {

// Prompts and messages go to standard error, so that standard output carries only the report.
// fputs, not fmt::print: a terminal that has gone away must not turn a save into an error.
class Screen {
 public:
  Screen(bool tty, bool color) : tty(tty), color_(color) {}
  const bool tty;
  void say(const std::string& s) const {
    std::fputs(s.c_str(), stderr);
    std::fflush(stderr);
  }
  std::string bold(const std::string& s) const { return painted(color_, styles::strong, s); }
  std::string dim(const std::string& s) const { return painted(color_, styles::quiet, s); }
  std::string red(const std::string& s) const { return painted(color_, styles::alarm, s); }

 private:
  bool color_;
};

// The terminal's width where the questions go (standard error), as the report uses it.
inline const std::size_t intake_width = text_width(stderr);

// A message with a count, in the chosen language's plural form, its holes filled.
template <class... Args>
std::string trnf(const char* one, const char* many, unsigned long n, Args&&... args) {
  return fmt::format(fmt::runtime(trn(one, many, n)), std::forward<Args>(args)...);
}

// After the review, the counselor's decision (the record's placement): the recommended primary
// level accepted, or another one with a coded reason and an optional note; '-' leaves it for
// later ('carepath decide'). `save` writes the session, after a stale decision is dropped.
ReadResult ask_decision(const Engine& engine, IntakeSession& session, LineInput& in, const Screen& screen,
                        const std::function<void()>& save);

}  // namespace carepath
