// carepath pathway: the rule set's levels, step-down progression and what leads into each
// level, as text, Graphviz DOT or Mermaid.
#include <iostream>

#include "cli/cli.hpp"
#include "render/diagram.hpp"
#include "util/io.hpp"

namespace carepath {

namespace {

struct PathwayOptions {
  ContentOptions content;
  std::string format = "text";
};

int run_pathway(const PathwayOptions& o) {
  auto content = load_content_or_throw(o.content.paths(true));
  const RuleSet& rs = content->rules;
  if (o.format == "dot") std::cout << pathway_dot(rs);
  else if (o.format == "mermaid") std::cout << pathway_mermaid(rs);
  else
    std::cout << pathway_text(rs, text_width(stdout));
  std::cout.flush();
  return exit_ok;
}

}  // namespace

void setup_pathway(CLI::App& app, Action& action) {
  auto o = std::make_shared<PathwayOptions>();
  auto* sub = app.add_subcommand("pathway", _("Draw the rule set's levels, step-down and what leads into each level"));
  sub->add_option("--format,-f", o->format, _("Output format (dot: Graphviz, e.g. | dot -Tpng > pathway.png)"))
      ->check(CLI::IsMember({"text", "dot", "mermaid"}))
      ->type_name("text|dot|mermaid");
  add_content_options(*sub, o->content);
  add_lang_option(*sub);
  sub->callback([o, &action] { action = [o] { return run_pathway(*o); }; });
}

}  // namespace carepath
