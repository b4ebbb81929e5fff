#pragma once
// Colour on a terminal, written by fmt: what each colour means is said here, once. Whether to
// colour at all is use_color()'s (io.hpp).
#include <fmt/color.h>

#include <string>
#include <string_view>

namespace carepath {

namespace styles {
inline constexpr fmt::text_style strong = fmt::emphasis::bold;    // headings, names
inline constexpr fmt::text_style quiet = fmt::emphasis::faint;    // hints
inline constexpr fmt::text_style alarm = fmt::emphasis::bold | fmt::fg(fmt::terminal_color::red);     // failures, urgent
inline constexpr fmt::text_style success = fmt::emphasis::bold | fmt::fg(fmt::terminal_color::green);
inline constexpr fmt::text_style changed = fmt::emphasis::bold | fmt::fg(fmt::terminal_color::yellow);  // what differs
inline constexpr fmt::text_style yes = fmt::fg(fmt::terminal_color::green);      // a condition that holds, a test that passes
inline constexpr fmt::text_style no = fmt::fg(fmt::terminal_color::red);         // one that does not
inline constexpr fmt::text_style unsure = fmt::fg(fmt::terminal_color::yellow);  // one that is not known
}  // namespace styles

// `s` in `style` when `color` is on; as it is otherwise.
inline std::string painted(bool color, const fmt::text_style& style, std::string_view s) {
  return color ? fmt::format("{}", fmt::styled(s, style)) : std::string(s);
}

}  // namespace carepath
