#pragma once
// The questionnaire for people and spreadsheets: a REDCap data dictionary and a printable
// Markdown codebook (also a blank paper form for when the terminal is down).
#include <optional>
#include <string>

#include "content/content.hpp"

namespace carepath {

// REDCap's data dictionary (its 18 standard columns), one form per questionnaire.
std::string redcap_dictionary_csv(const Content& c);

// Every section and item with label, help, codes, range and when it is asked; the scores and
// their bands.
std::string codebook_markdown(const Content& c);

// A condition in REDCap's branching logic syntax; nullopt when it cannot be said there.
std::optional<std::string> redcap_logic(const Content& c, const Expr& e);

// A condition in words, for people.
std::string condition_in_words(const Content& c, const Expr& e);

}  // namespace carepath
