#pragma once
// A questionnaire and a rule set loaded together: what every command works from.
#include <map>
#include <memory>
#include <string>

#include "content/questionnaire.hpp"
#include "content/rules.hpp"
#include "lang/value.hpp"

namespace carepath {

struct ContentPaths {
  std::string questionnaire;  // empty: the embedded default
  std::string rules;          // empty: the embedded default
  // The language texts are shown in ("es"); empty: each file's default language. Commands that
  // print for people pass current_language(); machine formats leave it empty, so that their
  // output never changes with the language.
  std::string language;
};

struct Content {
  Symbols symbols;
  Questionnaire questionnaire;
  RuleSet rules;
  std::string digest;  // sha256 of the rules text followed by the questionnaire text
  std::string questionnaire_digest;  // sha256 of the questionnaire text alone
  std::string language;  // the language texts were loaded in (a file's default when none asked)
  // Texts of either file that lack one of its declared languages, by language: not errors (the
  // default text stands in); `check` lists them.
  std::map<std::string, Diagnostics> untranslated;
};

// Loads both files, collecting every problem in `diags`; throws exit_no_input when a file
// cannot be read. The result is usable only when `diags` stays empty.
std::unique_ptr<Content> load_content(const ContentPaths& paths, Diagnostics& diags);

// Loads and throws exit_data listing every problem when there are any.
std::unique_ptr<Content> load_content_or_throw(const ContentPaths& paths);

}  // namespace carepath
