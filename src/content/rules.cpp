#include "content/rules.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "content/wording.hpp"
#include "lang/expr_table.hpp"
#include "util/i18n.hpp"
#include "util/text.hpp"
#include "util/yaml_doc.hpp"

namespace carepath {

namespace {
template <class T>
int find_by_id(const std::vector<T>& v, std::string_view id) {
  for (std::size_t i = 0; i < v.size(); ++i)
    if (v[i].id == id) return static_cast<int>(i);
  return -1;
}
template <class T>
std::vector<std::string> ids_of(const std::vector<T>& v) {
  std::vector<std::string> out;
  for (const auto& e : v) out.push_back(e.id);
  return out;
}
}  // namespace

int RuleSet::find_level(std::string_view id) const { return find_by_id(levels, id); }
int RuleSet::find_flag(std::string_view id) const { return find_by_id(flags, id); }
int RuleSet::find_medication(std::string_view id) const { return find_by_id(medications, id); }
int RuleSet::find_rule(std::string_view id) const { return find_by_id(rules, id); }
int DecisionDef::find_reason(std::string_view id) const {
  return find_by_id(reasons, id);
}

const std::string& RatingSet::word(long long v) const {
  static const std::string none;
  return v >= 0 && v < static_cast<long long>(scale.size()) ? scale[static_cast<std::size_t>(v)] : none;
}

Rating::Outcome Rating::rate(const EvalEnv& e) const {
  Outcome o;
  long long open_above = -1;  // the highest value of a line passed over for want of answers
  bool open = false;
  for (std::size_t l = 0; l < lines.size(); ++l) {
    Truth t = eval_fast(lines[l].when, e).truth();
    if (t.value) {
      o.line = static_cast<int>(l);
      break;
    }
    if (t.uncertain && (!open || lines[l].value > open_above)) open = true, open_above = lines[l].value;
  }
  o.open = open && (o.line < 0 || open_above > lines[static_cast<std::size_t>(o.line)].value);
  return o;
}

namespace {

// Items and scores of the questionnaire, the facts defined so far, and `result.<field>`.
class RuleScope : public ItemScope {
 public:
  RuleScope(const Questionnaire& q, Symbols& symbols, const RuleSet& r) : ItemScope(q, symbols, true), r_(r) {}
  std::size_t visible_facts = 0;

  std::optional<Binding> lookup(std::string_view name) const override {
    if (auto b = ItemScope::lookup(name)) return b;
    for (std::size_t i = 0; i < visible_facts; ++i)
      if (r_.facts[i].id == name) return Binding{Op::fact, static_cast<int>(i), fact_types[i]};
    if (name.starts_with("result.")) {
      std::string_view f = name.substr(7);
      if (f == "emergency") return Binding{Op::result, rf_emergency, TypeInfo{Type::boolean}};
      if (f == r_.setting.field) return Binding{Op::result, rf_setting, setting_type()};
      if (f == "primary_level") return Binding{Op::result, rf_primary_level, level_type()};
      if (f == "alternative") return Binding{Op::result, rf_alternative, level_type()};
    }
    return std::nullopt;
  }

  std::vector<std::string> names() const override {
    auto n = ItemScope::names();
    for (std::size_t i = 0; i < visible_facts; ++i) n.push_back(r_.facts[i].id);
    for (auto f : {std::string("emergency"), r_.setting.field, std::string("primary_level"), std::string("alternative")})
      n.push_back("result." + f);
    return n;
  }

  std::vector<TypeInfo> fact_types;

 private:
  const RuleSet& r_;
  TypeInfo level_type() const {
    TypeInfo t{Type::symbol};
    for (const auto& l : r_.levels) t.domain.push_back(l.sym);
    t.domain_owner = "the levels of care";
    return t;
  }
  TypeInfo setting_type() const {
    TypeInfo t{Type::symbol};
    t.domain.push_back(r_.setting.none_sym);
    for (const auto& v : r_.setting.values) t.domain.push_back(v.sym);
    t.domain_owner = fmt::format("the values of {}", r_.setting.field);
    return t;
  }
};

const std::vector<std::string> placements = {"before", "step", "after"};

class Loader {
 public:
  Loader(const std::string& file, const Questionnaire& q, Symbols& symbols, Diagnostics& diags, const TextLanguage& language)
      : ctx_(file, diags), q_(q), symbols_(symbols), scope_(q, symbols, r_), language_(language) {}

