#pragma once
// FHIR R4 QuestionnaireResponse in JSON as an intake record: read into the same RawRecord as
// the YAML and JSON Lines readers make, so that one validator checks every record alike. Also
// the names (canonical URL, code systems) that the FHIR export and this reader share.
#include <string>
#include <string_view>

#include "content/questionnaire.hpp"
#include "record/record.hpp"

namespace carepath {

// The questionnaire's canonical URL: its `url`, or urn:carepath:questionnaire:<id>. Either
// ends with the id, which is how a response names the questionnaire it answers.
std::string fhir_questionnaire_url(const Questionnaire& q);

// The code system of an item's codes (choice, multi, points): one per item, under the
// questionnaire's URL. The item's type is part of it, so that a response read without the
// questionnaire still tells a list of codes from a single code.
std::string fhir_code_system(std::string_view questionnaire_url, ItemType type, std::string_view item);
// The "none of these" option of a multi item: the empty list of a carepath record.
std::string fhir_none_system(std::string_view questionnaire_url);
inline constexpr std::string_view fhir_none_code = "none";
// QuestionnaireResponse.identifier.system of the record's case_id (an anonymised label).
std::string fhir_case_id_system(std::string_view questionnaire_url);

// Items whose linkId holds a '.' are carepath's own additions to a Questionnaire (help texts,
// calculated scores): never answers, so the reader passes over them.
inline bool fhir_is_carepath_extra(std::string_view link_id) {
  return link_id.find('.') != std::string_view::npos;
}

// True when a document is a JSON object with a "resourceType": a FHIR resource, not a record.
bool is_fhir_resource(std::string_view text);

// Reads one FHIR resource in JSON (`line_offset` lines into `file`); anything but a
// QuestionnaireResponse, or any part of one carepath does not read, becomes a record error.
RawRecord raw_from_fhir(std::string_view text, const std::string& file, int line_offset, const std::string& source);

}  // namespace carepath
