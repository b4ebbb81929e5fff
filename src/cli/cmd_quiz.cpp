// carepath quiz: a trainee reads a case in words, picks the setting and the primary level,
// then sees the right answer with its trace. Answers come line by line from standard input
// and prompts go to standard error, so a quiz can also be piped.
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <random>

#include "cli/cli.hpp"
#include "trainer/cases.hpp"
#include "trainer/trace.hpp"
#include "util/color.hpp"
#include "util/io.hpp"
#include "util/text.hpp"

namespace carepath {

namespace {

struct QuizOptions {
  ContentOptions content;
  std::string cases;  // default: default_cases()
  int count = 0;
  std::optional<unsigned> seed;
  bool no_color = false;
};

struct Choice {
  std::string id, label;
};

// The case in words: each answered item's question and the answer's label, by section.
std::string vignette(const Content& c, const Record& rec) {
  const Questionnaire& q = c.questionnaire;
  std::string out;
  for (const auto& s : q.sections) {
    std::string part;
    for (int i : s.items) {
      if (!rec.answered(i)) continue;
      const std::string& label = q.items[static_cast<std::size_t>(i)].label;
      std::string sep = !label.empty() && label.back() == '?' ? " " : ": ";
      part += "  - " + wrap(label + sep + answer_text(c, i, rec.answers[static_cast<std::size_t>(i)], true), 76, 4) + "\n";
    }
    if (!part.empty()) out += (s.title.empty() ? s.id : s.title) + "\n" + part;
  }
  return out;
}

// Asks until a listed number or id is given; nullopt at the end of input.
std::optional<int> ask(const std::string& question, const std::vector<Choice>& choices) {
  for (;;) {
    fmt::print(stderr, "{}\n", question);
    for (std::size_t i = 0; i < choices.size(); ++i)
      fmt::print(stderr, "  {}. {} ({})\n", i + 1, choices[i].label, choices[i].id);
    fmt::print(stderr, "{}", _("your answer (number or id): "));
    std::fflush(stderr);
    std::string line;
    if (!std::getline(std::cin, line)) {
      fmt::print(stderr, "\n");
      return std::nullopt;
    }
    line = trim(line);
    for (std::size_t i = 0; i < choices.size(); ++i)
      if (line == choices[i].id || line == std::to_string(i + 1)) return static_cast<int>(i);
    fmt::print(stderr, "{}\n", trf("'{}' is not one of the choices", line));
  }
}

// The vignettes when --cases is not given: ./examples/vignettes in a source tree, else next to
// the program: the installed ones (PREFIX/bin/carepath -> PREFIX/share/doc/carepath/examples/),
// or the source tree's from a build directory.
std::string default_cases() {
  namespace fs = std::filesystem;
  const std::string here = "examples/vignettes";
  std::error_code ec;
  if (fs::is_directory(here, ec)) return here;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec)
    for (const char* rel : {"../share/doc/carepath/examples/vignettes", "../examples/vignettes"}) {
      fs::path p = exe.parent_path() / rel;
      if (fs::is_directory(p, ec)) return p.lexically_normal().string();
    }
  return here;  // not found: the error names the usual place
}

// Asks whether to show the full trace: Enter shows it, anything else goes on; false at the end
// of input.
bool offer_trace(bool& show) {
  fmt::print(stderr, "{}", _("Press Enter for the full trace, or type n and Enter for the next case: "));
  std::fflush(stderr);
  std::string line;
  if (!std::getline(std::cin, line)) {
    fmt::print(stderr, "\n");
    return false;
  }
  show = trim(line).empty();
  return true;
}

int run_quiz(const QuizOptions& o) {
  auto content = load_content_or_throw(o.content.paths(true));
  const std::string cases = o.cases.empty() ? default_cases() : o.cases;
  const Content& c = *content;
  const RuleSet& rs = c.rules;
  Engine engine(c);
  std::vector<RawRecord> raws;
  for (const auto& f : case_files({cases})) {
    Input in(f);
    read_yaml_records(in.stream(), f, [&](RawRecord&& r) { raws.push_back(std::move(r)); });
  }
  if (raws.empty()) throw Error(exit_data, trf("{}: no vignettes found (YAML intake records)", cases));
  std::mt19937 rng(o.seed ? *o.seed : std::random_device{}());
  // Fisher-Yates by hand: std::shuffle's order may differ between standard libraries.
  for (std::size_t i = raws.size(); i > 1; --i) std::swap(raws[i - 1], raws[rng() % i]);
  if (o.count > 0 && static_cast<std::size_t>(o.count) < raws.size()) raws.resize(static_cast<std::size_t>(o.count));

  std::string before_label;
  for (const auto& l : rs.levels)
    if (l.placement == Level::Placement::before && before_label.empty()) before_label = l.label;
  std::vector<Choice> settings = {{rs.setting.none, before_label.empty() ? _("none") : trf("no {} step", before_label)}};
  for (const auto& v : rs.setting.values) settings.push_back({v.id, v.label});
  std::vector<Choice> levels;
  for (const auto& l : rs.levels)
    if (l.placement == Level::Placement::step) levels.push_back({l.id, l.label});

  bool color = use_color(stdout, o.no_color);
  int right = 0, asked = 0;
  for (std::size_t n = 0; n < raws.size(); ++n) {
    Trace t = build_trace(engine, raws[n], false);
    const Result& r = t.outcome.result;
    std::string title = trf("Case {} of {}", n + 1, raws.size()) + (t.outcome.case_id ? " (" + *t.outcome.case_id + ")" : "");
    std::cout << painted(color, styles::strong, title) << "\n" << vignette(c, t.outcome.record) << "\n";
    std::cout.flush();
    std::string want_setting = c.symbols.name(r.setting);
    std::string want_level = r.primary_level >= 0 ? rs.levels[static_cast<std::size_t>(r.primary_level)].id : "";
    bool stop = false;
    for (auto [question, choices, want] : {std::tuple{rs.setting.label + "?", &settings, want_setting},
                                           std::tuple{std::string(_("Primary level of care?")), &levels, want_level}}) {
      auto pick = ask(question, *choices);
      if (!pick) {
        stop = true;
        break;
      }
      ++asked;
      const Choice& got = (*choices)[static_cast<std::size_t>(*pick)];
      auto it = std::find_if(choices->begin(), choices->end(), [&](const Choice& ch) { return ch.id == want; });
      std::string answer = it == choices->end() ? want : it->label + " (" + it->id + ")";
      if (got.id == want) {
        ++right;
        std::cout << painted(color, styles::success, _("right")) << ": " << question << " " << answer << "\n";
      } else {
        std::cout << painted(color, styles::alarm, _("not quite")) << ": " << question << " "
                  << trf("you chose {}; the answer is {}", got.id, answer) << "\n";
      }
      std::cout.flush();
    }
    if (stop) break;
    // The short answer first: the rules that set the setting and the primary level, one line
    // each; the full trace (150 lines and more) only when asked for.
    std::cout << _("Why, in short:") << "\n";
    for (int ri : {r.setting_rule, r.primary_rule})
      if (ri >= 0)
        std::cout << "  - " << wrap(engine.rationale(ri, t.outcome.record, r), 76, 4) << "\n";
    std::cout.flush();
    bool show = false;
    if (!offer_trace(show)) break;
    if (!show) continue;
    TraceStyle style;
    style.color = color;
    style.sensitivity = false;
    std::cout << "\n" << _("Why, in full:") << "\n" << render_trace(engine, t, style) << "\n";
    std::cout.flush();
  }
  std::cout << (asked ? trf("score: {} of {} ({}%)", right, asked, 100 * right / asked) : trf("score: {} of {}", right, asked))
            << "\n";
  return exit_ok;
}

}  // namespace

void setup_quiz(CLI::App& app, Action& action) {
  auto o = std::make_shared<QuizOptions>();
  auto* sub = app.add_subcommand("quiz", _("Practise: read a case in words, pick the setting and primary level, see why"));
  sub->add_option("--cases", o->cases,
                  _("Directory (or file) of vignettes: intake records (default: examples/vignettes, or the installed ones)"))
      ->type_name(_("DIR"));
  sub->add_option("--count,-n", o->count, _("Ask at most N cases, 1 to 10000 (default: all)"))
      ->type_name("N")
      ->check(CLI::Range(1, 10000));
  sub->add_option("--seed", o->seed, _("Seed for a reproducible order, 0 to 4294967295"))->type_name("N");
  sub->add_flag("--no-color", o->no_color, _("Never use colour"));
  add_content_options(*sub, o->content);
  add_lang_option(*sub);
  sub->callback([o, &action] { action = [o] { return run_quiz(*o); }; });
}

}  // namespace carepath
