#pragma once
// The counselor's decision in a record (spec: placement): its fields read and checked like any
// answer. Whether a reason is needed depends on the result, so that is checked after scoring
// (placement_problem in render/result_output.hpp).
#include <vector>

#include "record/record.hpp"

namespace carepath {

// The fields of a placement block against the rule set's levels and decision reasons; problems
// go to `errors`, each naming the field.
Placement parse_placement(const std::vector<RawField>& fields, const RuleSet& rs, const Pos& where,
                          std::vector<Diagnostic>& errors);

}  // namespace carepath
