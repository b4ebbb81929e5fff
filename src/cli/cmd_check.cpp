// carepath check: load and lint a questionnaire and rule set, reporting every problem.
#include <fmt/format.h>

#include <algorithm>
#include <iostream>

#include "cli/cli.hpp"
#include "content/lint.hpp"
#include "util/i18n.hpp"
#include "util/text.hpp"
#include "util/yaml_doc.hpp"

namespace carepath {

namespace {

struct CheckOptions {
  ContentOptions content;
  bool quiet = false;
  std::string language;  // --lang: every text must be in it
};

// A text without a translation is an error in the content shipped inside carepath (it must be
// complete) and in the language asked for with --lang; elsewhere a warning: the default text
// stands in for it.
void sort_untranslated(const Content& c, const std::string& asked, Diagnostics& errors, Diagnostics& warnings) {
  for (const auto& [language, missing] : c.untranslated)
    for (const auto& d : missing.items()) {
      bool error = language == asked || d.pos.file.starts_with(YamlContext::embedded_prefix);
      (error ? errors : warnings).add(d.pos, d.message);
    }
  if (asked.empty()) return;
  auto declares = [&](const std::vector<std::string>& languages, const std::string& file, const char* what) {
    if (!languages.empty() && std::find(languages.begin(), languages.end(), asked) == languages.end())
      errors.add({file}, trf(what, asked, join(languages, ", ")));
  };
  declares(c.questionnaire.languages, c.questionnaire.file, N_("the questionnaire has no '{}' texts (its languages: {})"));
  declares(c.rules.languages, c.rules.file, N_("the rules have no '{}' texts (their languages: {})"));
}

int run_check(const CheckOptions& o) {
  Diagnostics diags, warnings;
  ContentPaths paths = o.content.paths();
  paths.language = o.language;
  auto content = load_content(paths, diags);
  // Lints skip whatever failed to load, so all problems are listed in one run.
  lint_content(*content, diags);
  sort_untranslated(*content, o.language, diags, warnings);
  diags.sort_by_position();
  warnings.sort_by_position();
  for (const auto& d : diags.items()) std::cout << d.str() << "\n";
  for (const auto& d : warnings.items()) std::cout << d.pos.str() << ": " << _("warning") << ": " << d.message << "\n";
  const auto& q = content->questionnaire;
  const auto& r = content->rules;
  if (!diags.empty()) {
    std::cout.flush();
    fmt::print(
        stderr, "{}\n",
        fmt::format(fmt::runtime(trn("carepath: {} problem found", "carepath: {} problems found", diags.size())), diags.size()));
    return exit_data;
  }
  if (!warnings.empty() && !o.quiet) {
    std::cout.flush();
    fmt::print(stderr, "{}\n",
               fmt::format(fmt::runtime(trn("carepath: {} text has no translation", "carepath: {} texts have no translation",
                                            warnings.size())),
                           warnings.size()));
  }
  if (!o.quiet)
    fmt::print("ok: questionnaire {} {} ({} items, {} scores) and rules {} {} ({} rules, {} facts, {} levels); digest {}\n", q.id,
               q.version, q.items.size(), q.scores.size(), r.id, r.version, r.rules.size(), r.facts.size(), r.levels.size(),
               content->digest);
  return exit_ok;
}

}  // namespace

void setup_check(CLI::App& app, Action& action) {
  auto o = std::make_shared<CheckOptions>();
  auto* sub = app.add_subcommand("check", "Check a questionnaire and rule set; list every problem as file:line:col");
  sub->add_flag("--quiet", o->quiet, "Print nothing when all is well");
  sub->add_option("--lang", o->language,
                  _("A language every text must have: a text without it is an error (otherwise a warning)"));
  add_content_options(*sub, o->content);
  sub->callback([o, &action] { action = [o] { return run_check(*o); }; });
}

}  // namespace carepath