  RuleSet run(std::string_view text) {
    r_.file = ctx_.file();
    YAML::Node root = ctx_.load(text);
    if (!root.IsDefined() || root.IsNull()) {
      if (ctx_.diags().empty()) ctx_.diags().add({ctx_.file()}, _("the rules file is empty"));
      return std::move(r_);
    }
    if (!ctx_.check_map(
            root, "rule set",
            {"carepath_rules", "id",          "version", "title",    "questionnaire", "disclaimer", "emergency", "principles",
             "sources",        "levels",      "setting", "flags",    "medications",   "pathway",    "facts",     "result_scores",
             "ratings",        "conjunction", "rules",   "decision", "languages",     "wording"},
            {"carepath_rules", "id", "version", "questionnaire", "levels", "rules"}))
      return std::move(r_);
    ctx_.read_languages(root, language_.wanted, language_.missing);
    r_.languages = ctx_.languages();
    r_.language = ctx_.language();
    if (auto v = root["carepath_rules"])
      if (auto n = ctx_.integer(v, "carepath_rules"); n && *n != 1)
        ctx_.error(v, trf("rules format version {} is not supported; this carepath reads version 1", *n));
    r_.id = str(root, "id");
    r_.version = str(root, "version");
    r_.title = prose(root, "title", _("the rule set's title"));
    r_.disclaimer = prose(root, "disclaimer", _("the disclaimer"));
    r_.questionnaire = str(root, "questionnaire");
    if (root["questionnaire"] && !q_.id.empty() && r_.questionnaire != q_.id) {
      // Every name in the rules would be unknown: one clear message instead of hundreds.
      ctx_.error(root["questionnaire"], trf("these rules are for questionnaire '{}', but the questionnaire loaded is '{}' ({})",
                                            r_.questionnaire, q_.id, q_.file));
      return std::move(r_);
    }
    if (auto e = root["emergency"]; e && ctx_.check_map(e, "emergency", {"title", "text"}, {"title", "text"})) {
      r_.emergency_title = prose(e, "title", _("the emergency title"));
      r_.emergency_text = prose(e, "text", _("the emergency text"));
    }
    text_map(root["principles"], "principles", r_.principles, "the title of principle");
    text_map(root["sources"], "sources", r_.sources, nullptr);
    for (const auto& l : list(root, "levels")) level(l);
    setting(root["setting"]);
    for (const auto& f : list(root, "flags")) named(f, N_("flag"), r_.flags);
    for (const auto& m : list(root, "medications")) named(m, N_("medication"), r_.medications);
    for (const auto& f : list(root, "facts")) fact(f);
    scope_.visible_facts = r_.facts.size();
    if (auto p = root["pathway"]; p && ctx_.check_map(p, "pathway", {"id", "principle", "source", "because"}, {"because"})) {
      if (p["id"]) r_.pathway_id = str(p, "id");
      r_.pathway_principle = reference(p["principle"], r_.principles, "principle");
      r_.pathway_source = reference(p["source"], r_.sources, "source");
      r_.pathway_because = templ(p["because"], "the pathway's rationale");
    }
    for (const auto& s : list(root, "result_scores")) result_score(s);
    if (root["conjunction"]) r_.conjunction = prose(root, "conjunction", _("the conjunction"));
    r_.wording = load_wording(ctx_, root, r_.conjunction);
    ratings(root["ratings"]);
    decision(root["decision"]);
    for (const auto& e : list(root, "rules")) {
      if (e.IsMap() && e["group"]) group(e);
      else rule(e, -1);
    }
    return std::move(r_);
  }

 private:
  YamlContext ctx_;
  const Questionnaire& q_;
  Symbols& symbols_;
  RuleSet r_;
  RuleScope scope_;
  const TextLanguage& language_;
  std::set<std::string> rule_ids_;

