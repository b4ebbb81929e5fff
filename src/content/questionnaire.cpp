#include "content/questionnaire.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "util/i18n.hpp"
#include "util/number.hpp"
#include "util/text.hpp"
#include "util/yaml_doc.hpp"

namespace carepath {

std::string_view item_type_name(ItemType t) {
  switch (t) {
    case ItemType::choice: return "choice";
    case ItemType::multi: return "multi";
    case ItemType::boolean: return "boolean";
    case ItemType::integer: return "integer";
    case ItemType::points: return "points";
    case ItemType::text: return "text";
  }
  return "?";
}

int Item::code_index(Sym s) const {
  for (std::size_t i = 0; i < codes.size(); ++i)
    if (codes[i].sym == s) return static_cast<int>(i);
  return -1;
}

const std::string& Item::code_label(Sym s) const {
  static const std::string none;
  int i = code_index(s);
  return i < 0 ? none : codes[static_cast<std::size_t>(i)].label;
}

void Item::describe() {
  std::vector<std::string> c;
  for (const auto& code : codes) c.push_back(code.code);
  switch (type) {
    case ItemType::choice: allowed_ = "one of: " + join(c, ", "); break;
    case ItemType::multi: allowed_ = "a list of any of: " + join(c, ", "); break;
    case ItemType::boolean: allowed_ = "yes or no"; break;
    case ItemType::integer: allowed_ = fmt::format("a whole number from {} to {}", min, max); break;
    case ItemType::points: allowed_ = "one of the points: " + join(c, ", "); break;
    case ItemType::text: allowed_ = "free text"; break;
  }
  missing_ = fmt::format("required item '{}' is missing ({}); expected {}", id, label, allowed_);
}

const Band* Score::band_of(long long total) const {
  for (const auto& b : bands)
    if (total >= b.min && total <= b.max) return &b;
  return nullptr;
}

int Questionnaire::find_item(std::string_view id) const {
  auto it = item_index.find(id);
  return it == item_index.end() ? -1 : it->second;
}

int Questionnaire::find_score(std::string_view id) const {
  for (std::size_t i = 0; i < scores.size(); ++i)
    if (scores[i].id == id) return static_cast<int>(i);
  return -1;
}

std::vector<std::string> Questionnaire::item_ids() const {
  std::vector<std::string> ids;
  for (const auto& it : items) ids.push_back(it.id);
  return ids;
}

TypeInfo ItemScope::item_type(int item) const {
  const Item& it = q_.items[static_cast<std::size_t>(item)];
  TypeInfo t;
  switch (it.type) {
    case ItemType::choice:
      t.type = Type::symbol;
      for (const auto& c : it.codes) t.domain.push_back(c.sym);
      t.domain_owner = fmt::format("item '{}'", it.id);
      break;
    case ItemType::multi: t.type = Type::set, t.set_item = item; break;
    case ItemType::boolean: t.type = Type::boolean; break;
    case ItemType::integer:
    case ItemType::points: t.type = Type::integer; break;
    case ItemType::text: t.type = Type::text; break;
  }
  return t;
}

std::optional<Binding> ItemScope::lookup(std::string_view name) const {
  int i = q_.find_item(name);
  if (i >= 0) return Binding{Op::item, i, item_type(i)};
  if (!with_scores_) return std::nullopt;
  std::string_view base = name, field = "total";
  if (auto dot = name.find('.'); dot != std::string_view::npos) base = name.substr(0, dot), field = name.substr(dot + 1);
  int s = q_.find_score(base);
  if (s < 0) return std::nullopt;
  const Score& sc = q_.scores[static_cast<std::size_t>(s)];
  if (field == "total") return Binding{Op::score_total, s, TypeInfo{Type::integer}};
  if (field == "band") {
    TypeInfo t{Type::symbol};
    for (const auto& b : sc.bands) t.domain.push_back(b.sym);
    t.domain_owner = fmt::format("the bands of score '{}'", sc.id);
    return Binding{Op::score_band, s, t};
  }
  return std::nullopt;
}

std::vector<std::string> ItemScope::names() const {
  std::vector<std::string> n = q_.item_ids();
  if (with_scores_)
    for (const auto& s : q_.scores) {
      n.push_back(s.id + ".total");
      n.push_back(s.id + ".band");
    }
  return n;
}

int ItemScope::code_bit(int item, Sym code) const {
  return item < 0 ? -1 : q_.items[static_cast<std::size_t>(item)].code_index(code);
}

std::vector<std::string> ItemScope::item_codes(int item) const {
  std::vector<std::string> c;
  if (item >= 0)
    for (const auto& code : q_.items[static_cast<std::size_t>(item)].codes) c.push_back(code.code);
  return c;
}

namespace {

const std::vector<std::string> type_names = {"choice", "multi", "boolean", "integer", "points", "text"};

struct PendingCondition {
  YAML::Node node;
  std::vector<int> items;  // items it applies to
};

class Loader {
 public:
  Loader(const std::string& file, Symbols& symbols, Diagnostics& diags, const TextLanguage& language)
      : ctx_(file, diags), symbols_(symbols), language_(language) {}

