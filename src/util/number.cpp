#include "util/number.hpp"

#include <charconv>

namespace carepath {

std::optional<long long> parse_integer(std::string_view s, IntegerForm form) {
  std::string_view digits = s;
  bool minus = !s.empty() && s[0] == '-';
  if (minus) {
    if (form == IntegerForm::digits) return std::nullopt;
  } else if (!s.empty() && s[0] == '+') {
    if (form != IntegerForm::any_sign) return std::nullopt;
    digits.remove_prefix(1);  // from_chars takes a '-' but no '+'
  }
  // from_chars would take a second sign after the '+' ("+-7"); digits must follow the sign.
  std::string_view after_sign = minus ? digits.substr(1) : digits;
  if (after_sign.empty() || after_sign[0] < '0' || after_sign[0] > '9') return std::nullopt;
  if (form == IntegerForm::canonical && after_sign[0] == '0' && (after_sign.size() > 1 || minus)) return std::nullopt;
  long long value = 0;
  auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value, 10);
  if (error != std::errc() || end != digits.data() + digits.size()) return std::nullopt;
  return value;
}

}  // namespace carepath
