#include "trainer/scenario.hpp"

#include <fmt/format.h>

#include "record/anonymity.hpp"
#include "util/io.hpp"
#include "util/i18n.hpp"
#include "util/text.hpp"

namespace carepath {

std::pair<std::string, RawValue> parse_assignment(const Content& c, const std::string& text, const std::string& origin) {
  auto eq = text.find('=');
  if (eq == std::string::npos || eq == 0)
    throw Error(exit_usage,
                fmt::format("{} {}: expected ITEM=VALUE (an empty VALUE leaves the item unanswered)", origin, shown(text)));
  std::string item = trim(text.substr(0, eq)), value = trim(text.substr(eq + 1));
  RawValue v;
  v.pos = {origin + " " + item, 0, 0};
  int i = c.questionnaire.find_item(item);
  if (value.empty()) return {item, v};
  if (i >= 0 && c.questionnaire.items[static_cast<std::size_t>(i)].type == ItemType::multi) {
    v.shape = RawValue::Shape::list;
    if (value.front() == '[' && value.back() == ']') value = value.substr(1, value.size() - 2);
    std::size_t start = 0;
    while (start <= value.size() && !trim(value).empty()) {
      auto comma = value.find(',', start);
      std::string code = trim(value.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
      if (!code.empty()) v.list.push_back(code);
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
  } else {
    v.shape = RawValue::Shape::scalar;
    v.scalar = value;
  }
  return {item, v};
}

FiringChange firing_change(const Engine& engine, const Outcome& before, const Outcome& after) {
  const auto& rules = engine.content().rules.rules;
  std::vector<char> was(rules.size()), is(rules.size());
  for (int i : before.result.fired) was[static_cast<std::size_t>(i)] = 1;
  for (int i : after.result.fired) is[static_cast<std::size_t>(i)] = 1;
  FiringChange c;
  for (std::size_t i = 0; i < rules.size(); ++i) {
    if (is[i] && !was[i]) c.started.push_back(rules[i].id);
    if (was[i] && !is[i]) c.stopped.push_back(rules[i].id);
  }
  return c;
}

std::string FiringChange::str() const {
  if (empty()) return _("no rule's firing changed");
  std::string s;
  if (!started.empty()) s = trf("now fires: {}", join(started, ", "));
  if (!stopped.empty()) s += (s.empty() ? "" : "; ") + trf("no longer fires: {}", join(stopped, ", "));
  return s;
}

}  // namespace carepath