  Questionnaire run(std::string_view text) {
    q_.file = ctx_.file();
    YAML::Node root = ctx_.load(text);
    if (!root.IsDefined() || root.IsNull()) {
      if (ctx_.diags().empty()) ctx_.diags().add({ctx_.file()}, _("the questionnaire file is empty"));
      return std::move(q_);
    }
    if (!ctx_.check_map(root, "questionnaire",
                        {"carepath_questionnaire", "languages", "id", "version", "url", "title", "intro", "sections", "scores"},
                        {"carepath_questionnaire", "id", "version", "sections"}))
      return std::move(q_);
    ctx_.read_languages(root, language_.wanted, language_.missing);
    q_.languages = ctx_.languages();
    q_.language = ctx_.language();
    if (auto v = root["carepath_questionnaire"]; v.IsDefined())
      if (auto n = ctx_.integer(v, "carepath_questionnaire"); n && *n != 1)
        ctx_.error(v, trf("questionnaire format version {} is not supported; this carepath reads version 1", *n));
    if (auto v = root["id"]; v.IsDefined()) q_.id = ctx_.text(v, "id").value_or("");
    if (auto v = root["version"]; v.IsDefined()) q_.version = ctx_.text(v, "version").value_or("");
    if (auto v = root["url"]; v.IsDefined()) {
      q_.url = ctx_.text(v, "url").value_or("");
      // FHIR's canonical form (.../Questionnaire/<id>): a response names its questionnaire by it.
      if (!q_.url.empty() && !q_.id.empty() && !q_.url.ends_with("/" + q_.id))
        ctx_.error(v, trf("url must end with '/{}', the questionnaire's id", q_.id));
    }
    if (auto v = root["title"]; v.IsDefined()) q_.title = ctx_.prose(v, "the questionnaire's title").value_or("");
    if (auto v = root["intro"]; v.IsDefined()) q_.intro = ctx_.prose(v, "the questionnaire's intro").value_or("");
    if (auto v = root["sections"]; v.IsDefined())
      for (const auto& s : ctx_.list(v, "sections")) section(s);
    if (auto v = root["scores"]; v.IsDefined())
      for (const auto& s : ctx_.list(v, "scores")) score(s);
    compile_conditions();
    return std::move(q_);
  }

 private:
  YamlContext ctx_;
  Symbols& symbols_;
  const TextLanguage& language_;
  Questionnaire q_;
  std::vector<PendingCondition> pending_;

  void section(const YAML::Node& n) {
    if (!ctx_.check_map(n, "section", {"id", "title", "help", "when", "items"}, {"id", "items"})) return;
    Section s;
    s.id = ctx_.text(n["id"], "section id").value_or("");
    if (n["title"]) s.title = ctx_.prose(n["title"], trf("the title of section '{}'", s.id)).value_or("");
    if (n["help"]) s.help = ctx_.prose(n["help"], trf("the help of section '{}'", s.id)).value_or("");
    for (const auto& s2 : q_.sections)
      if (s2.id == s.id) ctx_.error(n["id"], trf("duplicate section id '{}'", s.id));
    int index = static_cast<int>(q_.sections.size());
    q_.sections.push_back(s);
    std::size_t first = q_.items.size();
    for (const auto& e : ctx_.list(n["items"], "items")) {
      if (e.IsMap() && e["group"]) group(e, index);
      else item(e, index, -1);
    }
    if (n["when"]) pending_.push_back({n["when"], range(first, q_.items.size())});
  }

  static std::vector<int> range(std::size_t from, std::size_t to) {
    std::vector<int> r;
    for (std::size_t i = from; i < to; ++i) r.push_back(static_cast<int>(i));
    return r;
  }

