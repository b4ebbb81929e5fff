#pragma once
// FHIR R4 out of carepath: the questionnaire as an SDC Questionnaire, a record as a
// QuestionnaireResponse, and a record with its result as a Bundle (response, an Observation
// per rated result, the recommendation as a CarePlan). Generic: every name comes from the
// questionnaire and the rule set.
#include <string>
#include <vector>

#include "engine/engine.hpp"
#include "render/result_output.hpp"

namespace carepath {

// The Questionnaire in JSON. `lost` receives, in words, each condition that FHIR could not be
// given (nothing is lost for conditions on answers).
std::string fhir_questionnaire_json(const Content& c, std::vector<std::string>& lost);

// What every exported resource about a record carries.
struct FhirResponseOptions {
  std::string authored;   // FHIR dateTime; empty: now
  bool completed = true;  // status completed, or in-progress
};

// The record as a QuestionnaireResponse.
std::string fhir_response_json(const Content& c, const Record& r, const FhirResponseOptions& o);

// The Bundle (type collection) of the response, Observations and CarePlan of a scored outcome.
std::string fhir_bundle_json(const Engine& engine, const Outcome& out, const FhirResponseOptions& o);

// The current time as a FHIR dateTime in UTC, to the second.
std::string fhir_now();

}  // namespace carepath
