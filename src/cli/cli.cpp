#include "cli/cli.hpp"

#include <fmt/format.h>

#include <iostream>

#include "util/error.hpp"

namespace carepath {

void add_content_options(CLI::App& sub, ContentOptions& o) {
  sub.add_option("--questionnaire,-q", o.questionnaire, "Questionnaire YAML file (default: the embedded default)")
      ->type_name("FILE");
  sub.add_option("--rules,-r", o.rules, "Rule set YAML file (default: the embedded default)")->type_name("FILE");
}

int run_cli(int argc, char** argv) {
  CLI::App app{"carepath: addiction-treatment intake and care-pathway recommendation", "carepath"};
  app.set_version_flag("--version", std::string("carepath ") + CAREPATH_VERSION);
  app.require_subcommand(1);
  app.footer("Run 'carepath COMMAND --help' for a command's options; 'man carepath' for the manual.");
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
