#pragma once
// A rule set: the levels of care and their order, the setting dimension (e.g. how the first
// level is delivered), flags, medications, derived facts and ordered rules with effects.
// Loaded from YAML; see carepath-rules(5). All clinical vocabulary is data here.
#include <map>
#include <string>
#include <vector>

#include "util/error.hpp"
#include "lang/expr.hpp"
#include "content/questionnaire.hpp"

namespace carepath {

// Fields of the result that rules may read (`result.<name>`), in this order.
enum ResultField : int { rf_emergency = 0, rf_setting, rf_primary_level, rf_alternative, rf_count };

// A text with {expression} holes, e.g. "Scale total {scale.total} ({label(scale.band)})".
struct Template {
  struct Part {
    std::string text;  // literal text, or the expression's source
    Expr expr;         // valid for holes
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
  Template caveat;
  std::vector<int> flags;
  std::vector<int> medications;
  std::vector<Template> notes;
};

struct Rule {
  std::string id, principle, source;
  Expr when;
  Template because;
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

struct RuleSet {
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
  std::string pathway_id = "pathway", pathway_principle, pathway_source;
  Template pathway_because;
  DecisionDef decision;

  int find_level(std::string_view id) const;
  int find_flag(std::string_view id) const;
  int find_medication(std::string_view id) const;
  int find_rule(std::string_view id) const;
};

// Loads and checks a rule set against its questionnaire; problems are added to `diags`.
RuleSet load_rules(std::string_view text, const std::string& file, const Questionnaire& q, Symbols& symbols, Diagnostics& diags);

}  // namespace carepath
