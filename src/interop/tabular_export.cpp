#include "interop/tabular_export.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "util/csv.hpp"
#include "util/i18n.hpp"
#include "util/text.hpp"

namespace carepath {

namespace {

const Item& item_of(const Questionnaire& q, int i) {
  return q.items[static_cast<std::size_t>(i)];
}

// REDCap's raw value of an answer: codes as they are, yes/no as 1/0.
std::optional<std::string> redcap_literal(const Content& c, const Value& v) {
  switch (v.kind) {
    case Kind::boolean:
      return v.i ? "'1'" : "'0'";
    case Kind::integer:
      return std::to_string(v.i);
    case Kind::symbol:
      return "'" + c.symbols.name(static_cast<Sym>(v.i)) + "'";
    default:
      return std::nullopt;
  }
}

std::optional<std::string> redcap_node(const Content& c, const Expr& e, int n) {
  const ExprNode& x = e.node(n);
  const Questionnaire& q = c.questionnaire;
  switch (x.op) {
    case Op::item:
      if (x.type.type != Type::boolean) return "[" + item_of(q, x.ref).id + "]";
      return "[" + item_of(q, x.ref).id + "] = '1'";
    case Op::literal:
      return redcap_literal(c, x.lit);
    case Op::and_:
    case Op::or_: {
      auto a = redcap_node(c, e, x.a), b = redcap_node(c, e, x.b);
      if (!a || !b) return std::nullopt;
      return fmt::format("({} {} {})", *a, x.op == Op::and_ ? "and" : "or", *b);
    }
    case Op::eq:
    case Op::ne:
    case Op::lt:
    case Op::le:
    case Op::gt:
    case Op::ge: {
      static constexpr const char* ops[] = {"=", "<>", "<", "<=", ">", ">="};
      const ExprNode& l = e.node(x.a);
      auto a = l.op == Op::item ? std::optional<std::string>("[" + item_of(q, l.ref).id + "]") : redcap_node(c, e, x.a);
      auto b = redcap_node(c, e, x.b);
      if (!a || !b) return std::nullopt;
      return fmt::format("{} {} {}", *a, ops[static_cast<int>(x.op) - static_cast<int>(Op::eq)], *b);
    }
    case Op::has_code: {
      const ExprNode& set = e.node(x.a);
      if (set.op != Op::item || x.ref < 0) return std::nullopt;
      const Item& it = item_of(q, set.ref);
      return fmt::format("[{}({})] = '1'", it.id, it.codes[static_cast<std::size_t>(x.ref)].code);
    }
    case Op::answered: {
      const ExprNode& a = e.node(x.a);
      if (a.op != Op::item || item_of(q, a.ref).type == ItemType::multi) return std::nullopt;
      return fmt::format("[{}] <> ''", item_of(q, a.ref).id);
    }
    default:
      return std::nullopt;
  }
}

std::string words_node(const Content& c, const Expr& e, int n) {
  const ExprNode& x = e.node(n);
  const Questionnaire& q = c.questionnaire;
  auto label = [&](int i) { return fmt::format("\"{}\" ({})", item_of(q, i).label, item_of(q, i).id); };
  auto value = [&](int i, const Value& v) -> std::string {
    const Item& it = item_of(q, i);
    if (v.kind == Kind::boolean) return v.i ? "yes" : "no";
    if (v.kind == Kind::symbol) {
      const Code& code = it.codes[static_cast<std::size_t>(std::max(0, it.code_index(static_cast<Sym>(v.i))))];
      return fmt::format("\"{}\" ({})", code.label, code.code);
    }
    return std::to_string(v.i);
  };
  switch (x.op) {
    case Op::item:
      if (x.type.type == Type::boolean) return label(x.ref) + " is yes";
      break;
    case Op::and_:
    case Op::or_:
      return fmt::format("({} {} {})", words_node(c, e, x.a), x.op == Op::and_ ? "and" : "or", words_node(c, e, x.b));
    case Op::not_:
      return fmt::format("not ({})", words_node(c, e, x.a));
    case Op::eq:
    case Op::ne:
    case Op::lt:
    case Op::le:
    case Op::gt:
    case Op::ge: {
      static constexpr const char* ops[] = {"is", "is not", "is below", "is at most", "is above", "is at least"};
      const ExprNode &l = e.node(x.a), &r = e.node(x.b);
      if (l.op == Op::item && r.op == Op::literal)
        return fmt::format("{} {} {}", label(l.ref), ops[static_cast<int>(x.op) - static_cast<int>(Op::eq)], value(l.ref, r.lit));
      break;
    }
    case Op::has_code: {
      const ExprNode& set = e.node(x.a);
      if (set.op == Op::item && x.ref >= 0)
        return fmt::format("{} includes \"{}\"", label(set.ref),
                           item_of(q, set.ref).codes[static_cast<std::size_t>(x.ref)].label);
      break;
    }
    case Op::answered:
      if (e.node(x.a).op == Op::item) return label(e.node(x.a).ref) + " is answered";
      break;
    default:
      break;
  }
  return x.text;  // the condition's own words
}

std::string row(const std::vector<std::string>& fields) { return csv_row(fields) + "\n"; }

std::string choices(const Item& it) {
  std::vector<std::string> parts;
  for (const Code& code : it.codes)
    parts.push_back(fmt::format("{}, {}", code.code, code.label.empty() ? code.code : code.label));
  return join(parts, " | ");
}

std::string item_logic(const Content& c, const Item& it, std::string& note) {
  std::vector<std::string> parts;
  for (const Condition& cond : it.conditions) {
    auto l = redcap_logic(c, cond.expr);
    if (!l) {
      note = "carepath asks this only when " + cond.expr.source + " (REDCap branching logic cannot say it)";
      return "";
    }
    parts.push_back(it.conditions.size() > 1 ? "(" + *l + ")" : *l);
  }
  return join(parts, " and ");
}

}  // namespace

std::optional<std::string> redcap_logic(const Content& c, const Expr& e) {
  if (!e.valid()) return std::nullopt;
  return redcap_node(c, e, e.root);
}

std::string condition_in_words(const Content& c, const Expr& e) {
  return e.valid() ? words_node(c, e, e.root) : e.source;
}

std::string redcap_dictionary_csv(const Content& c) {
  const Questionnaire& q = c.questionnaire;
  std::string form = q.id;
  std::replace(form.begin(), form.end(), '-', '_');
  std::string out = row({"Variable / Field Name", "Form Name", "Section Header", "Field Type", "Field Label",
                             "Choices, Calculations, OR Slider Labels", "Field Note",
                             "Text Validation Type OR Show Slider Number", "Text Validation Min", "Text Validation Max",
                             "Identifier?", "Branching Logic (Show field only if...)", "Required Field?", "Custom Alignment",
                             "Question Number (surveys only)", "Matrix Group Name", "Matrix Ranking?", "Field Annotation"});
  // REDCap's first field is the record's own key: carepath's anonymised case_id.
  out += row(
      {"case_id", form, "", "text", "Case label (anonymised, never a name)", "", "", "", "", "", "", "", "", "", "", "", "", ""});
  for (const Section& s : q.sections) {
    bool first = true;
    for (int i : s.items) {
      const Item& it = item_of(q, i);
      std::string type = "text", validation, min, max, choice_text, note;
      switch (it.type) {
        case ItemType::choice:
        case ItemType::points:
          type = "radio";
          choice_text = choices(it);
          break;
        case ItemType::multi:
          type = "checkbox";
          choice_text = choices(it);
          break;
        case ItemType::boolean:
          type = "yesno";
          break;
        case ItemType::integer:
          validation = "integer";
          min = std::to_string(it.min);
          max = std::to_string(it.max);
          break;
        case ItemType::text:
          type = "notes";
          break;
      }
      std::string logic = item_logic(c, it, note);
      out += row({it.id, form, first ? (s.title.empty() ? s.id : s.title) : "", type, it.label, choice_text, it.help,
                      validation, min, max, "", logic, it.required ? "y" : "", "", "", "", "", note});
      first = false;
    }
  }
  for (const Score& s : q.scores) {
    std::vector<std::string> terms;
    for (int i : s.items) {
      const Item& it = item_of(q, i);
      if (s.kind == Score::Kind::count)
        for (const Code& code : it.codes) terms.push_back(fmt::format("[{}({})]", it.id, code.code));
      else
        terms.push_back("[" + it.id + "]");
    }
    out += row({s.id + "_total", form, "", "calc", s.label,
                    (s.kind == Score::Kind::count ? "sum(" + join(terms, ", ") + ")" : join(terms, " + ")), "", "", "", "", "",
                    "", "", "", "", "", "", "calculated; carepath works out the same total"});
  }
  return out;
}

std::string codebook_markdown(const Content& c) {
  const Questionnaire& q = c.questionnaire;
  std::string out = "# " + trf("{} (codebook)", q.title.empty() ? q.id : q.title) + "\n\n" +
                    trf("Questionnaire `{}`, version {}.", q.id, q.version) + "\n\n";
  if (!q.intro.empty()) out += trim(q.intro) + "\n\n";
  out += _("Mark one box for a choice, every box that applies for a list, or write the number. "
           "Leave an item blank when the answer is not known.") +
         std::string("\n");
  for (const Section& s : q.sections) {
    out += fmt::format("\n## {}\n\n", s.title.empty() ? s.id : s.title);
    if (!s.help.empty()) out += trim(s.help) + "\n\n";
    int group = -1;
    for (int i : s.items) {
      const Item& it = item_of(q, i);
      if (it.group != group && it.group >= 0) {
        const Group& g = q.groups[static_cast<std::size_t>(it.group)];
        out += fmt::format("### {}\n\n", g.label.empty() ? g.id : g.label);
        if (!g.help.empty()) out += trim(g.help) + "\n\n";
        if (g.complete) out += _("All items of this group are answered, or none.") + std::string("\n\n");
      }
      group = it.group;
      out += fmt::format("**{}** `{}` ({})\n\n", it.label, it.id,
                         it.required ? trf("{}, required", item_type_name(it.type)) : std::string(item_type_name(it.type)));
      if (!it.help.empty()) out += "> " + trim(it.help) + "\n\n";
      for (const Condition& cond : it.conditions) out += trf("Asked only when {}.", condition_in_words(c, cond.expr)) + "\n\n";
      switch (it.type) {
        case ItemType::choice:
        case ItemType::points:
        case ItemType::multi:
          for (const Code& code : it.codes) out += fmt::format("- [ ] `{}` {}\n", code.code, code.label);
          if (it.type == ItemType::multi) out += "- [ ] " + std::string(_("none of these")) + "\n";
          out += "\n";
          break;
        case ItemType::boolean:
          out += "- [ ] `yes`\n- [ ] `no`\n\n";  // the codes to write, not words
          break;
        case ItemType::integer:
          out += trf("A whole number from {} to {}: ________", it.min, it.max) + "\n\n";
          break;
        case ItemType::text:
          out += "________________________________________\n\n";
          break;
      }
    }
  }
  if (!q.scores.empty()) out += "\n## " + std::string(_("Scores")) + "\n";
  for (const Score& s : q.scores) {
    std::vector<std::string> ids;
    for (int i : s.items) ids.push_back("`" + item_of(q, i).id + "`");
    std::string items = join(ids, ", ");
    std::string what = s.kind == Score::Kind::count
                           ? trf("the number of codes chosen in {}; unknown while any is unanswered.", items)
                           : trf("the sum of {}; unknown while any is unanswered.", items);
    out += fmt::format("\n**{}** `{}`: {}\n\n", s.label, s.id, what);
    out += fmt::format("| {} | {} | {} | {} |\n|---|---:|---:|---|\n", _("band"), _("from"), _("to"), _("meaning"));
    for (const Band& b : s.bands) out += fmt::format("| `{}` | {} | {} | {} |\n", b.id, b.min, b.max, b.label);
  }
  return out;
}

}  // namespace carepath
