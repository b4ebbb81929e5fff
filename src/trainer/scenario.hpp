#pragma once
// A record's answers changed on purpose: what-if views, sensitivity probes and trainers'
// scenarios. Changes are made to the raw record so that the one validator judges the result
// exactly as it judges a record from a file.
#include <string>
#include <utility>
#include <vector>

#include "render/result_output.hpp"

namespace carepath {


// Sets one answer (a null value makes it unanswered), replacing any answer the record had.
void set_answer(RawRecord& raw, const std::string& item, RawValue value);

// "ITEM=VALUE" from a command line. An empty VALUE leaves the item unanswered; a list item
// takes codes separated by commas, "[]" for none. Throws exit_usage when there is no '='.
std::pair<std::string, RawValue> parse_assignment(const Content& c, const std::string& text, const std::string& origin);

struct Probe {
  std::string label;  // how the value reads: "daily", "[craving]", "yes (scale 25)"
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

// The rules whose firing differs between two valid outcomes: those that fire only after, and
// those that fired only before, by id.
struct FiringChange {
  std::vector<std::string> started, stopped;
  bool empty() const { return started.empty() && stopped.empty(); }
  std::string str() const;  // "now fires: a, b; no longer fires: c", or "no rule's firing changed"
};
FiringChange firing_change(const Engine& engine, const Outcome& before, const Outcome& after);

}  // namespace carepath
