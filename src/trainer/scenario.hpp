#pragma once
// A record's answers changed on purpose: what-if views, sensitivity probes and trainers'
// scenarios. Changes are made to the raw record so that the one validator judges the result
// exactly as it judges a record from a file.
#include <string>
#include <utility>
#include <vector>

#include "render/sensitivity.hpp"

namespace carepath {

// "ITEM=VALUE" from a command line. An empty VALUE leaves the item unanswered; a list item
// takes codes separated by commas, "[]" for none. Throws exit_usage when there is no '='.
std::pair<std::string, RawValue> parse_assignment(const Content& c, const std::string& text, const std::string& origin);

// The rules whose firing differs between two valid outcomes: those that fire only after, and
// those that fired only before, by id.
struct FiringChange {
  std::vector<std::string> started, stopped;
  bool empty() const { return started.empty() && stopped.empty(); }
  std::string str() const;  // "now fires: a, b; no longer fires: c", or "no rule's firing changed"
};
FiringChange firing_change(const Engine& engine, const Outcome& before, const Outcome& after);

}  // namespace carepath
