#pragma once
// Decision tables for a loaded content: the domain of each item's answers, and the tables
// attached to every condition that scoring evaluates (see lang/expr_table.hpp).
#include <optional>
#include <vector>

#include "lang/expr_table.hpp"

namespace carepath {

struct Content;
struct Item;

// Every value an answer to `item` can hold, unknown first; nullopt for free text and for
// choices of too many codes or numbers.
std::optional<std::vector<Value>> item_domain(const Item& item);

// Calls f(expr, fact) for every expression scoring evaluates for each record: facts (fact is
// their index, in order), group and rule conditions, result scores, rating lines, item
// conditions (fact -1).
template <class C, class F>
void for_each_scored_expr(C& content, F&& f) {
  auto& rs = content.rules;
  for (std::size_t i = 0; i < rs.facts.size(); ++i) f(rs.facts[i].expr, static_cast<int>(i));
  for (auto& g : rs.groups) f(g.when, -1);
  for (auto& r : rs.rules) f(r.when, -1);
  for (auto& s : rs.result_scores) f(s.value, -1);
  for (auto& g : rs.ratings.list)
    for (auto& l : g.lines) f(l.when, -1);
  for (auto& it : content.questionnaire.items)
    for (auto& cond : it.conditions) f(cond.expr, -1);
}

// Attaches tables to the content's conditions (facts first, so that the conditions reading a
// fact are classed by the values its table gives). Batch scoring does this once; a single
// report does not need it.
void compile_tables(Content& content);

}  // namespace carepath
