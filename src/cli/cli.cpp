#include "cli/cli.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <iostream>

#include "util/error.hpp"
#include "util/i18n.hpp"
#include "util/text.hpp"

namespace carepath {

void add_content_options(CLI::App& sub, ContentOptions& o) {
  sub.add_option("--questionnaire,-q", o.questionnaire, "Questionnaire YAML file (default: the embedded default)")
      ->type_name("FILE");
  sub.add_option("--rules,-r", o.rules, "Rule set YAML file (default: the embedded default)")->type_name("FILE");
}

void add_batch_input_options(CLI::App& sub, std::string& input_format, std::string& map, int& jobs) {
  sub.add_option("--input-format", input_format,
                 "Input format when the file name does not tell (default for '-': yaml, or csv with --map)")
      ->check(CLI::IsMember({"yaml", "jsonl", "csv"}))
      ->type_name("yaml|jsonl|csv");
  sub.add_option("--map,-m", map, "Mapping file that turns a foreign table's columns and codes into items (CSV input)")
      ->type_name("FILE");
  sub.add_option("--jobs,-j", jobs, "Worker threads (default: the number of cores)")->type_name("N")->check(CLI::Range(1, 256));
}

int run_cli(int argc, char** argv) {
  init_language(scan_language_flag(argc, argv));
  CLI::App app{"carepath: addiction-treatment intake and care-pathway recommendation", "carepath"};
  app.set_version_flag("--version", std::string("carepath ") + CAREPATH_VERSION);
  app.require_subcommand(1);
  app.footer(_("Run 'carepath help COMMAND' (or 'carepath COMMAND --help') for a command's options; "
                "'man carepath' for the manual."));
  Action action;
  setup_report(app, action);
  setup_check(app, action);
  setup_intake(app, action);
  setup_decide(app, action);
  setup_score(app, action);
  setup_explain(app, action);
  setup_whatif(app, action);
  setup_pathway(app, action);
  setup_test(app, action);
  setup_quiz(app, action);
  setup_diff(app, action);
  setup_export(app, action);
  // The first word must be a command: a mistyped one gets a did-you-mean rather than CLI11's
  // "A subcommand is required", and `help [COMMAND]` prints what --help prints.
  std::vector<char*> help_args;  // `help COMMAND` parses as `COMMAND --help`, so both print the same
  if (argc >= 2 && argv[1][0] != '-') {
    std::vector<std::string> names;
    for (const auto* sub : app.get_subcommands({})) names.push_back(sub->get_name());
    std::string word = argv[1];
    auto unknown = [&](const std::string& w) {
      return Error(exit_usage, fmt::format("'{}' is not a carepath command{}; commands: {} (run 'carepath help')", w,
                                           did_you_mean(w, names), join(names, ", ")));
    };
    if (word == "help") {
      if (argc > 3) throw Error(exit_usage, "help takes at most one command: carepath help [COMMAND]");
      if (argc == 2) {
        std::cout << app.help();
        return exit_ok;
      }
      word = argv[2];
      if (std::find(names.begin(), names.end(), word) == names.end()) throw unknown(word);
      static char flag[] = "--help";
      help_args = {argv[0], argv[2], flag};
      argc = 3;
      argv = help_args.data();
    }
    if (std::find(names.begin(), names.end(), word) == names.end()) throw unknown(word);
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    throw Error(exit_usage, fmt::format("{} (run 'carepath --help')", e.what()));
  }
  return action ? action() : exit_usage;
}

}  // namespace carepath
