#include <doctest/doctest.h>

#include <algorithm>
#include <string>

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

TEST_CASE("keys from the source are copied, any other key is escaped, and output longer than the writer's buffer arrives whole") {
  std::string out = "[";
  {
    JsonWriter w(false, out);
    std::string quoted = "say \"hi\"\n";
    std::string long_text(3000, 'x');
    long_text[2500] = '"';
    w.begin_object().key("plain").value(quoted).key(quoted).value(long_text);
    for (int k = 0; k < 300; ++k) w.key(std::string("k") + std::to_string(k)).value(static_cast<long long>(k));
    w.end_object();
  }  // the writer hands over what it holds when it goes
  CHECK(out.starts_with(R"([{"plain":"say \"hi\"\n","say \"hi\"\n":"xxx)"));
  CHECK(out.find(std::string(2500 - 1, 'x') + "x\\\"x") != std::string::npos);
  CHECK(out.ends_with(R"("k298":298,"k299":299})"));
  CHECK(std::count(out.begin(), out.end(), ':') == 302);
}
