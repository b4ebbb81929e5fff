#include "cli/cli.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <iostream>

#include "util/error.hpp"
#include "util/i18n.hpp"
#include "util/text.hpp"

namespace carepath {

void add_content_options(CLI::App& sub, ContentOptions& o) {
  sub.add_option("--questionnaire,-q", o.questionnaire, _("Questionnaire YAML file (default: the embedded default)"))
      ->type_name(_("FILE"));
  sub.add_option("--rules,-r", o.rules, _("Rule set YAML file (default: the embedded default)"))->type_name(_("FILE"));
}

namespace {

// The languages with a catalogue, from the build ("en es").
std::vector<std::string> known_languages() {
  std::vector<std::string> out;
  std::string_view list = CAREPATH_LANGUAGES;
  while (!list.empty()) {
    auto space = list.find(' ');
    if (space != 0) out.emplace_back(list.substr(0, space));
    if (space == std::string_view::npos) break;
    list.remove_prefix(space + 1);
  }
  return out;
}

// CLI11's own words in the help (its headings and markers), in the chosen language. Set before
// any option is added: subcommands copy the defaults and the formatter when they are made.
void translate_labels(CLI::App& app) {
  auto f = app.get_formatter();
  for (const char* label : {N_("Usage"), N_("OPTIONS"), N_("SUBCOMMAND"), N_("SUBCOMMANDS"), N_("Positionals"), N_("REQUIRED"),
                            N_("Env"), N_("Needs"), N_("Excludes")})
    f->label(label, tr(label));
  app.option_defaults()->group(_("Options"));
  app.set_help_flag("--help,-h", _("Print this help message and exit"));
}

// A subcommand makes its --help before it copies the option defaults: its group is set here.
void translate_help_groups(CLI::App& app) {
  for (auto* sub : app.get_subcommands({})) {
    if (auto* help = sub->get_help_ptr()) help->group(_("Options"));
    translate_help_groups(*sub);
  }
}

}  // namespace

bool known_language(std::string_view lang) {
  auto langs = known_languages();
  return std::find(langs.begin(), langs.end(), lang) != langs.end();
}

CLI::Option* add_lang_option(CLI::App& sub) {
  static std::string ignored;  // run_cli's pre-scan has already chosen the language
  auto langs = known_languages();
  CLI::Validator known(
      [langs](std::string& v) {
        if (known_language(language_of_locale(v))) return std::string();
        return trf("unknown language '{}'{}; languages: {}", v, did_you_mean(v, langs), join(langs, ", "));
      },
      "{" + join(langs, ",") + "}");
  return sub
      .add_option("--lang", ignored,
                  _("Language of messages and texts for people (default: from LANGUAGE, LC_ALL, LC_MESSAGES or LANG, "
                    "else English); JSON and CSV never change"))
      ->type_name(join(langs, "|"))
      ->check(known);
}

void add_batch_input_options(CLI::App& sub, std::string& input_format, std::string& map, int& jobs) {
  sub.add_option("--input-format", input_format,
                 _("Input format when the file name does not tell (default for '-': yaml, or csv with --map)"))
      ->check(CLI::IsMember({"yaml", "jsonl", "csv"}))
      ->type_name("yaml|jsonl|csv");
  sub.add_option("--map,-m", map, _("Mapping file that turns a foreign table's columns and codes into items (CSV input)"))
      ->type_name(_("FILE"));
  sub.add_option("--jobs,-j", jobs, _("Worker threads (default: the number of cores)"))
      ->type_name("N")
      ->check(CLI::Range(1, 256));
}

int run_cli(int argc, char** argv) {
  init_language(scan_language_flag(argc, argv));
  CLI::App app{_("carepath: addiction-treatment intake and care-pathway recommendation"), "carepath"};
  translate_labels(app);
  app.set_version_flag("--version", std::string("carepath ") + CAREPATH_VERSION,
                       _("Display program version information and exit"));
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
  translate_help_groups(app);
  // The first word must be a command: a mistyped one gets a did-you-mean rather than CLI11's
  // "A subcommand is required", and `help [COMMAND]` prints what --help prints.
  std::vector<char*> help_args;  // `help COMMAND` parses as `COMMAND --help`, so both print the same
  if (argc >= 2 && argv[1][0] != '-') {
    std::vector<std::string> names;
    for (const auto* sub : app.get_subcommands({})) names.push_back(sub->get_name());
    std::string word = argv[1];
    auto unknown = [&](const std::string& w) {
      return Error(exit_usage, trf("'{}' is not a carepath command{}; commands: {} (run 'carepath help')", w,
                                   did_you_mean(w, names), join(names, ", ")));
    };
    if (word == "help") {
      // The words after it, but --lang (already taken by init_language above).
      std::vector<char*> words;
      for (int i = 2; i < argc; ++i) {
        std::string_view a = argv[i];
        if (a == "--lang" && i + 1 < argc) ++i;
        else if (!a.starts_with("--lang=")) words.push_back(argv[i]);
      }
      if (words.size() > 1) throw Error(exit_usage, _("help takes at most one command: carepath help [COMMAND]"));
      if (words.empty()) {
        std::cout << app.help();
        return exit_ok;
      }
      word = words[0];
      if (std::find(names.begin(), names.end(), word) == names.end()) throw unknown(word);
      static char flag[] = "--help";
      help_args = {argv[0], words[0], flag};
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
    throw Error(exit_usage, trf("{} (run 'carepath --help')", e.what()));
  }
  return action ? action() : exit_usage;
}

}  // namespace carepath
