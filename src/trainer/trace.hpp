#pragma once
// The full story of one result, for trainers and rule authors: each score with the answers
// that made it, each fact, each rule in order with the value of every sub-condition (true,
// false, or unknown because an item was unanswered), what it did or why it was skipped, and
// which unanswered items would have changed the result (found by trying their answers).
#include <string>
#include <vector>

#include "render/outcome_fields.hpp"
#include "trainer/scenario.hpp"

namespace carepath {

// A condition node and its value as evaluated; and/or chains are flattened into children.
struct CondTrace {
  std::string text;
  Value value;           // booleans carry Truth's uncertain bit
  std::string shown;     // the value in words
  std::string operands;  // "score.total = 30; ..." for comparisons and other leaves
  std::vector<CondTrace> children;
};

struct RuleTrace {
  enum class Status { fired, not_matched, group_inactive, earlier_matched };
  Status status = Status::not_matched;
  int matched_by = -1;  // earlier_matched: the rule that matched first
  CondTrace when;       // valid when the rule was reached
};

struct GroupTrace {
  bool reached = false;
  bool active = false;
  CondTrace when;  // empty text when the group has no condition
};

struct Trace {
  Outcome outcome;
  std::vector<CondTrace> facts;      // by fact
  std::vector<GroupTrace> groups;    // by group
  std::vector<RuleTrace> rules;      // by rule
  bool probed = false;
  Unknowns unknowns;  // probe_unknowns(), when probed
};

// Scores and traces one record; throws exit_data naming every problem when it is not valid.
// With `sensitivity`, probe_unknowns() tries every unanswered item that applies.
Trace build_trace(const Engine& engine, const RawRecord& raw, bool sensitivity);

// Builds the traces of every reached rule, group and fact while the engine evaluates.
class TraceObserver : public EvalObserver {
 public:
  explicit TraceObserver(const Engine& engine) : engine_(engine) {}
  void group_reached(int group, const EvalEnv& env) override;
  void rule_reached(int rule, const EvalEnv& env) override;
  std::vector<GroupTrace> groups;
  std::vector<CondTrace> rules;
  std::vector<char> rule_reached_flags;

 private:
  const Engine& engine_;
};

CondTrace trace_condition(const Engine& engine, const Expr& e, const EvalEnv& env);

// "true", "false", or "unknown (so false)" when the value rests on an unanswered item.
std::string truth_word(const Value& v);

// What a rule does, in words ("flag x", "a note"); for_people: in the reader's language.
std::vector<std::string> effect_words(const Engine& engine, const Effects& fx, bool for_people = false);

struct TraceStyle {
  bool color = false;
  std::size_t width = 78;
  bool sensitivity = true;
};

std::string render_trace(const Engine& engine, const Trace& t, const TraceStyle& style);
std::string trace_json(const Engine& engine, const Trace& t);

}  // namespace carepath
