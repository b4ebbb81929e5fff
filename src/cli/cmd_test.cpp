// carepath test CASES... [--min-coverage PCT]: rule test cases with a readable diff on
// failure, and the rule coverage the cases reach.
#include <fmt/format.h>

#include <iostream>

#include "cli/cli.hpp"
#include "trainer/cases.hpp"
#include "util/color.hpp"
#include "util/io.hpp"

namespace carepath {

namespace {

struct TestOptions {
  ContentOptions content;
  std::vector<std::string> cases;
  double min_coverage = -1;
  bool quiet = false;
  bool no_color = false;
};

int run_test(const TestOptions& o) {
  auto content = load_content_or_throw(o.content.paths(false));
  const RuleSet& rs = content->rules;
  Engine engine(*content);
  Diagnostics diags;
  std::vector<TestCase> cases;
  for (const auto& f : case_files(o.cases)) {
    auto more = load_cases(f, engine, diags);
    for (auto& c : more) cases.push_back(std::move(c));
  }
  throw_if_any(diags, _("the test cases are not valid"));
  if (cases.empty()) throw Error(exit_data, trf("no test cases found in {}", fmt::format("{}", fmt::join(o.cases, ", "))));
  bool color = use_color(stdout, o.no_color);
  Coverage cov(engine);
  int failed = 0;
  for (const auto& c : cases) {
    Outcome out;
    out.source = c.record.source;
    out.record = validate_record(c.record, *content, out.errors);
    if (out.ok()) {
      out.result = engine.evaluate(out.record, &cov);
      cov.add_result(out.result);
    }
    auto failures = case_failures(engine, c, out);
    std::string where = fmt::format("{} {}{}", c.pos.str(), c.id, c.name.empty() ? "" : " (" + c.name + ")");
    if (failures.empty()) {
      if (!o.quiet) std::cout << painted(color, styles::yes, "ok") << "   " << where << "\n";
      continue;
    }
    ++failed;
    std::cout << painted(color, styles::alarm, "FAIL") << " " << where << "\n";
    for (const auto& f : failures) std::cout << "       " << f << "\n";
  }
  std::cout << "\n"
            << fmt::format(fmt::runtime(trn("{} case: {} passed, {} failed", "{} cases: {} passed, {} failed", cases.size())),
                           cases.size(), cases.size() - failed, failed)
            << "\n";

  double pct = 100.0 * cov.rules_fired() / std::max(1, cov.rules_total());
  std::cout << fmt::format("rule coverage: {} of {} rules fired ({:.1f}%)\n", cov.rules_fired(), cov.rules_total(), pct);
  auto unreached = cov.never_reached();
  for (int r : cov.never_fired()) {
    const Rule& rule = rs.rules[static_cast<std::size_t>(r)];
    bool reached = std::find(unreached.begin(), unreached.end(), r) == unreached.end();
    std::cout << fmt::format("  never fired: {} ({}){}\n", rule.id, rule.pos.str(),
                             reached ? "" : ", never even reached (its group did not apply or an earlier rule matched)");
  }
  int seen = cov.outcomes_seen(), total = cov.outcomes_total();
  std::cout << fmt::format("condition coverage: {} of {} outcomes seen ({:.1f}%; each sub-condition both true and false)\n", seen,
                           total, 100.0 * seen / std::max(1, total));
  if (!o.quiet)
    for (const auto& g : cov.condition_gaps()) {
      std::string owner = g.rule >= 0 ? rs.rules[static_cast<std::size_t>(g.rule)].id
                                      : "group " + rs.groups[static_cast<std::size_t>(g.group)].id;
      std::cout << fmt::format("  {}: {}  never {}\n", owner, g.text,
                               g.never_true && g.never_false ? "evaluated"
                               : g.never_true                ? "true"
                                                             : "false");
    }
  bool under = o.min_coverage >= 0 && pct + 1e-9 < o.min_coverage;
  if (under) std::cout << fmt::format("rule coverage {:.1f}% is under the minimum of {:.1f}%\n", pct, o.min_coverage);
  std::cout.flush();
  return failed > 0 || under ? exit_partial : exit_ok;
}

}  // namespace

void setup_test(CLI::App& app, Action& action) {
  auto o = std::make_shared<TestOptions>();
  auto* sub = app.add_subcommand("test", _("Run rule test cases: pass/fail with a diff, and rule coverage"));
  sub->add_option("CASES", o->cases, _("Case files or directories of them (YAML)"))->required();
  sub->add_option("--min-coverage", o->min_coverage, _("Exit 1 when fewer than PCT percent of the rules fired"))
      ->type_name("PCT")
      ->check(CLI::Range(0.0, 100.0));
  sub->add_flag("--quiet", o->quiet, _("Print only failures and the totals"));
  sub->add_flag("--no-color", o->no_color, _("Never use colour"));
  add_content_options(*sub, o->content);
  sub->callback([o, &action] { action = [o] { return run_test(*o); }; });
}

}  // namespace carepath