  void group(const YAML::Node& n, int section) {
    if (!ctx_.check_map(n, "group", {"group", "label", "help", "when", "complete", "items"}, {"group", "items"})) return;
    Group g;
    g.id = ctx_.text(n["group"], "group id").value_or("");
    g.pos = ctx_.pos(n["group"]);
    if (n["label"]) g.label = ctx_.prose(n["label"], trf("the label of group '{}'", g.id)).value_or("");
    if (n["help"]) g.help = ctx_.prose(n["help"], trf("the help of group '{}'", g.id)).value_or("");
    if (n["complete"]) g.complete = ctx_.boolean(n["complete"], "complete").value_or(false);
    int index = static_cast<int>(q_.groups.size());
    std::size_t first = q_.items.size();
    q_.groups.push_back(g);
    for (const auto& e : ctx_.list(n["items"], "group items")) {
      if (e.IsMap() && e["group"])
        ctx_.error(e["group"], _("groups cannot be nested"));
      else item(e, section, index);
    }
    q_.groups[static_cast<std::size_t>(index)].items = range(first, q_.items.size());
    if (n["when"]) pending_.push_back({n["when"], range(first, q_.items.size())});
  }

  void item(const YAML::Node& n, int section, int group) {
    if (!ctx_.check_map(n, "item",
                        {"id", "type", "label", "help", "required", "codes", "points", "min", "max", "default", "when"},
                        {"id", "type", "label"}))
      return;
    Item it;
    it.id = ctx_.text(n["id"], "item id").value_or("");
    it.pos = ctx_.pos(n["id"]);
    it.section = section;
    it.group = group;
    if (q_.item_index.count(it.id)) {
      ctx_.error(n["id"], trf("duplicate item id '{}'", it.id));
      return;
    }
    if (auto t = n["type"] ? ctx_.text(n["type"], "type") : std::nullopt) {
      auto found = std::find(type_names.begin(), type_names.end(), *t);
      if (found == type_names.end())
        ctx_.error(n["type"], trf("item '{}': unknown type '{}'{}; types: {}", it.id, *t, did_you_mean(*t, type_names),
                                  join(type_names, ", ")));
      else it.type = static_cast<ItemType>(found - type_names.begin());
    }
    if (n["label"]) it.label = ctx_.prose(n["label"], trf("the label of item '{}'", it.id)).value_or("");
    if (n["help"]) it.help = ctx_.prose(n["help"], trf("the help of item '{}'", it.id)).value_or("");
    if (n["required"]) it.required = ctx_.boolean(n["required"], "required").value_or(false);
    bool has_codes = it.type == ItemType::choice || it.type == ItemType::multi;
    expect_key(n, "codes", has_codes, it);
    expect_key(n, "points", it.type == ItemType::points, it);
    expect_key(n, "min", it.type == ItemType::integer, it);
    expect_key(n, "max", it.type == ItemType::integer, it);
    if (has_codes && n["codes"]) codes(n["codes"], it, false);
    if (it.type == ItemType::points && n["points"]) codes(n["points"], it, true);
    if (it.type == ItemType::multi && it.codes.size() > 64) ctx_.error(n["codes"], _("a multi item can have at most 64 codes"));
    if (it.type == ItemType::integer) {
      if (n["min"]) it.min = ctx_.integer(n["min"], "min").value_or(0);
      if (n["max"]) it.max = ctx_.integer(n["max"], "max").value_or(0);
      if (it.min > it.max) ctx_.error(n["max"], trf("item '{}': max {} is below min {}", it.id, it.max, it.min));
    }
    it.describe();
    if (n["default"]) {
      it.default_answer = ctx_.text(n["default"], "default");
      if (it.default_answer && !default_fits(it, *it.default_answer))
        ctx_.error(n["default"], trf("item '{}': default '{}' is not {}", it.id, *it.default_answer, it.allowed()));
    }
    int index = static_cast<int>(q_.items.size());
    q_.item_index[it.id] = index;
    q_.sections[static_cast<std::size_t>(section)].items.push_back(index);
    q_.items.push_back(std::move(it));
    if (n["when"]) pending_.push_back({n["when"], {index}});
  }

  void expect_key(const YAML::Node& n, const char* key, bool wanted, const Item& it) {
    if (wanted && !n[key]) ctx_.error(n["id"], trf("item '{}' of type {} needs '{}'", it.id, item_type_name(it.type), key));
    if (!wanted && n[key]) ctx_.error(n[key], trf("item '{}' of type {} takes no '{}'", it.id, item_type_name(it.type), key));
  }

