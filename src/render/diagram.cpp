#include "render/diagram.hpp"

#include <fmt/format.h>

#include "util/i18n.hpp"
#include "util/text.hpp"

namespace carepath {

namespace {

const char* how_word(LevelEntry::How h) {
  switch (h) {
    case LevelEntry::How::primary: return _("primary level");
    case LevelEntry::How::include: return _("included");
    case LevelEntry::How::alternative: return _("alternative");
    case LevelEntry::How::setting: return _("setting");
  }
  return "";
}

const char* placement_word(Level::Placement p) {
  switch (p) {
    case Level::Placement::before: return _("comes first when a rule includes it");
    case Level::Placement::step: return _("a step: primary level, or a later step down");
    case Level::Placement::after: return _("always closes the pathway");
  }
  return "";
}

std::string dot_quote(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out + "\"";
}

// Comparison signs as the signs themselves: Mermaid 11 turns the entity codes (#gt;) into
// garbage, and a bare < or > may be taken for HTML. >= and <= become the single signs.
std::string comparison_signs(const std::string& s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    bool eq = i + 1 < s.size() && s[i + 1] == '=';
    if (s[i] == '>') out += eq ? "\u2265" : "\uFF1E";
    else if (s[i] == '<') out += eq ? "\u2264" : "\uFF1C";
    else if (s[i] == '!' && eq) out += "\u2260";
    else {
      out += s[i];
      continue;
    }
    i += eq;
  }
  return out;
}

// Mermaid labels are quoted; a quote becomes its entity code, comparison signs their own.
std::string mermaid_quote(const std::string& s) {
  std::string out = "\"";
  for (char c : comparison_signs(s)) {
    if (c == '"') out += "#quot;";
    else if (c == '\n') out += "<br/>";
    else out += c;
  }
  return out + "\"";
}

// Node ids safe in both languages.
std::string node_id(const std::string& prefix, const std::string& id) {
  std::string out = prefix;
  for (char c : id) out += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  return out;
}

// A template in words for a picture: a hole stands for an answer, its name marked as a blank to
// fill (`{label(use_frequency)}` as ‹use frequency›); the {reasons} hole lists the rule's
// reasons, any of which may be the one that holds.
std::string template_words(const Template& t, const std::vector<Reason>& reasons) {
  std::string out;
  for (const auto& p : t.parts) {
    if (p.reasons) {
      for (std::size_t k = 0; k < reasons.size(); ++k)
        out += (k == 0 ? "" : k + 1 == reasons.size() ? std::string(_(", or ")) : ", ") + template_words(reasons[k].text, {});
      continue;
    }
    if (!p.expr.valid()) {
      out += p.text;
      continue;
    }
    std::string hole = trim(p.text);
    if (hole.starts_with("label(") && hole.ends_with(")")) hole = hole.substr(6, hole.size() - 7);
    for (auto& ch : hole)
      if (ch == '_' || ch == '.') ch = ' ';
    out += "\u2039" + hole + "\u203A";
  }
  return trim(out);
}

// A rule for trainers: its reason in words and its principle; not its id and raw condition.
std::string rule_label(const RuleSet& rs, const LevelEntry& e) {
  const Rule& r = rs.rules[static_cast<std::size_t>(e.rule)];
  std::string reason = template_words(r.because, r.reasons);
  if (reason.empty()) reason = e.condition;
  return comparison_signs(wrap(reason, 40, 0)) + (r.principle.empty() ? "" : "\n(" + r.principle + ")");
}

// An edge's words: how the rule leads into the level, a setting by its label.
std::string edge_label(const RuleSet& rs, const LevelEntry& e) {
  if (e.how != LevelEntry::How::setting) return how_word(e.how);
  for (const auto& v : rs.setting.values)
    if (v.id == e.value) return v.label;
  return e.value;
}

// The steps some rule makes the primary level.
std::vector<int> primary_steps(const PathwayModel& m) {
  std::vector<int> out;
  for (int s : m.steps)
    for (const auto& e : m.into[static_cast<std::size_t>(s)])
      if (e.how == LevelEntry::How::primary) {
        out.push_back(s);
        break;
      }
  return out;
}

}  // namespace

