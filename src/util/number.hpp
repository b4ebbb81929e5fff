#pragma once
// Whole numbers read from text: one parser (std::from_chars) for every place that takes one.
#include <optional>
#include <string_view>

namespace carepath {

// How a whole number may be written; never with spaces, a decimal point or other characters.
enum class IntegerForm {
  digits,         // only digits: "7", "007"
  signed_digits,  // digits after an optional '-': "7", "-7", "007"
  any_sign,       // digits after an optional '-' or '+': "+7" too
  canonical,      // as std::to_string writes it: "7", "-7"; not "07", "+7" or "-0"
};

// The whole of `s` read as a decimal number in `form`; nullopt when it is not one or when it does
// not fit a long long.
std::optional<long long> parse_integer(std::string_view s, IntegerForm form = IntegerForm::signed_digits);

}  // namespace carepath
