// Content in several languages: text maps, the fallback to the file's default language, and
// what is reported (errors for malformed texts, missing translations apart).
#include <doctest/doctest.h>

#include "content/questionnaire.hpp"
#include "content/rules.hpp"
#include "helpers.hpp"

using namespace carepath;
using namespace carepath::testing;

namespace {
struct Loaded {
  Questionnaire q;
  std::vector<std::string> errors;
  std::map<std::string, Diagnostics> missing;
};

Loaded load(const std::string& yaml, const std::string& language) {
  Loaded l;
  Symbols symbols;
  Diagnostics diags;
  l.q = load_questionnaire(yaml, "q.yaml", symbols, diags, {language, &l.missing});
  diags.sort_by_position();
  for (const auto& d : diags.items()) l.errors.push_back(d.str());
  return l;
}

const std::string two =
    "carepath_questionnaire: 1\nlanguages: [en, es]\nid: t\nversion: '1'\n"
    "title: {en: Intake, es: Admisión}\nsections:\n  - id: s\n    items:\n";
const std::string route =
    "      - id: route\n        type: choice\n        label:\n          en: How do you use it?\n"
    "          es: ¿Cómo lo consume?\n        help: Pick one\n        codes:\n          oral: {en: By mouth, es: Por vía oral}\n"
    "          nasal: {en: Snorted}\n";
}  // namespace

TEST_CASE("a text map gives the wanted language, and the default one where it has no translation") {
  auto es = load(two + route, "es");
  REQUIRE(es.errors.empty());
  CHECK(es.q.languages == std::vector<std::string>{"en", "es"});
  CHECK(es.q.language == "es");
  CHECK(es.q.title == "Admisión");
  const Item& it = es.q.items[0];
  CHECK(it.label == "¿Cómo lo consume?");
  CHECK(it.help == "Pick one");           // a plain string: the default language's text
  CHECK(it.codes[1].label == "Snorted");  // no 'es' label: the English one
  CHECK(it.codes[0].label == "Por vía oral");
  CHECK(it.codes[0].labels == std::vector<std::string>{"By mouth", "Por vía oral"});
  CHECK(it.codes[1].labels == std::vector<std::string>{"Snorted", "Snorted"});

  auto en = load(two + route, "");
  CHECK(en.q.language == "en");
  CHECK(en.q.items[0].label == "How do you use it?");
  // A language the file does not declare: its default, silently.
  auto fr = load(two + route, "fr");
  CHECK(fr.errors.empty());
  CHECK(fr.q.language == "en");
  CHECK(fr.q.items[0].codes[0].label == "By mouth");
}

TEST_CASE("texts without a translation are listed by language with their position, not as errors") {
  auto l = load(two + route, "");
  REQUIRE(l.errors.empty());
  REQUIRE(l.missing.count("es"));
  std::vector<std::string> m;
  for (const auto& d : l.missing["es"].items()) m.push_back(d.str());
  REQUIRE(m.size() == 2);
  CHECK(m[0] == "q.yaml:14:15: no 'es' text for the help of item 'route'");
  CHECK(m[1] == "q.yaml:17:18: no 'es' text for the label of code 'nasal' of item 'route'");
}

TEST_CASE("a file without languages is English alone and has nothing to translate") {
  auto l = load(
      "carepath_questionnaire: 1\nid: t\nversion: '1'\nsections:\n  - id: s\n    items:\n"
      "      - id: a\n        type: boolean\n        label: A\n",
      "es");
  CHECK(l.errors.empty());
  CHECK(l.q.languages == std::vector<std::string>{"en"});
  CHECK(l.q.language == "en");
  CHECK(l.missing.empty());
}

TEST_CASE("a text map with an undeclared language or without the default text is an error") {
  auto l = load(two + "      - id: a\n        type: boolean\n        label: {en: A, se: B}\n", "");
  REQUIRE(l.errors.size() == 1);
  CHECK(l.errors[0].rfind("q.yaml:11:24: the label of item 'a': 'se' is not a language of this file (did you mean 'es'?)", 0) ==
        0);
  l = load(two + "      - id: a\n        type: boolean\n        label: {es: B}\n", "");
  REQUIRE(l.errors.size() == 1);
  CHECK(l.errors[0] == "q.yaml:11:16: the label of item 'a': the text in 'en', the file's default language, is missing");
  l = load("carepath_questionnaire: 1\nlanguages: [en, 'e s']\nid: t\nversion: '1'\nsections: []\n", "");
  REQUIRE(l.errors.size() == 1);
  CHECK(l.errors[0].find("'e s' is not a language code") != std::string::npos);
}

TEST_CASE("rule templates are compiled in every language and must keep the default text's holes") {
  const Questionnaire& q = default_content().questionnaire;
  auto rules = [&](const std::string& because, const std::string& language, std::vector<std::string>& errors) {
    Symbols symbols = default_content().symbols;
    Diagnostics diags;
    std::map<std::string, Diagnostics> missing;
    RuleSet rs = load_rules(
        "carepath_rules: 1\nlanguages: [en, es]\nid: r\nversion: '1'\nquestionnaire: opioid-intake\n"
        "levels: [{id: a, label: {en: A, es: Á}}]\n"
        "wording: {unanswered: {en: 'Not answered: {questions}.', es: 'Sin respuesta: {questions}.'}}\n"
        "rules:\n  - id: r1\n    when: pregnant == yes\n    then: {level: a}\n    because: " +
            because + "\n",
        "r.yaml", q, symbols, diags, {language, &missing});
    for (const auto& d : diags.items()) errors.push_back(d.str());
    return rs;
  };
  std::vector<std::string> errors;
  RuleSet es = rules("{en: 'Pregnant: {pregnant}.', es: 'Embarazo: {pregnant}.'}", "es", errors);
  CHECK(errors.empty());
  CHECK(es.levels[0].label == "Á");
  CHECK(es.wording.unanswered == "Sin respuesta: {questions}.");
  CHECK(es.wording.earlier_rule == "an earlier rule");  // not given: the built-in English
  REQUIRE(es.rules.size() == 1);
  REQUIRE(es.rules[0].because.parts.size() == 3);
  CHECK(es.rules[0].because.parts[0].text == "Embarazo: ");
  // No Spanish rationale: the English one, in Spanish output.
  es = rules("{en: 'Pregnant: {pregnant}.'}", "es", errors);
  CHECK(errors.empty());
  REQUIRE(es.rules.size() == 1);
  REQUIRE_FALSE(es.rules[0].because.empty());
  CHECK(es.rules[0].because.parts[0].text == "Pregnant: ");
  rules("{en: 'Pregnant: {pregnant}.', es: 'Embarazo: {pregant}.'}", "", errors);
  REQUIRE(errors.size() == 2);  // the misspelt name in the Spanish text, found when loading English
  CHECK(errors[0].find("r.yaml:12:60: text: unknown name 'pregant'") == 0);
  CHECK(errors[1].find("the 'es' text must have the same {...} holes as the 'en' text") != std::string::npos);
}

TEST_CASE("fill_wording replaces each named hole") {
  CHECK(fill_wording("Not answered: {questions}; {instead} or {questions}", {{"questions", "a"}, {"instead", "b"}}) ==
        "Not answered: a; b or a");
}
