#pragma once
// carepath's conditions and scores in FHIR's terms: enableWhen where FHIR can say a condition,
// FHIRPath (for SDC's enableWhenExpression and calculatedExpression) otherwise.
#include <optional>
#include <string>
#include <vector>

#include "content/content.hpp"
#include "util/json_writer.hpp"

namespace carepath {

// The answers of item `item` in the response being filled (%resource).
std::string fhirpath_answers(const Questionnaire& q, int item);

// A condition as a FHIRPath boolean; nullopt when it reads what a form cannot see (facts,
// labels, first_known, a score's band).
std::optional<std::string> fhirpath_condition(const Content& c, const Expr& e);

// A score's total as FHIRPath, empty while any item it needs is unanswered (as carepath's).
std::string fhirpath_score(const Content& c, const Score& s);

// Writes "enableWhen" (and "enableBehavior") for conditions that all hold, when FHIR's
// enableWhen can say them; false (nothing written) otherwise.
bool write_enable_when(JsonWriter& w, const Content& c, const std::vector<const Condition*>& conditions);

}  // namespace carepath