  std::string str(const YAML::Node& parent, const char* key) {
    YAML::Node n = parent[key];
    return n ? ctx_.text(n, key).value_or("") : "";
  }

  // A text people read, in the language asked for (see YamlContext::prose).
  std::string prose(const YAML::Node& parent, const char* key, const std::string& what) {
    YAML::Node n = parent[key];
    return n ? ctx_.prose(n, what).value_or("") : "";
  }

  std::vector<YAML::Node> list(const YAML::Node& parent, const char* key) {
    YAML::Node n = parent[key];
    return n ? ctx_.list(n, key) : std::vector<YAML::Node>{};
  }

  // `prose`: what the texts are ("the title of principle"), when they are read by people and
  // may be translated; null for citations, which are the same in every language.
  void text_map(const YAML::Node& n, const char* what, std::map<std::string, std::string>& out, const char* prose) {
    if (!n) return;
    if (!n.IsMap()) return ctx_.error(n, trf("{} must be a mapping of ids to text", what));
    for (auto it = n.begin(); it != n.end(); ++it) {
      auto k = ctx_.text(it->first, what);
      if (!k) continue;
      auto v = prose ? ctx_.prose(it->second, fmt::format("{} '{}'", prose, *k)) : ctx_.text(it->second, what);
      if (k && v && !out.emplace(*k, *v).second) ctx_.error(it->first, trf("{}: duplicate id '{}'", what, *k));
    }
  }

  std::string reference(const YAML::Node& n, const std::map<std::string, std::string>& known, const char* what) {
    if (!n) return "";
    auto v = ctx_.text(n, what);
    if (!v) return "";
    // Several principles or sources may be named, separated by commas.
    std::vector<std::string> ids;
    for (auto& [k, _] : known) ids.push_back(k);
    std::size_t start = 0;
    while (start <= v->size()) {
      std::size_t end = v->find(',', start);
      if (end == std::string::npos) end = v->size();
      std::string one = trim(std::string_view(*v).substr(start, end - start));
      if (!one.empty() && !known.count(one))
        ctx_.error(n, trf("unknown {} '{}'{}; declare it under '{}s'", what, one, did_you_mean(one, ids), what));
      start = end + 1;
    }
    return *v;
  }

  void level(const YAML::Node& n) {
    if (!ctx_.check_map(n, "level", {"id", "label", "description", "typical", "asam", "placement"}, {"id", "label"})) return;
    Level l;
    l.id = str(n, "id");
    l.pos = ctx_.pos(n["id"]);
    l.label = prose(n, "label", trf("the label of level '{}'", l.id));
    l.description = prose(n, "description", trf("the description of level '{}'", l.id));
    l.typical = prose(n, "typical", trf("the typical length of level '{}'", l.id));
    l.asam = str(n, "asam");
    if (n["placement"]) {
      std::string p = str(n, "placement");
      auto it = std::find(placements.begin(), placements.end(), p);
      if (it == placements.end())
        ctx_.error(n["placement"], trf("level '{}': unknown placement '{}'{}; allowed: before, step, after", l.id, p,
                                       did_you_mean(p, placements)));
      else l.placement = static_cast<Level::Placement>(it - placements.begin());
    }
    if (r_.find_level(l.id) >= 0) ctx_.error(n["id"], trf("duplicate level id '{}'", l.id));
    l.sym = symbols_.intern(l.id);
    r_.levels.push_back(l);
  }

  void setting(const YAML::Node& n) {
    if (n && ctx_.check_map(n, "setting", {"field", "alternative_field", "label", "none", "values"}, {"field", "values"})) {
      r_.setting.field = str(n, "field");
      if (n["alternative_field"]) r_.setting.alternative_field = str(n, "alternative_field");
      if (n["label"]) r_.setting.label = prose(n, "label", _("the label of the setting"));
      if (n["none"]) r_.setting.none = str(n, "none");
      for (const auto& v : list(n, "values")) {
        if (!ctx_.check_map(v, "setting value", {"id", "label", "description", "asam"}, {"id", "label"})) continue;
        SettingValue s;
        s.id = str(v, "id");
        s.label = prose(v, "label", trf("the label of setting value '{}'", s.id));
        s.description = prose(v, "description", trf("the description of setting value '{}'", s.id));
        s.asam = str(v, "asam");
        if (find_by_id(r_.setting.values, s.id) >= 0 || s.id == r_.setting.none)
          ctx_.error(v["id"], trf("duplicate setting value '{}'", s.id));
        s.sym = symbols_.intern(s.id);
        r_.setting.values.push_back(s);
      }
    }
    r_.setting.none_sym = symbols_.intern(r_.setting.none);
  }