PathwayModel pathway_model(const RuleSet& rs) {
  PathwayModel m;
  m.into.resize(rs.levels.size());
  for (std::size_t l = 0; l < rs.levels.size(); ++l)
    if (rs.levels[l].placement == Level::Placement::step) m.steps.push_back(static_cast<int>(l));
  int before_level = -1;
  for (std::size_t l = 0; l < rs.levels.size() && before_level < 0; ++l)
    if (rs.levels[l].placement == Level::Placement::before) before_level = static_cast<int>(l);
  for (std::size_t i = 0; i < rs.rules.size(); ++i) {
    const Rule& r = rs.rules[i];
    std::string cond = trim(r.when.source);
    if (r.group >= 0 && rs.groups[static_cast<std::size_t>(r.group)].when.valid())
      cond = fmt::format("({}) then {}", trim(rs.groups[static_cast<std::size_t>(r.group)].when.source), cond);
    int ri = static_cast<int>(i);
    if (r.then.level >= 0) m.into[static_cast<std::size_t>(r.then.level)].push_back({LevelEntry::How::primary, ri, cond, ""});
    for (int l : r.then.include) m.into[static_cast<std::size_t>(l)].push_back({LevelEntry::How::include, ri, cond, ""});
    if (r.then.alternative >= 0)
      m.into[static_cast<std::size_t>(r.then.alternative)].push_back({LevelEntry::How::alternative, ri, cond, ""});
    if (r.then.setting >= 0 && before_level >= 0)
      m.into[static_cast<std::size_t>(before_level)].push_back(
          {LevelEntry::How::setting, ri, cond, rs.setting.values[static_cast<std::size_t>(r.then.setting)].id});
  }
  return m;
}

std::string pathway_text(const RuleSet& rs, std::size_t width) {
  PathwayModel m = pathway_model(rs);
  std::string out = (rs.title.empty() ? trf("Pathway of rules {} {}", rs.id, rs.version)
                                      : trf("Pathway of rules {} {} ({})", rs.id, rs.version, rs.title)) +
                    "\n\n";
  out += _("LEVELS, IN ORDER") + std::string("\n");
  for (std::size_t l = 0; l < rs.levels.size(); ++l)
    out +=
        fmt::format("  {}. {:<14} {} ({})\n", l + 1, rs.levels[l].id, rs.levels[l].label, placement_word(rs.levels[l].placement));
  out += "\n" + std::string(_("STEP-DOWN")) + "\n  ";
  std::vector<std::string> parts;
  for (std::size_t l = 0; l < rs.levels.size(); ++l)
    if (rs.levels[l].placement == Level::Placement::before) parts.push_back("[" + rs.levels[l].id + "]");
  for (int l : m.steps) parts.push_back(rs.levels[static_cast<std::size_t>(l)].id);
  for (std::size_t l = 0; l < rs.levels.size(); ++l)
    if (rs.levels[l].placement == Level::Placement::after) parts.push_back(rs.levels[l].id);
  out += wrap(join(parts, " -> "), width - 2, 2) + "\n";
  out += "  " +
         wrap(_("A pathway starts at its primary level and steps down through every later step; levels in [ ] come first "
                "only when a rule includes them; the last levels always close it."),
              width - 2, 2) +
         "\n\n";
  out += _("WHAT LEADS INTO EACH LEVEL") + std::string("\n");
  // The condition's continuation lines start under its first character, after "when ".
  const std::string when = _("when");
  const std::size_t when_indent = 8 + visible_width(when) + 1;
  for (std::size_t l = 0; l < rs.levels.size(); ++l) {
    const Level& level = rs.levels[l];
    out += fmt::format("  {} ({})\n", level.id, level.label);
    if (m.into[l].empty())
      out += "      " +
             std::string(level.placement == Level::Placement::after ? _("always, at the end of every pathway")
                                                                    : _("as a step down from a higher level")) +
             "\n";
    for (const auto& e : m.into[l]) {
      const Rule& r = rs.rules[static_cast<std::size_t>(e.rule)];
      std::string head = e.how == LevelEntry::How::setting ? fmt::format("{} = {}", rs.setting.field, e.value) : how_word(e.how);
      bool first_match = r.group >= 0 && rs.groups[static_cast<std::size_t>(r.group)].first_match;
      out += fmt::format(
          "    {}: {}{}{}\n", head, r.id, r.principle.empty() ? "" : " [" + r.principle + "]",
          first_match ? " " + trf("(first match in group {})", rs.groups[static_cast<std::size_t>(r.group)].id) : "");
      out += "        " + when + " " + wrap(e.condition, width, when_indent) + "\n";
    }
    if (level.placement == Level::Placement::step && l != static_cast<std::size_t>(m.steps.front()) && !m.into[l].empty())
      out += "      " + std::string(_("and as a step down from a higher level")) + "\n";
  }
  return out;
}

