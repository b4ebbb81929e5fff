#pragma once
// A rule set: the levels of care and their order, the setting dimension (e.g. how the first
// level is delivered), flags, medications, derived facts and ordered rules with effects.
// Loaded from YAML; see carepath-rules(5). All clinical vocabulary is data here.
#include <initializer_list>
#include <map>
#include <string>
#include <vector>

#include "content/questionnaire.hpp"
#include "lang/expr.hpp"
#include "util/error.hpp"

namespace carepath {

// Fields of the result that rules may read (`result.<name>`), in this order.
enum ResultField : int { rf_emergency = 0, rf_setting, rf_primary_level, rf_alternative, rf_count };

// A text with {expression} holes, e.g. "Scale total {scale.total} ({label(scale.band)})".
struct Template {
  struct Part {
    std::string text;      // literal text, or the expression's source
    Expr expr;             // valid for holes
    bool reasons = false;  // the {reasons} hole: the texts of the rule's reasons that held
  };
  std::vector<Part> parts;
  bool empty() const { return parts.empty(); }
};

struct Level {
  enum class Placement { before, step, after };
  std::string id, label, description, typical, asam;
  Placement placement = Placement::step;
  Sym sym = no_sym;
  Pos pos;
};

struct SettingValue {
  std::string id, label, description, asam;
  Sym sym = no_sym;
};

struct SettingDef {
  std::string field = "setting";  // the result field's name
  std::string alternative_field = "alternative_setting";  // the field of a rule's alternative_setting
  std::string label = "Setting";
  std::string none = "none";      // the value when no rule sets one
  Sym none_sym = no_sym;
  std::vector<SettingValue> values;
};

struct Named {
  std::string id, label, note;
  Pos pos;
};

struct Fact {
  std::string id, label;
  Expr expr;
  Pos pos;
};

struct Effects {
  bool emergency = false;
  int setting = -1;
  int level = -1;
  std::vector<int> include;
  int alternative = -1;
  int alternative_setting = -1;  // a setting value, offered when the chosen one is not feasible
  Template caveat;               // of the alternative or the alternative setting
  std::vector<int> flags;
  std::vector<int> medications;
  std::vector<Template> notes;
};

// One reason a rule may fire for: a sub-condition and the words that say it held. The rule's
// rationale shows, at its {reasons} hole, the texts of the reasons whose condition is true.
struct Reason {
  Expr when;
  Template text;
  std::vector<int> items;  // every item `when` depends on
  Pos pos;
};

struct Rule {
  std::string id, principle, source;
  Expr when;
  Template because;
  std::vector<Reason> reasons;  // at most max_reasons: a rationale marks those that hold in a word
  static constexpr std::size_t max_reasons = 64;
  Effects then;
  int group = -1;
  std::vector<int> items;  // every item the condition depends on, through facts and scores
  Pos pos;
};

struct RuleGroup {
  std::string id, label;
  bool first_match = true;
  Expr when;  // optional
  std::vector<int> rules;
  Pos pos;
};

struct ResultScore {
  std::string field;
  Expr value;
  bool csv = false;
};

// A named result rated on a scale by ordered lines: the value of the first line whose
// condition holds, unknown when none holds. A line before it that rested on unanswered items
// and has a higher value means the rating is "at least" its value.
struct RatingLine {
  long long value = 0;
  Expr when;
  Template because;        // the answers that set the rating
  std::vector<int> items;  // every item `when` depends on
  Pos pos;
};

struct Rating {
  std::string id, label, csv;  // csv: the column name in CSV output, empty for none
  std::vector<RatingLine> lines;
  Pos pos;

  // The line that sets the rating (-1: none holds), and whether the rating is open: a higher
  // line was passed over for want of answers.
  struct Outcome {
    int line = -1;
    bool open = false;
  };
  // The lines in order, the first that holds (each through its table, if any).
  Outcome rate(const EvalEnv& e) const;
  // rate()'s outcome by the classes of every line's inputs (compile_tables()), or null: a
  // record then looks its rating up once instead of once a line. Its values are as_value()'s.
  std::shared_ptr<const ExprTable> table;
  static Value as_value(Outcome o) { return Value::of_int((o.line + 1) * 2 + o.open); }
  static Outcome of_value(const Value& v) { return {static_cast<int>(v.i / 2) - 1, (v.i & 1) != 0}; }
};

struct RatingSet {
  std::string field = "ratings";  // the result field holding them (an object by rating id)
  std::string label, principle, source;
  std::vector<std::string> scale;  // words for the values 0, 1, 2, ...
  std::vector<Rating> list;
  const std::string& word(long long v) const;  // the scale's word for v, or "" when none
};

// What the report lists when the counselor decided a lower level than recommended (brief:
// bridging the gap), shown when its condition holds (always when it has none).
struct Bridge {
  Template text;
  Expr when;
  bool conditional = false;
};

// The counselor's decision (the record's `placement`): the coded reasons for departing from
// the recommendation and the bridging texts.
struct DecisionDef {
  std::vector<Named> reasons;
  std::string bridging_title;
  std::vector<Bridge> bridging;
  int find_reason(std::string_view id) const;
};

// The engine's own words in rationales (`wording:`), so that what it writes depends only on the
// content it was given; English when a rule set gives none.
struct Wording {
  std::string last_separator;  // before the last of several reasons; default ", <conjunction> "
  std::string unanswered = "Not answered: {questions}; an answer could change this.";
  std::string unanswered_earlier = "Not answered: {questions}; with an answer, {instead} might have applied instead.";
  std::string earlier_rule = "an earlier rule";  // what a rule without a level or setting did
  std::string or_ = "or";                        // joins what might have applied instead
};

// `text` with every "{name}" replaced by its value (the holes of a Wording text).
std::string fill_wording(std::string_view text, std::initializer_list<std::pair<std::string_view, std::string_view>> holes);

struct RuleSet {
  std::vector<std::string> languages;  // declared by the file, its default first
  std::string language;                // the one its texts were loaded in
  std::string id, version, title, questionnaire, disclaimer, file;
  std::string emergency_title, emergency_text;
  std::map<std::string, std::string> principles;  // id -> title
  std::map<std::string, std::string> sources;     // id -> citation
  std::vector<Level> levels;
  SettingDef setting;
  std::vector<Named> flags;
  std::vector<Named> medications;
  std::vector<Fact> facts;
  std::vector<Rule> rules;
  std::vector<RuleGroup> groups;
  std::vector<ResultScore> result_scores;
  RatingSet ratings;
  std::string conjunction = "and";  // joins the last two reasons of a rationale
  Wording wording;
  std::string pathway_id = "pathway", pathway_principle, pathway_source;
  Template pathway_because;
  DecisionDef decision;

  int find_level(std::string_view id) const;
  int find_flag(std::string_view id) const;
  int find_medication(std::string_view id) const;
  int find_rule(std::string_view id) const;
};

// Loads and checks a rule set against its questionnaire; problems are added to `diags`.
RuleSet load_rules(std::string_view text, const std::string& file, const Questionnaire& q, Symbols& symbols, Diagnostics& diags,
                   const TextLanguage& language = {});

}  // namespace carepath
