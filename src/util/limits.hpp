#pragma once
// Limits on untrusted input. carepath reads files from anywhere, so every reader refuses what
// could crash, hang or exhaust memory (deep nesting, alias bombs, binary data, huge values)
// with a clear message before anything walks the parsed tree.
#include <cstddef>
#include <istream>
#include <string>
#include <string_view>
#include <vector>

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>

#include "util/error.hpp"

namespace carepath {

inline constexpr std::size_t max_record_bytes = 1 << 20;        // one record (a YAML document or a line)
inline constexpr std::size_t max_content_bytes = 16 << 20;      // a questionnaire or rule set
// A mapping file: a real one is a few KiB (TEDS-A's, 62 columns, is 10 KiB), and yaml-cpp
// holds up to 500 bytes per byte of YAML (a flow list of one-letter codes), so 64 KiB keeps
// loading one under 64 MiB (under 40 MiB measured).
inline constexpr std::size_t max_mapping_bytes = 64 << 10;
inline constexpr std::size_t max_key_bytes = 128;               // a key (item id, field name)
inline constexpr std::size_t max_value_bytes = 4096;            // one answer or label in a record
inline constexpr std::size_t max_nesting = 64;                  // YAML collections, parentheses in conditions
inline constexpr std::size_t max_expanded_nodes = 1'000'000;    // content nodes counted with aliases expanded
inline constexpr std::size_t max_condition_tokens = 4096;
inline constexpr std::size_t max_listed_errors = 50;            // problems listed for one file or record; the rest counted
inline constexpr long long max_content_number = 1'000'000'000;  // any whole number in content, either sign

struct YamlLimits {
  bool aliases = false;  // records refuse anchors and aliases outright
  std::size_t max_scalar = 0;
  std::size_t max_key = 0;
};
extern const YamlLimits record_yaml_limits;
extern const YamlLimits content_yaml_limits;

// Why `text` is not acceptable text (a NUL byte, another control character, invalid UTF-8),
// with the 0-based offset of the offending byte in `at`; "" when it is fine. Tab, CR and LF
// are text; a UTF-8 byte-order mark is valid UTF-8.
std::string text_problem(std::string_view text, std::size_t& at);

// Checks a YAML document before it is loaded: text_problem, nesting, anchors and aliases
// (refused, or for content bounded by their expanded size), tags and scalar lengths. Problems
// go to `errors` at file:line:col (`line_offset` lines before the text); false when the text
// must not be loaded. yaml-cpp syntax errors found on the way are reported as well. Each
// parser event that passes the checks is handed on to `next`, which can thus build what it
// needs in the same parse.
bool check_yaml(std::string_view text, const YamlLimits& limits, const std::string& file, int line_offset,
                std::vector<Diagnostic>& errors, YAML::EventHandler* next = nullptr);

// The message for a yaml-cpp exception; its own "deep recursion" becomes ours.
std::string yaml_error_message(const YAML::Exception& e);

// Reads the next line (without its '\n' or a final '\r') into `line`, but never more than
// `max_line` bytes: a longer line is cut there and its rest left unread, so that binary input
// without line ends (or /dev/zero) can neither fill memory nor keep carepath reading. False at
// the end of input.
bool read_line_bounded(std::istream& in, std::string& line, std::size_t max_line);

}  // namespace carepath
