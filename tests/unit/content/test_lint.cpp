// Lints: content that can never take effect.
#include <doctest/doctest.h>

#include "helpers.hpp"
#include "content/lint.hpp"

using namespace carepath;
using namespace carepath::testing;

TEST_CASE("the default content lints clean") {
  Diagnostics d;
  lint_content(default_content(), d);
  for (const auto& x : d.items()) CAPTURE(x.str());
  CHECK(d.empty());
}

TEST_CASE("unreachable levels, unused flags and rules after an unconditional one") {
  ContentPaths paths{"", source_path("tests/faults/rules-planted.yaml"), ""};
  Diagnostics d;
  auto c = load_content(paths, d);
  Diagnostics lints;
  lint_content(*c, lints);
  std::string all;
  for (const auto& x : lints.items()) all += x.str() + "\n";
  CHECK(all.find("level 'orphan' is never reached") != std::string::npos);
  CHECK(all.find("flag 'unused' is never raised") != std::string::npos);
  CHECK(all.find("fact 'daily' is never used") != std::string::npos);
  CHECK(all.find("level 'treatment'") == std::string::npos);
}
