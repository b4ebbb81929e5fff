// Changed answers from a command line.
#include <doctest/doctest.h>

#include <algorithm>

#include "helpers.hpp"
#include "trainer/scenario.hpp"

using namespace carepath;
using namespace carepath::testing;

TEST_CASE("assignments from a command line") {
  const Content& c = default_content();
  auto [id, v] = parse_assignment(c, "co_use=alcohol, cannabis", "--set");
  CHECK(id == "co_use");
  CHECK(v.shape == RawValue::Shape::list);
  CHECK(v.list == std::vector<std::string>{"alcohol", "cannabis"});
  CHECK(parse_assignment(c, "co_use=[]", "--set").second.list.empty());
  CHECK(parse_assignment(c, "co_use=[]", "--set").second.shape == RawValue::Shape::list);
  CHECK(parse_assignment(c, "route=", "--set").second.shape == RawValue::Shape::null);
  CHECK(parse_assignment(c, "route = oral", "--set").second.scalar == "oral");
  CHECK_THROWS_AS(parse_assignment(c, "route", "--set"), Error);
}