  void named(const YAML::Node& n, const char* what, std::vector<Named>& out) {
    if (!ctx_.check_map(n, what, {"id", "label", "note"}, {"id", "label"})) return;
    Named e;
    e.id = str(n, "id");
    e.label = prose(n, "label", trf("the label of {} '{}'", tr(what), e.id));
    e.note = prose(n, "note", trf("the note of {} '{}'", tr(what), e.id));
    e.pos = ctx_.pos(n["id"]);
    if (find_by_id(out, e.id) >= 0) ctx_.error(n["id"], trf("duplicate {} id '{}'", what, e.id));
    out.push_back(e);
  }

  void decision(const YAML::Node& n) {
    if (!n || !ctx_.check_map(n, "decision", {"reasons", "bridging_title", "bridging"}, {"reasons"})) return;
    for (const auto& r : list(n, "reasons")) named(r, N_("decision reason"), r_.decision.reasons);
    r_.decision.bridging_title = prose(n, "bridging_title", _("the bridging title"));
    for (const auto& b : list(n, "bridging")) {
      if (!ctx_.check_map(b, "bridging entry", {"text", "when"}, {"text"})) continue;
      Bridge e;
      e.text = templ(b["text"], "a bridging text");
      if (b["when"]) e.when = expression(b["when"], Type::boolean, "decision bridging entry"), e.conditional = true;
      r_.decision.bridging.push_back(std::move(e));
    }
  }

  Expr expression(const YAML::Node& n, std::optional<Type> want, const std::string& what) {
    auto src = ctx_.text(n, what);
    if (!src) return {};
    return compile_expr(*src, scope_, want, [&](std::size_t off, const std::string& msg) {
      ctx_.diags().add(scalar_char_pos(ctx_, n, off), what + ": " + msg);
    });
  }

  void fact(const YAML::Node& n) {
    if (!ctx_.check_map(n, "fact", {"id", "label", "value"}, {"id", "value"})) return;
    Fact f;
    f.id = str(n, "id");
    f.label = prose(n, "label", trf("the label of fact '{}'", f.id));
    f.pos = ctx_.pos(n["id"]);
    if (find_by_id(r_.facts, f.id) >= 0) ctx_.error(n["id"], trf("duplicate fact id '{}'", f.id));
    if (q_.find_item(f.id) >= 0 || q_.find_score(f.id) >= 0)
      ctx_.error(n["id"], trf("fact id '{}' is already the id of an item or score", f.id));
    scope_.visible_facts = r_.facts.size();  // a fact sees only the facts before it: no cycles
    f.expr = expression(n["value"], std::nullopt, fmt::format("fact '{}'", f.id));
    scope_.fact_types.push_back(f.expr.valid() ? f.expr.type() : TypeInfo{Type::boolean});
    r_.facts.push_back(std::move(f));
  }

  void result_score(const YAML::Node& n) {
    if (!ctx_.check_map(n, "result score", {"field", "value", "csv"}, {"field", "value"})) return;
    ResultScore s;
    s.field = str(n, "field");
    s.value = expression(n["value"], std::nullopt, fmt::format("result score '{}'", s.field));
    if (s.value.valid() && (s.value.type().type == Type::set || s.value.type().type == Type::text))
      ctx_.error(n["value"], trf("result score '{}' must be a number, a code or yes/no", s.field));
    if (n["csv"]) s.csv = ctx_.boolean(n["csv"], "csv").value_or(false);
    r_.result_scores.push_back(std::move(s));
  }

