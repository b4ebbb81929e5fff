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
  // Levels by their labels, rules by their reasons, not their ids.
  for (const auto& l : rs.levels) CHECK(mermaid.find(l.label) != std::string::npos);
  CHECK(mermaid.find("primary((") == std::string::npos);  // no dead-end "primary level" node
  // Comparison signs as signs: Mermaid 11 garbles entity codes, and a raw < or > may be read as HTML.
  RuleSet signs = rs;
  for (auto& r : signs.rules)
    if (r.then.level >= 0) {
      r.because.parts = {Template::Part{"a >= 1, b <= 2, c > 3, d != e", {}}};  // within one line
      break;
    }
  for (const std::string& out : {pathway_mermaid(signs), pathway_dot(signs)}) {
    CHECK(out.find("a \u2265 1, b \u2264 2, c \uFF1E 3, d \u2260 e") != std::string::npos);
    CHECK(out.find("#gt;") == std::string::npos);
    CHECK(out.find("#lt;") == std::string::npos);
  }
}
