// carepath check: load and lint a questionnaire and rule set, reporting every problem.
#include <fmt/format.h>

#include <iostream>

#include "cli/cli.hpp"
#include "content/lint.hpp"

namespace carepath {

namespace {

struct CheckOptions {
  ContentOptions content;
  bool quiet = false;
};

int run_check(const CheckOptions& o) {
  Diagnostics diags;
  auto content = load_content(o.content.paths(), diags);
  // Lints skip whatever failed to load, so all problems are listed in one run.
  lint_content(*content, diags);
  diags.sort_by_position();
  for (const auto& d : diags.items()) std::cout << d.str() << "\n";
  const auto& q = content->questionnaire;
  const auto& r = content->rules;
  if (!diags.empty()) {
    std::cout.flush();
    fmt::print(stderr, "carepath: {} problem{} found\n", diags.size(), diags.size() == 1 ? "" : "s");
    return exit_data;
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
  add_content_options(*sub, o->content);
  sub->callback([o, &action] { action = [o] { return run_check(*o); }; });
}

}  // namespace carepath
