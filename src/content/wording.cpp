#include "content/wording.hpp"

#include <fmt/format.h>

#include "util/i18n.hpp"

namespace carepath {

std::string fill_wording(std::string_view text, std::initializer_list<std::pair<std::string_view, std::string_view>> holes) {
  std::string out(text);
  for (const auto& [name, value] : holes) {
    std::string hole = "{" + std::string(name) + "}";
    for (std::size_t at = out.find(hole); at != std::string::npos; at = out.find(hole, at + value.size()))
      out.replace(at, hole.size(), value);
  }
  return out;
}

Wording load_wording(YamlContext& ctx, const YAML::Node& root, const std::string& conjunction) {
  Wording w;
  w.last_separator = ", " + conjunction + " ";
  YAML::Node n = root["wording"];
  if (n && !ctx.check_map(n, "wording", {"last_separator", "unanswered", "unanswered_earlier", "earlier_rule", "or"})) return w;
  struct Entry {
    const char* key;
    std::string* text;
    std::vector<const char*> holes;
  };
  for (const Entry& e : {Entry{"last_separator", &w.last_separator, {}}, Entry{"unanswered", &w.unanswered, {"questions"}},
                         Entry{"unanswered_earlier", &w.unanswered_earlier, {"questions", "instead"}},
                         Entry{"earlier_rule", &w.earlier_rule, {}}, Entry{"or", &w.or_, {}}}) {
    std::string what = trf("the wording '{}'", e.key);
    if (!n || !n[e.key]) {
      // The built-in words are English: a rule set in other languages should give its own (a
      // given conjunction makes the separator).
      if (e.key != std::string_view("last_separator") || !root["conjunction"]) ctx.missing_languages(n ? n : root, what, {"en"});
      continue;
    }
    auto all = ctx.prose_all(n[e.key], what);
    if (all.empty()) continue;
    for (std::size_t i = 0; i < all.size(); ++i)
      for (const char* h : e.holes)
        if (all[i].find(fmt::format("{{{}}}", h)) == std::string::npos)
          ctx.error(n[e.key], trf("{}: the '{}' text lacks the hole {{{}}}", what, ctx.languages()[i], h));
    *e.text = all[ctx.language_index()];
  }
  return w;
}

}  // namespace carepath
