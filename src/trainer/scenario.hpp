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

}  // namespace carepath
