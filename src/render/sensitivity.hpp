#pragma once
// What an unanswered item would change: each one that applies is tried with a bounded set of
// answers and the record scored again, through the one validator, exactly as a record from a
// file. `explain` shows the changes field by field; the report says them in words. Both use
// probe_unknowns(), so they never disagree. (It lives in render/, next to Outcome and the
// field comparison it needs, so that both the report and the trainer's trace can use it.)
#include <string>
#include <utility>
#include <vector>

#include "render/outcome_fields.hpp"
#include "render/result_output.hpp"

namespace carepath {

// Sets one answer (a null value makes it unanswered), replacing any answer the record had.
void set_answer(RawRecord& raw, const std::string& item, RawValue value);

struct Probe {
  std::string label;  // how the value reads: "daily", "[craving]", "yes (scale 25)"
  std::string words;  // the same in the questionnaire's words: "weekly", "yes", "yes, with the scale's total at 25"
  std::vector<std::pair<std::string, RawValue>> answers;
};

// A bounded set of allowed answers for one item: every code; yes and no; for a list item none,
// each single code and, when a score counts it, the first k codes for every k; for a whole
// number its minimum, maximum and every boundary a condition compares it with (c-1, c, c+1);
// for points every point.
std::vector<Probe> probes_for(const Content& c, int item);

struct ProbeResult {
  Probe probe;
  Outcome outcome;
};

// Runs each probe of `item` on `raw`. When an answer opens a group that must be answered
// completely and whose items make up one summed score (a rating scale), the probe is run with
// the group filled to reach the score's extremes and each total a condition compares it with;
// the label says which total. An answer that closes questions is run without their answers.
std::vector<ProbeResult> run_probes(const Engine& engine, const RawRecord& raw, int item);

struct Sensitivity {
  struct Effect {
    std::vector<std::string> values;  // the probed answers that all lead to these changes
    std::vector<std::string> words;   // the same answers in the questionnaire's words
    std::vector<FieldChange> changes;
  };
  int item = -1;
  std::vector<Effect> effects;
};

struct Unknowns {
  std::vector<Sensitivity> sensitive;                   // items an answer to which changes the recommendation
  std::vector<int> no_effect;                           // unanswered items none of whose answers change it
  std::vector<std::pair<int, std::string>> not_probed;  // item, why
};

// Tries every unanswered item of `base` (the outcome of `raw`) that applies, with run_probes.
// A change of scores alone is no change: it moves nothing a counselor decides.
Unknowns probe_unknowns(const Engine& engine, const RawRecord& raw, const Outcome& base);

// What was unknown and would have changed the result, one sentence an entry, in the content's
// labels (no ids): "Do you smoke? If yes: no Counselling step; ...". Items of
// one score with the same changes make one entry, named by the score's label.
std::vector<std::string> unknown_sentences(const Engine& engine, const Unknowns& u);

}  // namespace carepath
