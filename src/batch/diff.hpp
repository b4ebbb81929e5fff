#pragma once
// carepath diff: the impact of a rule change on a batch. Every record is scored with the old
// rules by the batch runner and, in the same pass, with the new rules by a DiffObserver; the
// observer counts what changed (by contract field, transitions of the primary level and the
// setting, rules whose firing changed) and keeps a few example records per transition.
// diff_rules() says what changed in the rule files themselves.
#include <map>
#include <string>
#include <vector>

#include "batch/batch.hpp"

namespace carepath {

// Rules (and facts) added, removed and changed between two rule sets, by id.
struct RuleChange {
  std::string id;
  std::vector<std::string> what;  // "condition", "effects", "rationale", "group", "principle"
  std::string old_when, new_when;
};
struct RuleDiff {
  std::vector<std::string> added, removed;
  std::vector<RuleChange> changed;
  std::vector<std::string> facts_added, facts_removed, facts_changed;
  bool empty() const {
    return added.empty() && removed.empty() && changed.empty() && facts_added.empty() && facts_removed.empty() &&
           facts_changed.empty();
  }
};
RuleDiff diff_rules(const RuleSet& old_rules, const RuleSet& new_rules);

// The contract fields compared, in this order.
std::vector<std::string> diff_fields(const RuleSet& rules);

struct DiffCounts {
  std::size_t records = 0, rejected = 0, changed_records = 0;
  std::vector<std::size_t> changed;  // by diff_fields(), of the old rules
  // [old][new]; levels: index, the last one "none"; settings: 0 none, i + 1 values[i]
  std::vector<std::vector<std::size_t>> level_moves, setting_moves;
  std::vector<std::vector<std::vector<std::string>>> level_examples, setting_examples;
  // By rule: how often it fired under each rule set, and how often it started or stopped firing.
  struct RuleFiring {
    std::string id;
    std::size_t old_fired = 0, new_fired = 0, started = 0, stopped = 0;
  };
  std::vector<RuleFiring> rules;  // old rules in order, then the added ones
};

class DiffObserver : public BatchObserver {
 public:
  // `rows`, when set, receives one CSV row (diff_csv_header()) per changed record, in input order.
  DiffObserver(const Engine& old_engine, const Engine& new_engine, BatchRunner::Writer rows = nullptr);
  std::unique_ptr<Part> part() const override;
  void add(Part& part, const Outcome& o) const override;
  void merge(Part& part) override;
  const DiffCounts& counts() const { return counts_; }

 private:
  const Engine& old_;
  const Engine& new_;
  BatchRunner::Writer rows_;
  DiffCounts counts_;
  std::vector<int> level_map_, flag_map_, medication_map_, rule_map_;  // old index -> new index or -1
  std::vector<int> rating_map_;                                        // old rating -> new rating or -1
  std::vector<int> new_only_ratings_;                                  // new ratings the old rules lack
  std::vector<int> new_rule_slot_;                                     // new rule -> DiffCounts::rules index
  DiffCounts empty_counts() const;
  std::size_t setting_index(const Engine& e, Sym s) const;
};

std::string diff_csv_header(const Engine& engine);

// The report, for people ("text") or as JSON ("json"; its shape is in carepath(1), DIFF).
// The CSV format is the rows the observer writes.
std::string render_diff(const Engine& old_engine, const Engine& new_engine, const RuleDiff& rules, const DiffCounts& c,
                        const std::string& format);

}  // namespace carepath
