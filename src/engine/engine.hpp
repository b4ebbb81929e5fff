#pragma once
// The decision engine: scores -> derived facts -> rules in order -> pathway. It knows rules,
// levels and effects only as data from the Content; evaluation is deterministic.
#include <string>
#include <vector>

#include "content/content.hpp"
#include "record/record.hpp"

namespace carepath {

// A rule whose outcome rested on unanswered items: had they been answered, it might have gone
// the other way.
struct UnknownNote {
  int rule = -1;
  bool fired = false;
};

struct Result {
  bool emergency = false;
  Sym setting = no_sym;
  int setting_rule = -1;
  int primary_level = -1;
  int primary_rule = -1;
  int alternative = -1;
  int alternative_rule = -1;
  int alternative_setting = -1;       // a setting value index, or -1
  int alternative_setting_rule = -1;
  std::vector<int> pathway;           // level indices, in order
  std::vector<int> include_rule;      // by level: the rule that added a 'before' level, or -1
  std::vector<char> flags;            // by flag index
  std::vector<char> medications;      // by medication index
  std::vector<int> fired;             // rule indices, in evaluation order
  std::vector<UnknownNote> unknowns;
  // By group: how far the engine got with it.
  enum : char { group_unseen, group_inactive, group_active, group_done };
  std::vector<char> group_state;
  // Values the rules saw, kept for rationale templates and traces.
  std::vector<Value> facts, score_totals, score_bands, fields;
  std::vector<Value> result_scores;   // by RuleSet::result_scores
  std::vector<int> missing_required;  // required items that apply and were unanswered (research scoring only)
  // By RuleSet::ratings.list: the value of the first line that held (unknown when none did),
  // that line (-1), and whether an earlier line with a higher value rested on unknown answers.
  std::vector<Value> ratings;
  std::vector<int> rating_line;
  std::vector<char> rating_open;
};

// Sees each group and rule condition as the engine reaches it, with the values the rule saw
// (result fields change as rules run), so that traces and coverage need no second engine.
class EvalObserver {
 public:
  virtual ~EvalObserver() = default;
  virtual void group_reached(int group, const EvalEnv& env) = 0;
  virtual void rule_reached(int rule, const EvalEnv& env) = 0;
};

class Engine {
 public:
  explicit Engine(const Content& content) : c_(content) {}
  const Content& content() const { return c_; }

  Result evaluate(const Record& record, EvalObserver* observer = nullptr) const;
  // table_misses, if given, counts the lookups no decision table answered (see EvalEnv).
  void evaluate(const Record& record, Result& into, EvalObserver* observer = nullptr,
                std::uint64_t* table_misses = nullptr) const;

  // Where templates and traces read names from, for this record and result.
  EvalEnv env(const Record& record, const Result& result) const;

  // `reasons`: what the {reasons} hole shows, those whose condition holds, joined in words.
  std::string render(const Template& t, const Record& record, const Result& result,
                     const std::vector<Reason>* reasons = nullptr) const;
  // The same onto the end of `out`, as a continuation of what it holds (a label after a text
  // that ends mid-sentence is lowered): writers of many texts keep one buffer, cleared for each.
  void render(std::string& out, const Template& t, const Record& record, const Result& result,
              const std::vector<Reason>* reasons = nullptr) const;
  std::string format_value(const Value& v, const TypeInfo& type, bool labels) const;

  // A fired rule's rationale as its template says it, for readers who are told separately
  // what was unknown (the report).
  std::string rationale_text(int rule, const Record& record, const Result& result) const;
  // A fired rule's rationale: its template, then what was unknown and could have changed it.
  std::string rationale(int rule, const Record& record, const Result& result) const;
  // The same, given note_items(): writers of many rationales work those out once.
  std::string rationale(int rule, const Record& record, const Result& result,
                        const std::vector<std::vector<int>>& note_items) const;
  // The same onto the end of `out`, as render() does.
  void rationale(std::string& out, int rule, const Record& record, const Result& result,
                 const std::vector<std::vector<int>>& note_items) const;
  // unknown_items() of the rule of each of result.unknowns.
  std::vector<std::vector<int>> note_items(const Record& record, const Result& result) const;
  std::string pathway_rationale(const Record& record, const Result& result) const;
  bool pathway_explained(const Result& result) const;

  // The unanswered items a rule depended on.
  std::vector<int> unknown_items(int rule, const Record& record) const;
  // The unanswered items that could raise a rating (or give an unknown one a value): those of
  // the lines before the one that held, with a higher value, whose condition rested on them.
  std::vector<int> rating_unknowns(int rating, const Record& record, const Result& result) const;
  // Unanswered items in words: their questions, quoted, or a score's label for all its items.
  std::string unknown_questions(const std::vector<int>& items) const;

  // Every unanswered item that could have changed the result, with the rules it affects.
  std::vector<std::pair<int, std::vector<int>>> sensitive_unknowns(const Record& record, const Result& result) const;
  std::vector<std::pair<int, std::vector<int>>> sensitive_unknowns(const Result& result,
                                                                   const std::vector<std::vector<int>>& note_items) const;

 private:
  const Content& c_;
  void apply(const Effects& e, int rule, Result& r) const;
  void build_pathway(Result& r) const;
  void rate(Result& r, const EvalEnv& e) const;
  std::string effect_label(const Effects& fx) const;  // what a rule does, in its content's words
  std::vector<int> applicable_unknowns(const std::vector<int>& items, const Record& record) const;
};

}  // namespace carepath
