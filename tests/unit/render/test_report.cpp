// The human report: emergency first, one outline for text and markdown, colour only when asked.
#include <doctest/doctest.h>

#include "helpers.hpp"
#include "render/report.hpp"

using namespace carepath;
using namespace carepath::testing;

namespace {
Outcome emergency() {
  return score_yaml(record_yaml("  suicidal_ideation: active_with_plan\n  medical_emergency: no\n  primary_substance: heroin\n"
                                "  use_frequency: daily\n"));
}
}  // namespace

TEST_CASE("the emergency banner comes before the pathway") {
  Outcome o = emergency();
  REQUIRE(o.ok());
  std::string text = render_report(default_engine(), o, {});
  auto banner = text.find(default_content().rules.emergency_title);
  auto pathway = text.find("RECOMMENDED PATHWAY");
  REQUIRE(banner != std::string::npos);
  CHECK(banner < pathway);
  CHECK(text.find("\x1b[") == std::string::npos);
  CHECK(text.find(default_content().rules.disclaimer.substr(0, 40)) != std::string::npos);
}

TEST_CASE("markdown says the same things with markdown marks") {
  Outcome o = emergency();
  std::string md = render_report(default_engine(), o, {ReportFormat::markdown, false, 78});
  CHECK(md.find("## Recommended pathway") != std::string::npos);
  CHECK(md.find("> **" + default_content().rules.emergency_title + "**") != std::string::npos);
  CHECK(md.find("## Disclaimer") != std::string::npos);
}

TEST_CASE("colour only when the style asks for it") {
  Outcome o = emergency();
  CHECK(render_report(default_engine(), o, {ReportFormat::text, true, 78}).find("\x1b[1;31m") != std::string::npos);
}
