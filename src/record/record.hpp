#pragma once
// Intake records. Every input format (YAML, JSON Lines, CSV through a mapping) is first turned
// into a RawRecord of plain strings with positions; one validator then checks it against the
// questionnaire (spec section 1) and produces a typed Record.
#include <functional>
#include <istream>
#include <optional>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "content/content.hpp"
#include "util/error.hpp"
#include "lang/value.hpp"

namespace carepath {

struct RawValue {
  enum class Shape { null, scalar, list, map };
  Shape shape = Shape::null;
  std::string scalar;
  std::vector<std::string> list;
  Pos pos;
};

struct RawField {
  std::string key;
  RawValue value;
  Pos pos;
};

struct RawRecord {
  std::string source;  // "file", or "file:line" for records inside a stream
  Pos pos;
  std::vector<RawField> header;   // carepath, questionnaire, case_id, ...
  std::vector<RawField> answers;
  bool answers_present = false;
  std::vector<RawField> placement;  // the fields of the counselor's decision, when given
  bool placement_present = false;
  std::vector<Diagnostic> errors;  // problems found while reading (shape errors)
};

// The counselor's decision (spec: placement): the level chosen, a coded reason for departing
// from the recommendation, and an optional short note.
struct Placement {
  int level = -1;   // index into the rule set's levels
  int reason = -1;  // index into the rule set's decision reasons; -1 when none is given
  std::string note;
  Pos pos;
};

struct Record {
  std::optional<std::string> case_id;
  std::optional<Placement> placement;
  bool unfinished = false;             // saved by `intake` before its review was finished
  std::vector<Value> answers;          // by item index; unknown when unanswered
  std::vector<std::string> text;       // text answers by item index
  std::vector<bool> from_constant;     // answers supplied by a mapping constant (batch)
  // Research scoring of a mapped table (`missing_required: unknown`): a required item left
  // unanswered is scored as unknown instead of rejecting the record. Only a mapping sets it.
  bool required_may_be_unknown = false;
  bool answered(int item) const { return answers[static_cast<std::size_t>(item)].known(); }
};

// Parses one answer given as text; returns "" on success or what was wrong.
std::string parse_answer(const Item& item, const RawValue& raw, Value& out, std::string& text_out);

// Checks a raw record and builds the typed record. All problems go to `errors`.
Record validate_record(const RawRecord& raw, const Content& content, std::vector<Diagnostic>& errors);
// The same into `into`, whose buffers are reused (batch scoring).
void validate_record(const RawRecord& raw, const Content& content, std::vector<Diagnostic>& errors, Record& into);
// The same without the applicability check (check_applicability), which batch scoring may
// take from an earlier record (outcome_memo.hpp).
void validate_answers(const RawRecord& raw, const Content& content, std::vector<Diagnostic>& errors, Record& into);

// Throws exit_data "SOURCE: the record is not valid (N problems)" with every problem, when there
// are any: what each command that takes one record says of a record it refuses.
void throw_if_invalid(const std::string& source, const std::vector<Diagnostic>& errors);

// The most characters a placement note may have.
constexpr std::size_t max_placement_note = 200;

// Checks which items apply given the answers: answers to items whose condition is false,
// required items that are missing, partial groups.
// table_misses, if given, counts the condition lookups no decision table answered (EvalEnv).
void check_applicability(const Content& content, const Record& record, const Pos& where, std::vector<Diagnostic>& errors,
                         std::uint64_t* table_misses = nullptr);

// True when every condition of `item` holds for these answers.
Truth item_applies(const Questionnaire& q, int item, const std::vector<Value>& answers, std::uint64_t* table_misses = nullptr);

// item_applies(...).value for items asked one after another: the items of a section or group
// share a condition set, whose conditions are evaluated once for a run of its items.
class AppliesInTurn {
 public:
  AppliesInTurn(const Questionnaire& q, const std::vector<Value>& answers, std::uint64_t* table_misses = nullptr)
      : q_(q), answers_(answers), table_misses_(table_misses) {}
  bool operator()(int item) {
    int set = q_.items[static_cast<std::size_t>(item)].condition_set;
    if (set < 0) return true;
    if (set != set_) set_ = set, applies_ = item_applies(q_, item, answers_, table_misses_).value;
    return applies_;
  }

 private:
  const Questionnaire& q_;
  const std::vector<Value>& answers_;
  std::uint64_t* table_misses_;
  int set_ = -1;
  bool applies_ = true;
};

// Reads a YAML stream of records ('---' separated) one document at a time, so that a large
// stream is never held in memory whole. `file` names the input in messages.
void read_yaml_records(std::istream& in, const std::string& file, const std::function<void(RawRecord&&)>& sink);

// Reads the one record of a file ('-': standard input) for the commands that take exactly one;
// a file holding none or several is refused (exit 65).
RawRecord read_single_record(const std::string& path);

// Turns one parsed YAML document into a raw record.
RawRecord raw_from_yaml(const YAML::Node& doc, const std::string& file, int line_offset, const std::string& source);

}  // namespace carepath
