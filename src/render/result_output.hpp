#pragma once
// The result contract (spec section 3) as JSON and as CSV rows.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/engine.hpp"
#include "util/staged_output.hpp"

namespace carepath {

// One scored (or rejected) record, ready to be written in any format.
struct Outcome {
  std::string source;
  std::optional<std::string> case_id;
  std::vector<Diagnostic> errors;  // status is "error" when not empty
  Record record;
  Result result;
  bool ok() const { return errors.empty(); }
};

// Validates and scores one raw record.
Outcome score_record(const Engine& engine, const RawRecord& raw);
void score_record(const Engine& engine, const RawRecord& raw, Outcome& into);  // reusing its buffers

// What is wrong with a record's placement given its result (a reason missing for a departure
// from the recommended primary level, or given where it follows it), or nullopt.
std::optional<Diagnostic> placement_problem(const Engine& engine, const Record& record, const Result& result);
// Whether a placement follows the recommended primary level.
bool follows_recommendation(const Placement& p, const Result& result);

// Error messages of an outcome as "file:line:col: message".
std::vector<std::string> error_lines(const Outcome& o);

// What every compact JSON result of a rule set writes alike for a fired rule: its rationale
// object up to the text, `{"rule":…,"principle":…,"source":…,"text":`, and its notes' objects
// up to theirs, encoded once for a batch rather than for each of its records.
class ResultJsonParts {
 public:
  explicit ResultJsonParts(const Engine& engine);
  std::string_view rationale(int rule) const { return rationale_[static_cast<std::size_t>(rule)]; }
  std::string_view note(int rule) const { return note_[static_cast<std::size_t>(rule)]; }

 private:
  std::vector<std::string> rationale_, note_;
};

std::string result_json(const Engine& engine, const Outcome& o, bool pretty);
// `parts`, for compact output only: the same bytes, the fixed parts copied (a unit test holds
// the two ways together).
void append_result_json(std::string& out, const Engine& engine, const Outcome& o, bool pretty,
                        const ResultJsonParts* parts = nullptr);

std::string csv_header(const Engine& engine);
std::string result_csv(const Engine& engine, const Outcome& o);
// What the batch outputs (CSV, table, summary) show of a result, as bytes: two results with
// the same key are written alike.
void append_decision_key(std::string& key, const Engine& engine, const Result& r);
// The columns of an accepted record's CSV row that its result decides, each with the comma
// before it: emergency to the scores, the empty error cell, the alternative setting and the
// ratings with a CSV column.
void append_result_columns(std::string& out, const Engine& engine, const Result& r, std::string& buf);

// The messages of errors that all stand at one place, as a remembered outcome's do (see
// OutcomeMemo), each with its quotes doubled for CSV, and whether their cell must be quoted:
// a third of the rows of some tables are errors, and their cell is most of what is written.
struct CsvMessages {
  std::vector<std::string> escaped;
  bool quoted = false;
};
CsvMessages csv_messages(const std::vector<std::string>& messages);

void append_result_csv(std::string& out, const Engine& engine, const Outcome& o);
// With the result held elsewhere (`r` stands for o.result) and its result columns, if already
// written, or the errors' messages, if already escaped (see OutcomeMemo).
void append_result_csv(std::string& out, const Engine& engine, const Outcome& o, const Result& r, const std::string* columns,
                       const CsvMessages* messages = nullptr);

// Whether a CSV field must be quoted: it holds a comma, a quote or a line end.
bool csv_needs_quotes(std::string_view v);

// What append_result_csv() writes after the source of an accepted record with no placement,
// not unfinished, whose result columns are written already: the part of a batch row the
// outcome memo knows that is the same for every row given the same outcome (a TEDS-A year has
// a million and a half such rows and a few thousand outcomes). tests/cli/score_memo.sh holds
// rows written from it to rows written by append_result_csv() byte for byte.
void append_known_csv_columns(StagedOutput& out, const Engine& engine, const std::string& columns);

// Level, setting, flag and medication ids of a result, as the contract spells them.
std::vector<std::string> pathway_ids(const Engine& engine, const Result& r);
std::vector<std::string> flag_ids(const Engine& engine, const Result& r);
std::vector<std::string> medication_ids(const Engine& engine, const Result& r);

}  // namespace carepath