  // A template in the language asked for. Every language's text is compiled, so that `check`
  // finds a fault in any translation, and must have the holes of the default text.
  Template templ(const YAML::Node& n, const std::string& what) {
    std::vector<YAML::Node> texts = ctx_.prose_nodes(n, what);
    if (texts.empty()) return {};
    Template chosen = compile_template(texts[0]);
    auto holes = [](const Template& t) {
      std::multiset<std::string> h;
      for (const auto& p : t.parts)
        if (p.reasons || p.expr.valid()) h.insert(p.text);
      return h;
    };
    for (std::size_t i = 1; i < texts.size(); ++i) {
      if (texts[i].is(texts[0])) continue;  // no translation: the default text
      Template t = compile_template(texts[i]);
      if (holes(t) != holes(chosen))
        ctx_.error(texts[i], trf("{}: the '{}' text must have the same {{...}} holes as the '{}' text", what, ctx_.languages()[i],
                                 ctx_.languages()[0]));
      if (i == ctx_.language_index()) chosen = std::move(t);
    }
    return chosen;
  }

  Template compile_template(const YAML::Node& n) {
    Template t;
    const std::string& s = n.Scalar();
    std::string lit;
    for (std::size_t i = 0; i < s.size(); ++i) {
      if ((s[i] == '{' || s[i] == '}') && i + 1 < s.size() && s[i + 1] == s[i]) {
        lit += s[i++];
      } else if (s[i] == '{') {
        std::size_t end = s.find('}', i);
        if (end == std::string::npos) {
          ctx_.diags().add(scalar_char_pos(ctx_, n, i), _("text: '{' without a closing '}' (write '{{' for a brace)"));
          break;
        }
        if (!lit.empty()) t.parts.push_back({lit, {}}), lit.clear();
        std::string src_expr = s.substr(i + 1, end - i - 1);
        if (src_expr == "reasons") {
          t.parts.push_back({src_expr, {}, true});
          i = end;
          continue;
        }
        std::size_t base = i + 1;
        Expr e = compile_expr(src_expr, scope_, std::nullopt, [&](std::size_t off, const std::string& msg) {
          ctx_.diags().add(scalar_char_pos(ctx_, n, base + off), "text: " + msg);
        });
        t.parts.push_back({src_expr, std::move(e)});
        i = end;
      } else {
        lit += s[i];
      }
    }
    if (!lit.empty()) t.parts.push_back({lit, {}});
    return t;
  }

  template <class Lookup>
  std::vector<int> id_list(const YAML::Node& n, const char* what, const std::vector<std::string>& known, Lookup find) {
    std::vector<int> out;
    std::vector<YAML::Node> nodes = n.IsSequence() ? ctx_.list(n, what) : std::vector<YAML::Node>{n};
    for (const auto& e : nodes) {
      auto id = ctx_.text(e, what);
      if (!id) continue;
      int i = find(*id);
      if (i < 0)
        ctx_.error(e, trf("unknown {} '{}'{}; known: {}", what, *id, did_you_mean(*id, known), join(known, ", ")));
      else out.push_back(i);
    }
    return out;
  }

