#pragma once
// The result contract's fields as plain values, for comparing two results field by field:
// what-if views, sensitivity probes and test-case expectations all need the same flat view.
#include <string>
#include <vector>

#include "render/result_output.hpp"

namespace carepath {

struct OutcomeField {
  std::string name;                 // "primary_level", "flags", "scores.severity", ...
  std::vector<std::string> values;  // one entry for a scalar; "null" when absent
  bool list = false;
  bool ordered = false;  // lists whose order matters (the pathway)
  std::string show() const;  // "x" or "[a, b]"
  bool same(const OutcomeField& o) const;  // sets compare as sets
};

// The fields of a scored record in contract order (an invalid record gives none).
std::vector<OutcomeField> outcome_fields(const Engine& engine, const Outcome& o);

// The names outcome_fields produces for this content, in order.
std::vector<std::string> outcome_field_names(const Engine& engine);

struct FieldChange {
  std::string field, before, after;
  bool set = false;  // an unordered list: what was added and removed says it best
  std::vector<std::string> added, removed;
  bool rating = false;  // a rating of the profile: like a score, it describes and decides nothing
  bool score() const { return rating || field.starts_with("scores."); }
  std::string str() const;  // "primary_level a -> b", "flags +a -b"
};

// The fields that differ between two valid outcomes.
std::vector<FieldChange> outcome_changes(const Engine& engine, const Outcome& before, const Outcome& after);

// One answer as the record would spell it ("daily", "[a, b]", "yes", "12"); labels=true uses
// the questionnaire's words for codes.
std::string answer_text(const Content& c, int item, const Value& v, bool labels);

}  // namespace carepath
