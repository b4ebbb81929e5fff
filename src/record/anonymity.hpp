#pragma once
// The anonymity guard. Records carry no direct identifiers (spec section 1): besides refusing
// unknown fields, values that look like e-mail addresses, phone numbers, US social security
// numbers or calendar dates (a date of birth) are refused, and the message names the place
// but never repeats the value, so that an identifier does not travel on into logs and results.
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "util/swar.hpp"

namespace carepath {

// The privacy policy for messages (carepath(1), LIMITS AND PRIVACY): a value that a message
// would repeat (a refused answer, a column name, a --set item, an unknown key) is quoted only
// when it is short and looks like a code: at most 32 characters of lowercase ASCII letters,
// digits, '_' and '-', fewer than five of them digits; a column name
// (`name`) may have uppercase letters too (SUB1). Anything else is described, never shown:
// "a value of 11 characters (not shown)".
std::string shown(std::string_view value, bool name = false);
bool showable(std::string_view value, bool name = false);  // shown() would quote it

// Why `label` is not a case label ("" when it is): 1 to 64 ASCII letters, digits and - _ . : / #,
// a digit when longer than 3 characters (a name has none), and nothing shaped like an identifier (carepath(1)).
std::string case_id_problem(std::string_view label);

// What kind of direct identifier `text` looks like ("an e-mail address", ...), or nullptr.
// Bare digit strings are not flagged: case numbers and codes are often plain numbers. Digits of
// every script and look-alike separators (full-width '@', dashes, dots) count as their ASCII
// characters.
const char* identifier_kind(std::string_view text);

// True for the values nearly every record and table is full of: printable ASCII without '@'
// or '+' that has fewer than five digits or all its digits in one run ("-9", "T20260000001").
// Every identifier the full checks know needs an '@', a '+' or two runs of digits, so
// unshowable_value() lets these through; this inline pass tells so without a call.
// Eight bytes a step: this runs on every case id and label of a batch.
inline bool plainly_fine(std::string_view s) {
  using namespace swar;
  std::size_t digits = 0, runs = 0;
  std::uint64_t last = 0;  // the digit flags of the step before
  for (std::size_t i = 0; i < s.size(); i += 8) {
    std::size_t n = s.size() - i < 8 ? s.size() - i : 8;
    std::uint64_t x = 0;
    std::memcpy(&x, s.data() + i, n);
    std::uint64_t real = n == 8 ? highs : highs & ((std::uint64_t{1} << (8 * n)) - 1);
    // Any byte out of range is found; a false hit can only follow a true one in the word.
    if ((below(x, 0x20) | above(x, 0x7e) | equal(x, '@') | equal(x, '+')) & real) return false;
    // All bytes are now below 0x80, so these sums carry into no other byte: exact per byte.
    std::uint64_t d = (x + ones * (0x80 - '0')) & ~(x + ones * (0x80 - '9' - 1)) & real;
    // Bytes counted by a multiply (a popcount instruction is not in the baseline x86-64).
    digits += ((d >> 7) * ones) >> 56;
    runs += (((d & ~((d << 8) | (last >> 56))) >> 7) * ones) >> 56;
    last = d;
  }
  return digits < 5 || runs == 1;
}

// True when `text` is printable ASCII (tabs and line ends allowed) without '@'. Then every
// value taken from it that is shorter than five characters is plainly fine, so batch input
// tests a whole chunk at once, eight bytes at a step, rather than cell by cell.
bool plain_text(std::string_view text);

// What a chunk of table text holds, for the guard over its cells. Plain text (above) lets
// cells shorter than five bytes through. Integers only, every cell an optional minus and
// digits (lines ending in a newline or CR LF), lets every cell through that is no longer than
// a value may be: such a cell has one run of digits, so it is plainly fine.
enum class TextKind { any, plain, integers };
TextKind text_kind(std::string_view text);
// The "integers only" test of text_kind(), `step` bytes at a time: 16, or 32 where the
// processor has AVX2 (text_kind() takes the wider); for tests, which hold both to a byte-by-byte reading.
bool integers_only(std::string_view text, std::size_t step);

// Why a value given in a record may be neither used nor shown in a message (it looks like an
// identifier, is not text, or is longer than `max_bytes`); "" when it is fine. The reason
// starts with `what` ("the value", "a key") and never contains the value. Values that are no
// one's identifier by construction (a version) pass `identifiers` false.
std::string unshowable_reason(std::string_view text, std::size_t max_bytes, std::string_view what, bool identifiers);
inline std::string unshowable_value(std::string_view text, std::size_t max_bytes, std::string_view what = "the value",
                                    bool identifiers = true) {
  if (text.size() <= max_bytes && plainly_fine(text)) return {};  // every key and code of every record comes here
  return unshowable_reason(text, max_bytes, what, identifiers);
}

}  // namespace carepath
