#include <doctest/doctest.h>

#include <limits>
#include <string>

#include "util/number.hpp"

using carepath::IntegerForm;
using carepath::parse_integer;

namespace {
constexpr long long lowest = std::numeric_limits<long long>::min();
constexpr long long highest = std::numeric_limits<long long>::max();
}  // namespace

TEST_CASE("parse_integer reads the whole text as one decimal number") {
  CHECK(parse_integer("0") == 0);
  CHECK(parse_integer("7") == 7);
  CHECK(parse_integer("-42") == -42);
  CHECK(parse_integer("007") == 7);
  CHECK(parse_integer(std::to_string(highest)) == highest);
  CHECK(parse_integer(std::to_string(lowest)) == lowest);
  for (const char* bad : {"", "-", "+", " 7", "7 ", "7a", "a7", "1.5", "1e3", "0x10", "--7", "-+7", "٣"})
    CHECK_MESSAGE(!parse_integer(bad, IntegerForm::any_sign), bad);
}

TEST_CASE("parse_integer refuses a number that does not fit, instead of wrapping or throwing") {
  CHECK(!parse_integer("9223372036854775808"));
  CHECK(!parse_integer("-9223372036854775809"));
  CHECK(!parse_integer(std::string(400, '9')));
  CHECK(parse_integer(std::string(30, '0') + "5") == 5);  // length alone is no reason
}

TEST_CASE("parse_integer takes the signs its form allows") {
  CHECK(!parse_integer("-7", IntegerForm::digits));
  CHECK(!parse_integer("+7", IntegerForm::digits));
  CHECK(parse_integer("12", IntegerForm::digits) == 12);
  CHECK(!parse_integer("+7", IntegerForm::signed_digits));
  CHECK(parse_integer("+7", IntegerForm::any_sign) == 7);
  CHECK(parse_integer("-7", IntegerForm::any_sign) == -7);
  CHECK(!parse_integer("+-7", IntegerForm::any_sign));
}

TEST_CASE("parse_integer's canonical form is what std::to_string writes") {
  for (long long n : {0LL, 7LL, -7LL, 120LL, lowest, highest})
    CHECK(parse_integer(std::to_string(n), IntegerForm::canonical) == n);
  for (const char* other : {"07", "-07", "00", "-0", "+7", "+0"})
    CHECK_MESSAGE(!parse_integer(other, IntegerForm::canonical), other);
}
