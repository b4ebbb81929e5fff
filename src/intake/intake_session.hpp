#pragma once
// The state of one interactive intake, apart from any terminal: the answers so far, which
// optional items were skipped, which items apply, where to go next, and the record it saves.
// Items, codes and conditions all come from the loaded questionnaire.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "content/content.hpp"
#include "record/record.hpp"

namespace carepath {

class IntakeSession {
 public:
  explicit IntakeSession(const Content& content);

  const Questionnaire& questionnaire() const { return q_; }
  const Item& item(int i) const { return q_.items[static_cast<std::size_t>(i)]; }
  std::optional<std::string> case_id;
  std::optional<Placement> placement;  // the counselor's decision, once made
  bool unfinished = true;              // until the review is finished
  // The language the intake runs in ("es"), saved as the record's `language`; empty: not said
  // (a record rewritten by 'decide' keeps what it had).
  std::string language;

  bool applies(int i) const;
  bool answered(int i) const { return answers_[static_cast<std::size_t>(i)].known(); }
  bool skipped(int i) const { return skipped_[static_cast<std::size_t>(i)] != 0; }
  // Still to be asked: applies, and neither answered nor (optional and) skipped.
  bool pending(int i) const;

  int first_pending() const;  // -1 when every applicable item is answered or skipped
  int next(int i) const;      // the next applicable item after i, -1 after the last
  int previous(int i) const;  // the applicable item before i, -1 before the first
  int applicable_count() const;
  int answered_count() const;
  int position(int i) const;  // 1-based among the applicable items

  // Whether typed choices may be numbered 1..n (not when a code itself is a number).
  bool numbered(int i) const;

  // Takes what was typed for item i (a code or its number, y/n, a list for multi items) and
  // checks it with the same parser as batch input. Returns "" when stored, else what was wrong.
  // Answers of items that stop applying are removed; their indices are added to `cleared`.
  std::string answer(int i, std::string_view typed, std::vector<int>& cleared);
  // Marks an optional item as asked but unknown; returns why not when the item is required.
  std::string skip(int i, std::vector<int>& cleared);
  // The current answer as one would type it ("" when unanswered).
  std::string answer_text(int i) const;

  // The typed record the engine evaluates.
  Record record() const;

  // The saved form: a valid intake record (spec section 1) with questionnaire_version and
  // questionnaire_digest; a skipped item is saved as `id: null` (asked, unknown); `unfinished:
  // true` until the review is finished; the `placement` block once decided.
  std::string to_yaml() const;

  // What batch input would refuse in the saved form, besides its being unfinished (for
  // example a case id that looks like an identifier); messages name `file`.
  std::vector<Diagnostic> check(const std::string& file) const;

  // Restores a saved record. Problems that make it unusable go to `errors` (nothing is loaded
  // then); answers of items that no longer apply are removed and listed in `cleared`.
  // `saved_digest` receives the record's questionnaire_digest ("" when absent); `language` the
  // record's language, when it has one.
  void load(const RawRecord& raw, std::vector<Diagnostic>& errors, std::vector<int>& cleared, std::string& saved_digest);

 private:
  const Content& content_;
  const Questionnaire& q_;
  std::vector<Value> answers_;
  std::vector<std::string> text_;
  std::vector<char> skipped_;

  std::vector<int> clear_inapplicable();
};

// One option people may pick: its code and its labels (in every language the content declares).
using ChoiceOption = std::pair<std::string, std::vector<std::string>>;

// What people type for one of `options`: its number when they are shown numbered, the code or a
// label in any case and with or without accents ("Weekly", "semanal", "dia"), or a prefix of
// exactly one code or label ("wee"). The option's index, or -1 (nothing, or more than one, matches).
int match_choice(const std::vector<ChoiceOption>& options, std::string_view typed, bool numbered);

// A typed yes or no: yes/y/no/n, or the words of the chosen language (si, sí, s); nullopt for
// anything else.
std::optional<bool> typed_yes_no(std::string_view typed);

// For comparing what people type: lower case, and the accents of Latin letters dropped.
std::string fold_text(std::string_view s);

// Where an intake is saved when no file is given: ./intake-YYYYMMDD-HHMMSS.yaml, with -2, -3...
// when that exists: a new file, never one overwritten.
std::string default_record_path();

// A scalar in YAML: plain when it cannot be misread (as a number, boolean or null), else quoted.
std::string yaml_scalar(std::string_view s);

}  // namespace carepath
