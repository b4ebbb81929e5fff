#include <doctest/doctest.h>

#include "util/json_writer.hpp"

using namespace carepath;

TEST_CASE("compact and indented JSON") {
  auto build = [](bool pretty) {
    JsonWriter w(pretty);
    w.begin_object()
        .key("a")
        .value(1LL)
        .key("b")
        .strings({"x", "y"})
        .key("c")
        .null()
        .key("d")
        .begin_array()
        .end_array()
        .end_object();
    return w.str();
  };
  CHECK(build(false) == R"({"a":1,"b":["x","y"],"c":null,"d":[]})");
  CHECK(build(true) == "{\n  \"a\": 1,\n  \"b\": [\n    \"x\",\n    \"y\"\n  ],\n  \"c\": null,\n  \"d\": []\n}");
}
