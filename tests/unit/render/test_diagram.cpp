// Pathway diagrams: every level and every rule that leads into one, in all three formats.
#include <doctest/doctest.h>

#include <algorithm>

#include "render/diagram.hpp"
#include "helpers.hpp"

using namespace carepath;
using namespace carepath::testing;

TEST_CASE("the model lists what leads into each level") {
  const RuleSet& rs = default_content().rules;
  PathwayModel m = pathway_model(rs);
  REQUIRE(m.into.size() == rs.levels.size());
  std::size_t entries = 0;
  for (const auto& v : m.into) entries += v.size();
  std::size_t effects = 0;
  for (const auto& r : rs.rules)
    effects += (r.then.level >= 0) + r.then.include.size() + (r.then.alternative >= 0) + (r.then.setting >= 0);
  CHECK(entries == effects);
  for (std::size_t i = 1; i < m.steps.size(); ++i) CHECK(m.steps[i - 1] < m.steps[i]);
}

TEST_CASE("text, DOT and Mermaid name every level") {
  const RuleSet& rs = default_content().rules;
  std::string text = pathway_text(rs, 78), dot = pathway_dot(rs), mermaid = pathway_mermaid(rs);
  for (const auto& l : rs.levels) {
    CHECK(text.find(" " + l.id + " ") != std::string::npos);
    CHECK(dot.find("level_" + l.id + " [") != std::string::npos);
    CHECK(mermaid.find("level_" + l.id + "[") != std::string::npos);
  }
  CHECK(std::count(dot.begin(), dot.end(), '{') == std::count(dot.begin(), dot.end(), '}'));
  CHECK(dot.starts_with("digraph "));
  CHECK(mermaid.starts_with("flowchart TB\n"));
  // Conditions compare with >=; Mermaid labels must not carry raw angle brackets.
  CHECK(mermaid.find(">=") == std::string::npos);
  CHECK(mermaid.find("#gt;=") != std::string::npos);
}