  bool default_fits(const Item& it, const std::string& v) {
    switch (it.type) {
      case ItemType::choice: return it.code_index(symbols_.find(v)) >= 0;
      case ItemType::boolean: return v == "yes" || v == "no";
      case ItemType::integer: {
        auto x = parse_integer(v, IntegerForm::canonical);
        return x && *x >= it.min && *x <= it.max;
      }
      case ItemType::points: return it.code_index(symbols_.find(v)) >= 0;
      default: return false;
    }
  }

  // Codes and points are mappings `code: label` in the order they are asked.
  void codes(const YAML::Node& n, Item& it, bool points) {
    if (!n.IsMap()) {
      ctx_.error(n, trf("item '{}': {} must be a mapping of {} to labels", it.id, points ? "points" : "codes",
                        points ? "numbers" : "codes"));
      return;
    }
    std::set<std::string> seen;
    for (auto e = n.begin(); e != n.end(); ++e) {
      auto key = ctx_.text(e->first, "code");
      if (!key) continue;
      if (!seen.insert(*key).second) {
        ctx_.error(e->first, trf("item '{}': duplicate code '{}'", it.id, *key));
        continue;
      }
      Code c;
      c.code = *key;
      // No label: the code is its own label (points), in every language.
      c.labels = e->second.IsNull()
                     ? std::vector<std::string>(ctx_.languages().size(), *key)
                     : ctx_.prose_all(e->second, trf("the label of code '{}' of item '{}'", c.code, it.id));
      if (!c.labels.empty()) c.label = c.labels[ctx_.language_index()];
      if (points) {
        auto v = ctx_.integer(e->first, "points");
        if (!v) continue;
        c.number = *v;
      }
      c.sym = symbols_.intern(c.code);
      it.codes.push_back(c);
    }
    if (it.codes.empty()) ctx_.error(n, trf("item '{}' has no {}", it.id, points ? "points" : "codes"));
  }

  void score(const YAML::Node& n) {
    if (!ctx_.check_map(n, "score", {"id", "label", "sum", "count", "bands"}, {"id", "bands"})) return;
    Score s;
    s.id = ctx_.text(n["id"], "score id").value_or("");
    s.pos = ctx_.pos(n["id"]);
    if (n["label"]) s.label = ctx_.prose(n["label"], trf("the label of score '{}'", s.id)).value_or("");
    if (q_.find_score(s.id) >= 0) ctx_.error(n["id"], trf("duplicate score id '{}'", s.id));
    if (q_.find_item(s.id) >= 0) ctx_.error(n["id"], trf("score id '{}' is also an item id", s.id));
    long long lo = 0, hi = 0;
    if (n["sum"].IsDefined() == n["count"].IsDefined()) {
      ctx_.error(n["id"], trf("score '{}' needs exactly one of 'sum' (a list of items) or 'count' (a multi item)", s.id));
    } else if (n["sum"]) {
      s.kind = Score::Kind::sum;
      for (const auto& e : ctx_.list(n["sum"], "sum")) {
        int i = item_ref(e, s.id);
        if (i < 0) continue;
        const Item& it = q_.items[static_cast<std::size_t>(i)];
        if (it.type == ItemType::points) {
          if (it.codes.empty()) continue;  // "has no points" is reported with the item
          long long mn = it.codes[0].number, mx = mn;
          for (const auto& c : it.codes) mn = std::min(mn, c.number), mx = std::max(mx, c.number);
          lo += mn, hi += mx;
        } else if (it.type == ItemType::integer) {
          lo += it.min, hi += it.max;
        } else {
          ctx_.error(e, trf("score '{}' can only sum points or integer items; '{}' is {}", s.id, it.id, item_type_name(it.type)));
          continue;
        }
        s.items.push_back(i);
      }
    } else {
      s.kind = Score::Kind::count;
      int i = item_ref(n["count"], s.id);
      if (i >= 0 && q_.items[static_cast<std::size_t>(i)].type != ItemType::multi)
        ctx_.error(n["count"],
                   trf("score '{}' counts the codes of a multi item; '{}' is {}", s.id, q_.items[static_cast<std::size_t>(i)].id,
                       item_type_name(q_.items[static_cast<std::size_t>(i)].type)));
      else if (i >= 0) {
        s.items.push_back(i);
        hi = static_cast<long long>(q_.items[static_cast<std::size_t>(i)].codes.size());
      }
    }
    bands(n["bands"], s, lo, hi);
    q_.scores.push_back(std::move(s));
  }

