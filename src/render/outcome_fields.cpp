#include "render/outcome_fields.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "util/text.hpp"

namespace carepath {

std::string OutcomeField::show() const {
  return list ? "[" + join(values, ", ") + "]" : (values.empty() ? "null" : values[0]);
}

bool OutcomeField::same(const OutcomeField& o) const {
  if (ordered || !list) return values == o.values;
  auto a = values, b = o.values;
  std::sort(a.begin(), a.end());
  std::sort(b.begin(), b.end());
  return a == b;
}

std::vector<std::string> outcome_field_names(const Engine& engine) {
  const RuleSet& rs = engine.content().rules;
  std::vector<std::string> names = {"emergency",   rs.setting.field, "primary_level",
                                    "pathway",     "alternative",    rs.setting.alternative_field,
                                    "medications", "flags"};
  for (const auto& s : rs.result_scores) names.push_back("scores." + s.field);
  for (const auto& g : rs.ratings.list) names.push_back(rs.ratings.field + "." + g.id);
  return names;
}

std::vector<OutcomeField> outcome_fields(const Engine& engine, const Outcome& o) {
  std::vector<OutcomeField> out;
  if (!o.ok()) return out;
  const Content& c = engine.content();
  const RuleSet& rs = c.rules;
  const Result& r = o.result;
  auto level = [&](int l) { return l < 0 ? std::string("null") : rs.levels[static_cast<std::size_t>(l)].id; };
  auto scalar = [&](std::string name, std::string v) { out.push_back({std::move(name), {std::move(v)}, false, false}); };
  scalar("emergency", r.emergency ? "true" : "false");
  scalar(rs.setting.field, c.symbols.name(r.setting));
  scalar("primary_level", level(r.primary_level));
  out.push_back({"pathway", pathway_ids(engine, r), true, true});
  scalar("alternative", level(r.alternative));
  scalar(rs.setting.alternative_field,
         r.alternative_setting < 0 ? std::string("null") : rs.setting.values[static_cast<std::size_t>(r.alternative_setting)].id);
  out.push_back({"medications", medication_ids(engine, r), true, false});
  out.push_back({"flags", flag_ids(engine, r), true, false});
  for (std::size_t i = 0; i < rs.result_scores.size(); ++i) {
    const Value& v = r.result_scores[i];
    scalar("scores." + rs.result_scores[i].field,
           v.known() ? engine.format_value(v, rs.result_scores[i].value.type(), false) : "null");
  }
  for (std::size_t k = 0; k < rs.ratings.list.size(); ++k)
    scalar(rs.ratings.field + "." + rs.ratings.list[k].id, r.ratings[k].known() ? std::to_string(r.ratings[k].i) : "null");
  return out;
}

std::vector<FieldChange> outcome_changes(const Engine& engine, const Outcome& before, const Outcome& after) {
  std::vector<FieldChange> out;
  auto a = outcome_fields(engine, before), b = outcome_fields(engine, after);
  for (std::size_t i = 0; i < a.size() && i < b.size(); ++i)
    if (!a[i].same(b[i])) {
      FieldChange ch;
      ch.field = a[i].name;
      ch.before = a[i].show();
      ch.after = b[i].show();
      ch.set = a[i].list && !a[i].ordered;
      ch.rating = ch.field.starts_with(engine.content().rules.ratings.field + ".");
      for (const auto& v : b[i].values)
        if (std::find(a[i].values.begin(), a[i].values.end(), v) == a[i].values.end()) ch.added.push_back(v);
      for (const auto& v : a[i].values)
        if (std::find(b[i].values.begin(), b[i].values.end(), v) == b[i].values.end()) ch.removed.push_back(v);
      out.push_back(std::move(ch));
    }
  return out;
}

std::string FieldChange::str() const {
  if (!set) return field + " " + before + " -> " + after;
  std::string out = field;
  for (const auto& v : added) out += " +" + v;
  for (const auto& v : removed) out += " -" + v;
  return out;
}

std::string answer_text(const Content& c, int item, const Value& v, bool labels) {
  const Item& it = c.questionnaire.items[static_cast<std::size_t>(item)];
  if (!v.known()) return "unanswered";
  switch (it.type) {
    case ItemType::boolean: return v.i ? "yes" : "no";
    case ItemType::integer: return std::to_string(v.i);
    case ItemType::points:
      if (labels)
        for (const auto& code : it.codes)
          if (code.number == v.i && !code.label.empty()) return fmt::format("{} ({})", v.i, code.label);
      return std::to_string(v.i);
    case ItemType::text: return "(text)";
    case ItemType::choice: {
      Sym s = static_cast<Sym>(v.i);
      const std::string& l = it.code_label(s);
      return labels && !l.empty() ? l : c.symbols.name(s);
    }
    case ItemType::multi: {
      std::vector<std::string> parts;
      for (std::size_t b = 0; b < it.codes.size(); ++b)
        if (v.bits() >> b & 1u) parts.push_back(labels ? it.codes[b].label : it.codes[b].code);
      if (labels) return parts.empty() ? "none of them" : join(parts, "; ");
      return "[" + join(parts, ", ") + "]";
    }
  }
  return "?";
}

}  // namespace carepath
