#pragma once
// The rule set's pathway as a picture: its levels in order, the step-down progression, and
// the rules that lead into each level (as primary level, as an included step, or as the
// alternative), with their conditions. Drawn as terminal text, Graphviz DOT or Mermaid.
#include <string>
#include <vector>

#include "content/content.hpp"

namespace carepath {

struct LevelEntry {
  enum class How { primary, include, alternative, setting };
  How how = How::primary;
  int rule = -1;
  std::string condition;  // the rule's condition, prefixed by its group's condition when it has one
  std::string value;      // setting entries: the setting value's id
};

struct PathwayModel {
  std::vector<std::vector<LevelEntry>> into;  // by level
  std::vector<int> steps;                     // step levels, in step-down order
};

PathwayModel pathway_model(const RuleSet& rs);

std::string pathway_text(const RuleSet& rs, std::size_t width);
std::string pathway_dot(const RuleSet& rs);
std::string pathway_mermaid(const RuleSet& rs);

}  // namespace carepath