  int item_ref(const YAML::Node& n, const std::string& owner) {
    auto id = ctx_.text(n, "item id");
    if (!id) return -1;
    int i = q_.find_item(*id);
    if (i < 0) ctx_.error(n, trf("score '{}': unknown item '{}'{}", owner, *id, did_you_mean(*id, q_.item_ids())));
    return i;
  }

  // Bands must cover every possible total exactly once, so that every total has a band.
  void bands(const YAML::Node& n, Score& s, long long lo, long long hi) {
    for (const auto& b : ctx_.list(n, "bands")) {
      if (!ctx_.check_map(b, "band", {"id", "label", "min", "max"}, {"id", "min", "max"})) continue;
      Band band;
      band.id = ctx_.text(b["id"], "band id").value_or("");
      if (b["label"])
        band.label = ctx_.prose(b["label"], trf("the label of band '{}' of score '{}'", band.id, s.id)).value_or("");
      band.min = ctx_.integer(b["min"], "min").value_or(0);
      band.max = ctx_.integer(b["max"], "max").value_or(0);
      band.sym = symbols_.intern(band.id);
      if (band.min > band.max) ctx_.error(b["max"], trf("band '{}': max {} is below min {}", band.id, band.max, band.min));
      long long expect = s.bands.empty() ? lo : s.bands.back().max + 1;
      if (band.min != expect)
        ctx_.error(b["min"], s.bands.empty()
                                 ? trf("score '{}': band '{}' starts at {}, but the lowest possible total is at {}", s.id,
                                       band.id, band.min, expect)
                                 : trf("score '{}': band '{}' starts at {}, but the previous band ends just before {}", s.id,
                                       band.id, band.min, expect));
      for (const auto& other : s.bands)
        if (other.id == band.id) ctx_.error(b["id"], trf("score '{}': duplicate band '{}'", s.id, band.id));
      s.bands.push_back(band);
    }
    if (!s.bands.empty() && s.bands.back().max != hi && !s.items.empty())
      ctx_.error(n, trf("score '{}': the bands end at {}, but the highest possible total is {}", s.id, s.bands.back().max, hi));
  }

  void compile_conditions() {
    ItemScope scope(q_, symbols_, false);
    std::vector<std::vector<int>> ids(q_.items.size());  // by item: the pending conditions it got
    for (std::size_t id = 0; id < pending_.size(); ++id) {
      const PendingCondition& p = pending_[id];
      auto src = ctx_.text(p.node, "when");
      if (!src || p.items.empty()) continue;
      YAML::Node node = p.node;
      Expr e = compile_expr(*src, scope, Type::boolean, [&](std::size_t off, const std::string& msg) {
        ctx_.diags().add(scalar_char_pos(ctx_, node, off), "condition: " + msg);
      });
      if (!e.valid()) continue;
      int first = p.items.front();
      for (int used : e.items)
        if (used >= first)
          ctx_.error(p.node, trf("condition uses '{}', which is not asked before '{}'; conditions may only use earlier items",
                                 q_.items[static_cast<std::size_t>(used)].id, q_.items[static_cast<std::size_t>(first)].id));
      for (int i : p.items) {
        q_.items[static_cast<std::size_t>(i)].conditions.push_back({e, ctx_.pos(p.node)});
        ids[static_cast<std::size_t>(i)].push_back(static_cast<int>(id));
      }
    }
    std::map<std::vector<int>, int> sets;
    for (std::size_t i = 0; i < q_.items.size(); ++i)
      if (!ids[i].empty()) q_.items[i].condition_set = sets.emplace(ids[i], static_cast<int>(sets.size())).first->second;
  }
};

}  // namespace

Questionnaire load_questionnaire(std::string_view text, const std::string& file, Symbols& symbols, Diagnostics& diags,
                                 const TextLanguage& language) {
  Loader l(file, symbols, diags, language);
  try {
    return l.run(text);
  } catch (const YAML::Exception& e) {
    // A shape the loader did not foresee (yaml-cpp throws on reading an absent node): an
    // error in the file, not a crash. The fuzzers look for these; each one found is fixed.
    diags.add({file, e.mark.is_null() ? 0 : e.mark.line + 1, e.mark.is_null() ? 0 : e.mark.column + 1},
              trf("unexpected structure: {}", e.msg));
  }
  return {};
}

}  // namespace carepath