  Effects effects(const YAML::Node& n, const std::string& rule_id) {
    Effects e;
    if (!ctx_.check_map(n, fmt::format("effects of rule '{}'", rule_id),
                        {"emergency", "setting", "level", "include", "alternative", "alternative_setting", "caveat", "flags",
                         "medications", "notes"}))
      return e;
    auto levels = ids_of(r_.levels);
    auto find_level = [&](const std::string& id) { return r_.find_level(id); };
    if (n["emergency"]) e.emergency = ctx_.boolean(n["emergency"], "emergency").value_or(false);
    auto setting_value = [&](const char* key) {
      auto v = id_list(n[key], "setting", ids_of(r_.setting.values),
                       [&](const std::string& id) { return find_by_id(r_.setting.values, id); });
      return v.empty() ? -1 : v[0];
    };
    if (n["setting"]) e.setting = setting_value("setting");
    if (n["alternative_setting"]) e.alternative_setting = setting_value("alternative_setting");
    if (n["level"]) {
      auto v = id_list(n["level"], "level", levels, find_level);
      if (!v.empty()) e.level = v[0];
      if (!v.empty() && r_.levels[static_cast<std::size_t>(v[0])].placement != Level::Placement::step)
        ctx_.error(n["level"], trf("level '{}' is not a step level (placement: step) and cannot be the primary level",
                                   r_.levels[static_cast<std::size_t>(v[0])].id));
    }
    if (n["include"]) e.include = id_list(n["include"], "level", levels, find_level);
    if (n["alternative"]) {
      auto v = id_list(n["alternative"], "level", levels, find_level);
      if (!v.empty()) e.alternative = v[0];
    }
    if (n["caveat"]) e.caveat = templ(n["caveat"], trf("the caveat of rule '{}'", rule_id));
    if (n["flags"])
      e.flags = id_list(n["flags"], "flag", ids_of(r_.flags), [&](const std::string& id) { return r_.find_flag(id); });
    if (n["medications"])
      e.medications = id_list(n["medications"], "medication", ids_of(r_.medications),
                              [&](const std::string& id) { return r_.find_medication(id); });
    if (n["notes"]) {
      std::vector<YAML::Node> notes =
          n["notes"].IsSequence() ? ctx_.list(n["notes"], "notes") : std::vector<YAML::Node>{n["notes"]};
      for (const auto& t : notes) e.notes.push_back(templ(t, fmt::format("a note of rule '{}'", rule_id)));
    }
    return e;
  }

  // Every item a rule depends on, through facts and scores: what an unknown answer can change.
  std::vector<int> dependencies(const Expr& e) {
    std::set<int> items(e.items.begin(), e.items.end());
    std::vector<int> facts(e.facts.begin(), e.facts.end());
    std::set<int> seen;
    while (!facts.empty()) {
      int f = facts.back();
      facts.pop_back();
      if (!seen.insert(f).second) continue;
      const Expr& fe = r_.facts[static_cast<std::size_t>(f)].expr;
      items.insert(fe.items.begin(), fe.items.end());
      facts.insert(facts.end(), fe.facts.begin(), fe.facts.end());
      for (int s : fe.scores) add_score_items(s, items);
    }
    for (int s : e.scores) add_score_items(s, items);
    return {items.begin(), items.end()};
  }

  void add_score_items(int s, std::set<int>& items) {
    const auto& sc = q_.scores[static_cast<std::size_t>(s)];
    items.insert(sc.items.begin(), sc.items.end());
  }

  void rule(const YAML::Node& n, int group) {
    if (!ctx_.check_map(n, "rule", {"id", "principle", "source", "when", "then", "reasons", "because"}, {"id", "when", "then"}))
      return;
    Rule r;
    r.id = str(n, "id");
    r.pos = ctx_.pos(n["id"]);
    r.group = group;
    if (!rule_ids_.insert(r.id).second) ctx_.error(n["id"], trf("duplicate rule id '{}'", r.id));
    r.principle = reference(n["principle"], r_.principles, "principle");
    r.source = reference(n["source"], r_.sources, "source");
    r.when = expression(n["when"], Type::boolean, fmt::format("rule '{}'", r.id));
    r.items = dependencies(r.when);
    r.then = effects(n["then"], r.id);
    for (const auto& x : list(n, "reasons")) reason(x, r);
    if (r.reasons.size() > Rule::max_reasons)
      ctx_.error(n["reasons"],
                 trf("rule '{}' has {} reasons; a rule may have at most {}", r.id, r.reasons.size(), Rule::max_reasons));
    if (n["because"])
      r.because = templ(n["because"], trf("the rationale of rule '{}'", r.id));
    else
      ctx_.error(n["id"], trf("rule '{}' has no rationale: add 'because:' saying why, naming the answers that decide it", r.id));
    int index = static_cast<int>(r_.rules.size());
    r_.rules.push_back(std::move(r));
    if (group >= 0) r_.groups[static_cast<std::size_t>(group)].rules.push_back(index);
  }