std::string pathway_dot(const RuleSet& rs) {
  PathwayModel m = pathway_model(rs);
  std::string out = fmt::format("digraph {} {{\n", dot_quote(rs.id));
  out += "  rankdir=TB;\n  node [fontname=\"Helvetica\", fontsize=11];\n  edge [fontname=\"Helvetica\", fontsize=9];\n";
  out += fmt::format("  label={}; labelloc=t;\n", dot_quote(trf("{} {} pathway", rs.id, rs.version)));
  for (const auto& level : rs.levels)
    out += fmt::format("  {} [shape=box, style=\"rounded,filled\", fillcolor=\"{}\", label={}];\n", node_id("level_", level.id),
                       level.placement == Level::Placement::step ? "#dbe9f6" : "#eeeeee", dot_quote(level.label));
  for (std::size_t i = 0; i + 1 < m.steps.size(); ++i)
    out += fmt::format("  {} -> {} [label={}, penwidth=2];\n",
                       node_id("level_", rs.levels[static_cast<std::size_t>(m.steps[i])].id),
                       node_id("level_", rs.levels[static_cast<std::size_t>(m.steps[i + 1])].id), dot_quote(_("step down")));
  for (const auto& level : rs.levels) {
    // A level placed before the steps leads into whichever step a rule makes the primary level.
    if (level.placement == Level::Placement::before)
      for (int s : primary_steps(m))
        out += fmt::format("  {} -> {} [label={}, style=dashed];\n", node_id("level_", level.id),
                           node_id("level_", rs.levels[static_cast<std::size_t>(s)].id), dot_quote(_("then")));
    if (level.placement == Level::Placement::after && !m.steps.empty())
      out += fmt::format("  {} -> {} [label={}, penwidth=2];\n",
                         node_id("level_", rs.levels[static_cast<std::size_t>(m.steps.back())].id), node_id("level_", level.id),
                         dot_quote(_("always")));
  }
  for (std::size_t l = 0; l < rs.levels.size(); ++l)
    for (const auto& e : m.into[l]) {
      std::string rid = node_id("rule_", rs.rules[static_cast<std::size_t>(e.rule)].id);
      out += fmt::format("  {} [shape=note, fontsize=9, label={}];\n", rid, dot_quote(rule_label(rs, e)));
      std::string edge = edge_label(rs, e);
      out += fmt::format("  {} -> {} [label={}{}];\n", rid, node_id("level_", rs.levels[l].id), dot_quote(edge),
                         e.how == LevelEntry::How::alternative ? ", style=dotted" : "");
    }
  out += "}\n";
  return out;
}

std::string pathway_mermaid(const RuleSet& rs) {
  PathwayModel m = pathway_model(rs);
  std::string out = "flowchart TB\n";
  for (const auto& level : rs.levels)
    out += fmt::format("  {}[{}]\n", node_id("level_", level.id), mermaid_quote(level.label));
  for (std::size_t i = 0; i + 1 < m.steps.size(); ++i)
    out += fmt::format("  {} ==>|{}| {}\n", node_id("level_", rs.levels[static_cast<std::size_t>(m.steps[i])].id),
                       _("step down"), node_id("level_", rs.levels[static_cast<std::size_t>(m.steps[i + 1])].id));
  for (const auto& level : rs.levels) {
    if (level.placement == Level::Placement::before)
      for (int s : primary_steps(m))
        out += fmt::format("  {} -.->|{}| {}\n", node_id("level_", level.id), _("then"),
                           node_id("level_", rs.levels[static_cast<std::size_t>(s)].id));
    if (level.placement == Level::Placement::after && !m.steps.empty())
      out += fmt::format("  {} ==>|{}| {}\n", node_id("level_", rs.levels[static_cast<std::size_t>(m.steps.back())].id),
                         _("always"), node_id("level_", level.id));
  }
  for (std::size_t l = 0; l < rs.levels.size(); ++l)
    for (const auto& e : m.into[l]) {
      std::string rid = node_id("rule_", rs.rules[static_cast<std::size_t>(e.rule)].id);
      out += fmt::format("  {}{}\n", rid, "[" + mermaid_quote(rule_label(rs, e)) + "]");
      std::string edge = edge_label(rs, e);
      out += fmt::format("  {} {}|{}| {}\n", rid, e.how == LevelEntry::How::alternative ? "-.->" : "-->", mermaid_quote(edge),
                         node_id("level_", rs.levels[l].id));
    }
  return out;
}

}  // namespace carepath
