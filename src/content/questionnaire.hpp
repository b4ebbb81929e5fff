#pragma once
// A questionnaire: sections of items (some inside groups), conditions that decide which items
// apply, and named scores with bands. Loaded from YAML; see carepath-questionnaire(5).
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "lang/expr.hpp"
#include "lang/value.hpp"
#include "util/error.hpp"

namespace carepath {

enum class ItemType { choice, multi, boolean, integer, points, text };
std::string_view item_type_name(ItemType t);

struct Code {
  std::string code;  // for points: the number as text
  std::string label;  // in the language the content was loaded in
  // The label in every language the file declares (the default one first): an answer typed in
  // any of them is accepted.
  std::vector<std::string> labels;
  Sym sym = no_sym;
  long long number = 0;  // points only
};

struct Condition {
  Expr expr;
  Pos pos;
};

struct Item {
  std::string id;
  ItemType type = ItemType::choice;
  std::string label;
  std::string help;
  bool required = false;
  std::vector<Code> codes;  // choice, multi; points (with numbers)
  long long min = 0, max = 0;  // integer
  std::optional<std::string> default_answer;
  std::vector<Condition> conditions;  // section's, group's and item's own, all must hold
  int condition_set = -1;             // shared by items with the same conditions; -1: none
  int section = -1;
  int group = -1;
  Pos pos;

  int code_index(Sym s) const;  // -1 when not a code of this item
  // "one of: a, b, c", "a whole number from 0 to 99", ...: made once by describe(), because
  // batch messages about missing or refused answers quote it for many records.
  const std::string& allowed() const { return allowed_; }
  const std::string& missing_message() const { return missing_; }  // for a record that lacks it
  void describe();
  const std::string& code_label(Sym s) const;

 private:
  std::string allowed_, missing_;
};

struct Section {
  std::string id;
  std::string title;
  std::string help;
  std::vector<int> items;
};

struct Group {
  std::string id;
  std::string label;
  std::string help;
  bool complete = false;  // all items or none
  std::vector<int> items;
  Pos pos;
};

struct Band {
  std::string id;
  std::string label;
  long long min = 0, max = 0;
  Sym sym = no_sym;
};

struct Score {
  enum class Kind { sum, count } kind = Kind::sum;
  std::string id;
  std::string label;
  std::vector<int> items;  // sum: items added; count: the one multi item
  std::vector<Band> bands;
  Pos pos;
  const Band* band_of(long long total) const;
};

struct Questionnaire {
  std::vector<std::string> languages;  // declared by the file, its default first
  std::string language;                // the one its texts were loaded in
  std::string id;
  std::string version;
  std::string url;  // optional canonical URL (FHIR export); see fhir_questionnaire_url()
  std::string title;
  std::string intro;
  std::string file;  // where it was loaded from
  std::vector<Section> sections;
  std::vector<Item> items;
  std::vector<Group> groups;
  std::vector<Score> scores;
  StringMap<int> item_index;

  int find_item(std::string_view id) const;
  int find_score(std::string_view id) const;
  std::vector<std::string> item_ids() const;
};

// Items, and optionally scores, by name: the scope of questionnaire conditions and the base of
// the rules' scope.
class ItemScope : public Scope {
 public:
  ItemScope(const Questionnaire& q, Symbols& symbols, bool with_scores) : q_(q), symbols_(symbols), with_scores_(with_scores) {}
  std::optional<Binding> lookup(std::string_view name) const override;
  std::vector<std::string> names() const override;
  int code_bit(int item, Sym code) const override;
  std::vector<std::string> item_codes(int item) const override;
  Symbols& symbols() const override { return symbols_; }
  TypeInfo item_type(int item) const;

 protected:
  const Questionnaire& q_;
  Symbols& symbols_;
  bool with_scores_;
};

// Which language a content file's texts are loaded in, and where texts without a translation
// go (by language; not errors). See carepath-questionnaire(5), LANGUAGES.
struct TextLanguage {
  std::string wanted;  // empty, or a language the file does not declare: the file's default
  std::map<std::string, Diagnostics>* missing = nullptr;
};

// Loads and checks a questionnaire; every problem is added to `diags`.
Questionnaire load_questionnaire(std::string_view text, const std::string& file, Symbols& symbols, Diagnostics& diags,
                                 const TextLanguage& language = {});

}  // namespace carepath