  void reason(const YAML::Node& n, Rule& r) {
    if (!ctx_.check_map(n, fmt::format("reason of rule '{}'", r.id), {"if", "text"}, {"if", "text"})) return;
    Reason x;
    x.pos = ctx_.pos(n["if"]);
    x.when = expression(n["if"], Type::boolean, fmt::format("rule '{}', reason", r.id));
    x.items = dependencies(x.when);
    x.text = templ(n["text"], fmt::format("a reason of rule '{}'", r.id));
    r.reasons.push_back(std::move(x));
  }

  void ratings(const YAML::Node& n) {
    if (!n) return;
    if (!ctx_.check_map(n, "ratings", {"field", "label", "principle", "source", "scale", "list"}, {"field", "list"})) return;
    RatingSet& rs = r_.ratings;
    rs.field = str(n, "field");
    rs.label = prose(n, "label", _("the label of the ratings"));
    rs.principle = reference(n["principle"], r_.principles, "principle");
    rs.source = reference(n["source"], r_.sources, "source");
    for (const auto& w : list(n, "scale"))
      rs.scale.push_back(ctx_.prose(w, trf("the rating word for {}", rs.scale.size())).value_or(""));
    std::set<std::string> columns;
    for (const auto& e : list(n, "list")) {
      if (!ctx_.check_map(e, "rating", {"id", "label", "csv", "lines"}, {"id", "lines"})) continue;
      Rating g;
      g.id = str(e, "id");
      g.label = prose(e, "label", trf("the label of rating '{}'", g.id));
      g.csv = str(e, "csv");
      g.pos = ctx_.pos(e["id"]);
      if (find_by_id(rs.list, g.id) >= 0) ctx_.error(e["id"], trf("duplicate rating id '{}'", g.id));
      if (!g.csv.empty() && !columns.insert(g.csv).second) ctx_.error(e["csv"], trf("duplicate CSV column '{}'", g.csv));
      for (const auto& l : list(e, "lines")) {
        if (!ctx_.check_map(l, fmt::format("line of rating '{}'", g.id), {"value", "when", "because"},
                            {"value", "when", "because"}))
          continue;
        RatingLine line;
        line.pos = ctx_.pos(l["value"]);
        line.value = ctx_.integer(l["value"], "value").value_or(0);
        if (!rs.scale.empty() && rs.word(line.value).empty())
          ctx_.error(l["value"],
                     trf("rating '{}': value {} is not on the scale (0 to {})", g.id, line.value, rs.scale.size() - 1));
        line.when = expression(l["when"], Type::boolean, fmt::format("rating '{}'", g.id));
        line.items = dependencies(line.when);
        line.because = templ(l["because"], fmt::format("a rationale of rating '{}'", g.id));
        g.lines.push_back(std::move(line));
      }
      rs.list.push_back(std::move(g));
    }
  }

  void group(const YAML::Node& n) {
    if (!ctx_.check_map(n, "group", {"group", "label", "match", "when", "rules"}, {"group", "rules"})) return;
    RuleGroup g;
    g.id = str(n, "group");
    g.label = prose(n, "label", trf("the label of group '{}'", g.id));
    g.pos = ctx_.pos(n["group"]);
    if (find_by_id(r_.groups, g.id) >= 0) ctx_.error(n["group"], trf("duplicate group id '{}'", g.id));
    if (n["match"]) {
      std::string m = str(n, "match");
      if (m != "first" && m != "all")
        ctx_.error(n["match"], trf("group '{}': match must be 'first' or 'all', not '{}'", g.id, m));
      g.first_match = m != "all";
    }
    if (n["when"]) g.when = expression(n["when"], Type::boolean, fmt::format("group '{}'", g.id));
    int index = static_cast<int>(r_.groups.size());
    r_.groups.push_back(std::move(g));
    for (const auto& e : list(n, "rules")) {
      if (e.IsMap() && e["group"])
        ctx_.error(e["group"], _("groups cannot be nested"));
      else rule(e, index);
    }
  }
};

}  // namespace

RuleSet load_rules(std::string_view text, const std::string& file, const Questionnaire& q, Symbols& symbols, Diagnostics& diags,
                   const TextLanguage& language) {
  Loader l(file, q, symbols, diags, language);
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
