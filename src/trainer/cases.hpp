#pragma once
// Rule test cases: records with the part of the result they must produce, and the rule
// coverage a set of cases reaches (rules that never fired, conditions never true or never
// false). Format: a case file holds one case mapping or a list of them:
//   - id: my-case
//     name: optional words
//     answers: {...}            # or record: {carepath: 1, ...}, or record_file: path
//     expect: {primary_level: some_level, flags_include: [x], scores: {some_score: value}}
#include <string>
#include <vector>

#include "render/outcome_fields.hpp"

namespace carepath {

struct Expectation {
  enum class Kind { exact, include, exclude };
  std::string field;  // an outcome field name ("flags", "scores.severity", ...)
  Kind kind = Kind::exact;
  std::vector<std::string> values;
  Pos pos;
};

struct TestCase {
  std::string id, name;
  Pos pos;
  RawRecord record;
  std::vector<Expectation> expect;
};

// Every YAML file named by `paths`, directories searched recursively, in a stable order.
std::vector<std::string> case_files(const std::vector<std::string>& paths);

// Loads one case file; problems (unknown keys, unknown ids in expectations) go to `diags`.
std::vector<TestCase> load_cases(const std::string& file, const Engine& engine, Diagnostics& diags);

// What is wrong with an outcome for this case, one readable line each; empty when it passes.
std::vector<std::string> case_failures(const Engine& engine, const TestCase& c, const Outcome& o);

// Which rules fired and which sub-conditions came out true and false, over many records.
class Coverage : public EvalObserver {
 public:
  explicit Coverage(const Engine& engine);
  void group_reached(int group, const EvalEnv& env) override;
  void rule_reached(int rule, const EvalEnv& env) override;
  void add_result(const Result& r);

  struct Gap {
    int rule;          // -1 for a group condition
    int group;         // the group, for group conditions
    std::string text;  // the condition
    bool never_true, never_false;
  };
  int rules_total() const { return static_cast<int>(fired_.size()); }
  int rules_fired() const;
  std::vector<int> never_fired() const;
  std::vector<int> never_reached() const;
  std::vector<Gap> condition_gaps() const;  // for reached rules and groups only
  int outcomes_total() const;               // conditions x {true, false}
  int outcomes_seen() const;

 private:
  struct Seen {
    std::vector<char> t, f;  // by expression node
  };
  void observe(const Expr& e, const EvalEnv& env, Seen& s);
  const Engine& engine_;
  std::vector<int> fired_, reached_;
  std::vector<Seen> rule_seen_, group_seen_;
  std::vector<char> group_reached_;
};

// The nodes of a condition that count for coverage: every sub-condition except literals.
std::vector<int> coverage_nodes(const Expr& e);

}  // namespace carepath
