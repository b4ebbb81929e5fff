#pragma once
// The command line: one options struct, setup and run function per subcommand.
#include <CLI/CLI.hpp>
#include <functional>
#include <string>

#include "content/content.hpp"
#include "util/i18n.hpp"

namespace carepath {

struct ContentOptions {
  std::string questionnaire;
  std::string rules;
  // Texts for people come in the chosen language; machine formats (JSON, CSV, FHIR) load each
  // file's default language, so that they never change with the language.
  ContentPaths paths(bool for_people = true) const { return {questionnaire, rules, for_people ? current_language() : ""}; }
};

void add_content_options(CLI::App& sub, ContentOptions& o);
// --lang LANG on a command that prints for people. The value was already taken by run_cli's
// pre-scan (so that the help is translated too); the option only checks it and documents it.
CLI::Option* add_lang_option(CLI::App& sub);
// Whether a language has a catalogue (CAREPATH_LANGUAGES: "en es").
bool known_language(std::string_view lang);
// --input-format, --map and --jobs: how a batch command (score, diff) reads its records.
void add_batch_input_options(CLI::App& sub, std::string& input_format, std::string& map, int& jobs);

// What the chosen subcommand will do once the command line has been parsed.
using Action = std::function<int()>;

// Each subcommand adds itself to the app; when it is chosen it sets `action`.
void setup_report(CLI::App& app, Action& action);
void setup_check(CLI::App& app, Action& action);
void setup_intake(CLI::App& app, Action& action);
void setup_decide(CLI::App& app, Action& action);
void setup_score(CLI::App& app, Action& action);
void setup_explain(CLI::App& app, Action& action);
void setup_whatif(CLI::App& app, Action& action);
void setup_pathway(CLI::App& app, Action& action);
void setup_test(CLI::App& app, Action& action);
void setup_quiz(CLI::App& app, Action& action);
void setup_diff(CLI::App& app, Action& action);
void setup_export(CLI::App& app, Action& action);

// Parses the command line and runs a subcommand; returns the exit status. Throws Error.
int run_cli(int argc, char** argv);

}  // namespace carepath
