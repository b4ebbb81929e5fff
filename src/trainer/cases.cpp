#include "trainer/cases.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>

#include "util/i18n.hpp"
#include "util/text.hpp"
#include "util/yaml_doc.hpp"

namespace carepath {

std::vector<std::string> case_files(const std::vector<std::string>& paths) {
  namespace fs = std::filesystem;
  std::vector<std::string> out;
  for (const auto& p : paths) {
    std::error_code ec;
    if (!fs::exists(p, ec)) throw Error(exit_no_input, fmt::format("cannot open '{}'", p));
    if (!fs::is_directory(p, ec)) {
      out.push_back(p);
      continue;
    }
    std::vector<std::string> found;
    for (const auto& e : fs::recursive_directory_iterator(p, ec)) {
      auto ext = e.path().extension().string();
      if (e.is_regular_file() && (ext == ".yaml" || ext == ".yml")) found.push_back(e.path().string());
    }
    std::sort(found.begin(), found.end());
    out.insert(out.end(), found.begin(), found.end());
  }
  return out;
}

namespace {

struct FieldSpec {
  std::string name;
  bool list;
  std::vector<std::string> allowed;  // ids a value may take (empty: any)
};

std::vector<FieldSpec> field_specs(const Engine& engine) {
  const RuleSet& rs = engine.content().rules;
  std::vector<std::string> levels, flags, meds, settings = {rs.setting.none};
  for (const auto& l : rs.levels) levels.push_back(l.id);
  for (const auto& f : rs.flags) flags.push_back(f.id);
  for (const auto& m : rs.medications) meds.push_back(m.id);
  for (const auto& v : rs.setting.values) settings.push_back(v.id);
  auto with_null = [](std::vector<std::string> v) {
    v.push_back("null");
    return v;
  };
  std::vector<FieldSpec> specs = {
      {"emergency", false, {"true", "false"}},
      {rs.setting.field, false, settings},
      {"primary_level", false, levels},
      {"pathway", true, levels},
      {"alternative", false, with_null(levels)},
      {rs.setting.alternative_field, false, with_null(std::vector<std::string>(settings.begin() + 1, settings.end()))},
      {"medications", true, meds},
      {"flags", true, flags}};
  for (const auto& s : rs.result_scores) specs.push_back({"scores." + s.field, false, {}});
  std::vector<std::string> values{"null"};
  for (std::size_t v = 0; v < std::max<std::size_t>(rs.ratings.scale.size(), 1); ++v) values.push_back(std::to_string(v));
  for (const auto& g : rs.ratings.list)
    specs.push_back({rs.ratings.field + "." + g.id, false, rs.ratings.scale.empty() ? std::vector<std::string>{} : values});
  return specs;
}

std::string scalar_of(const YAML::Node& n) { return n.IsNull() ? "null" : n.Scalar(); }

void read_expectation(YamlContext& ctx, const std::vector<FieldSpec>& specs, const std::string& key, const YAML::Node& v,
                      Expectation::Kind kind, std::vector<Expectation>& out) {
  auto spec = std::find_if(specs.begin(), specs.end(), [&](const FieldSpec& s) { return s.name == key; });
  Expectation e;
  e.field = key;
  e.kind = kind;
  e.pos = ctx.pos(v);
  if (spec->list) {
    if (!v.IsSequence()) {
      ctx.error(v,
                fmt::format("expect: '{}' must be a list", kind == Expectation::Kind::exact ? key : key + "_include/_exclude"));
      return;
    }
    for (const auto& x : v) e.values.push_back(scalar_of(x));
  } else {
    if (!v.IsScalar() && !v.IsNull()) {
      ctx.error(v, fmt::format("expect: '{}' must be a single value", key));
      return;
    }
    e.values.push_back(scalar_of(v));
  }
  if (!spec->allowed.empty())
    for (const auto& x : e.values)
      if (std::find(spec->allowed.begin(), spec->allowed.end(), x) == spec->allowed.end())
        ctx.error(v, fmt::format("expect: {}: '{}' is not a known value; expected one of: {}{}", key, x,
                                 join(spec->allowed, ", "), did_you_mean(x, spec->allowed)));
  out.push_back(std::move(e));
}

std::vector<Expectation> read_expect(YamlContext& ctx, const Engine& engine, const YAML::Node& n) {
  std::vector<Expectation> out;
  if (!n.IsMap()) {
    ctx.error(n, "expect must be a mapping of result fields to expected values");
    return out;
  }
  auto specs = field_specs(engine);
  std::vector<std::string> keys;
  const RuleSet& rs = engine.content().rules;
  // Nested fields: `scores: {name: value}` and, with ratings, `<field>: {id: value}`.
  std::vector<std::pair<std::string, std::vector<std::string>>> nested{{"scores", {}}};
  for (const auto& s : rs.result_scores) nested[0].second.push_back(s.field);
  if (!rs.ratings.list.empty()) {
    nested.push_back({rs.ratings.field, {}});
    for (const auto& g : rs.ratings.list) nested.back().second.push_back(g.id);
  }
  for (const auto& s : specs)
    if (std::none_of(nested.begin(), nested.end(), [&](const auto& p) { return s.name.starts_with(p.first + "."); }))
      keys.push_back(s.name);
  for (const auto& p : nested) keys.push_back(p.first);
  for (const auto& s : specs)
    if (s.list) {
      keys.push_back(s.name + "_include");
      keys.push_back(s.name + "_exclude");
    }
  for (auto it = n.begin(); it != n.end(); ++it) {
    std::string key = it->first.Scalar();
    if (std::find(keys.begin(), keys.end(), key) == keys.end()) {
      ctx.error(it->first,
                fmt::format("expect: unknown field '{}'{}; allowed: {}", key, did_you_mean(key, keys), join(keys, ", ")));
      continue;
    }
    if (auto p = std::find_if(nested.begin(), nested.end(), [&](const auto& x) { return x.first == key; }); p != nested.end()) {
      if (!it->second.IsMap()) {
        ctx.error(it->second, fmt::format("expect: {} must be a mapping of its fields to values", key));
        continue;
      }
      const std::vector<std::string>& names = p->second;
      for (auto s = it->second.begin(); s != it->second.end(); ++s) {
        std::string f = s->first.Scalar();
        if (std::find(names.begin(), names.end(), f) == names.end())
          ctx.error(s->first, fmt::format("expect: unknown field '{}' of {}{}; allowed: {}", f, key, did_you_mean(f, names),
                                          join(names, ", ")));
        else read_expectation(ctx, specs, key + "." + f, s->second, Expectation::Kind::exact, out);
      }
      continue;
    }
    Expectation::Kind kind = key.ends_with("_include") ? Expectation::Kind::include
                             : key.ends_with("_exclude") ? Expectation::Kind::exclude : Expectation::Kind::exact;
    std::string field = kind == Expectation::Kind::exact ? key : key.substr(0, key.rfind('_'));
    read_expectation(ctx, specs, field, it->second, kind, out);
  }
  return out;
}

}  // namespace

std::vector<TestCase> load_cases(const std::string& file, const Engine& engine, Diagnostics& diags) {
  namespace fs = std::filesystem;
  YamlContext ctx(file, diags);
  YAML::Node root = ctx.load(read_file(file));
  std::vector<TestCase> out;
  if (!root.IsDefined() || root.IsNull()) return out;
  std::vector<YAML::Node> nodes;
  if (root.IsSequence())
    for (const auto& n : root) nodes.push_back(n);
  else nodes.push_back(root);
  std::set<std::string> ids;
  for (const auto& n : nodes) {
    if (!ctx.check_map(n, "test case", {"id", "name", "answers", "record", "record_file", "expect"}, {"id", "expect"})) continue;
    TestCase c;
    c.pos = ctx.pos(n);
    c.id = n["id"] ? scalar_of(n["id"]) : "";
    c.name = n["name"] ? scalar_of(n["name"]) : "";
    if (!ids.insert(c.id).second) ctx.error(n["id"], fmt::format("duplicate test case id '{}'", c.id));
    int sources = (n["answers"] ? 1 : 0) + (n["record"] ? 1 : 0) + (n["record_file"] ? 1 : 0);
    if (sources != 1) {
      ctx.error(n, fmt::format("test case '{}': give exactly one of answers, record or record_file", c.id));
      continue;
    }
    c.expect = read_expect(ctx, engine, n["expect"]);
    std::string source = fmt::format("{}:{} ({})", file, c.pos.line, c.id);
    if (n["record_file"]) {
      // A file of records: each must give the expected result.
      fs::path p = fs::path(file).parent_path() / scalar_of(n["record_file"]);
      std::ifstream in(p);
      if (!in) {
        ctx.error(n["record_file"], fmt::format("test case '{}': cannot open record file '{}'", c.id, p.string()));
        continue;
      }
      std::vector<RawRecord> records;
      read_yaml_records(in, p.string(), [&](RawRecord&& r) { records.push_back(std::move(r)); });
      for (std::size_t k = 0; k < records.size(); ++k) {
        TestCase each = c;
        if (records.size() > 1) each.id = fmt::format("{}#{}", c.id, k + 1);
        each.record = std::move(records[k]);
        out.push_back(std::move(each));
      }
      continue;
    }
    YAML::Node doc;
    if (n["answers"]) {
      doc["carepath"] = 1;
      doc["questionnaire"] = engine.content().questionnaire.id;
      doc["answers"] = n["answers"];
    } else {
      doc = n["record"];
    }
    c.record = raw_from_yaml(doc, file, 0, source);
    c.record.pos = c.pos;
    out.push_back(std::move(c));
  }
  return out;
}

std::vector<std::string> case_failures(const Engine& engine, const TestCase& c, const Outcome& o) {
  std::vector<std::string> out;
  if (!o.ok()) {
    out.push_back(_("the record is not valid:"));
    for (const auto& l : error_lines(o)) out.push_back("  " + l);
    return out;
  }
  // A rule that explains itself by its reasons must have one that held: else its rationale
  // would not say what decided it (a sub-condition with no reason).
  const RuleSet& rs = engine.content().rules;
  EvalEnv env = engine.env(o.record, o.result);
  for (int ri : o.result.fired) {
    const Rule& rule = rs.rules[static_cast<std::size_t>(ri)];
    if (rule.reasons.empty()) continue;
    if (std::none_of(rule.reasons.begin(), rule.reasons.end(), [&](const Reason& x) {
          return eval(x.when, env).truth().value;
        }))
      out.push_back(trf("rule '{}' fired, but none of its reasons held: its rationale names nothing", rule.id));
  }
  auto fields = outcome_fields(engine, o);
  for (const auto& e : c.expect) {
    auto f = std::find_if(fields.begin(), fields.end(), [&](const OutcomeField& x) { return x.name == e.field; });
    if (f == fields.end()) continue;
    auto has = [&](const std::string& v) { return std::find(f->values.begin(), f->values.end(), v) != f->values.end(); };
    std::vector<std::string> missing, unexpected;
    for (const auto& v : e.values)
      if (e.kind != Expectation::Kind::exclude && !has(v)) missing.push_back(v);
      else if (e.kind == Expectation::Kind::exclude && has(v)) unexpected.push_back(v);
    if (e.kind == Expectation::Kind::exact) {
      OutcomeField want = *f;
      want.values = e.values;
      if (want.same(*f)) continue;
      for (const auto& v : f->values)
        if (std::find(e.values.begin(), e.values.end(), v) == e.values.end()) unexpected.push_back(v);
      std::string detail;
      if (f->list && !f->ordered)
        detail = "   " + trf("(missing: {}; unexpected: {})", missing.empty() ? _("none") : join(missing, ", "),
                                unexpected.empty() ? _("none") : join(unexpected, ", "));
      out.push_back(trf("{}: expected {}", e.field, want.show()));
      // TRANSLATORS: the line under "{}: expected {}"; "got" ends where "expected" ends.
      out.push_back(trf("{}       got {}{}", std::string(e.field.size(), ' '), f->show(), detail));
    } else if (!missing.empty()) {
      out.push_back(trf("{}: expected to include {}, got {}", e.field, join(missing, ", "), f->show()));
    } else if (!unexpected.empty()) {
      out.push_back(trf("{}: expected not to include {}, got {}", e.field, join(unexpected, ", "), f->show()));
    }
  }
  return out;
}

std::vector<int> coverage_nodes(const Expr& e) {
  std::vector<int> out;
  for (std::size_t i = 0; i < e.nodes.size(); ++i) {
    const ExprNode& n = e.nodes[i];
    bool condition = n.type.type == Type::boolean && n.op != Op::literal && n.op != Op::list && n.op != Op::label;
    // A yes/no item is a condition only on its own; inside a comparison its operand is a value.
    if (condition && n.op == Op::item && static_cast<int>(i) != e.root) condition = false;
    if (condition) out.push_back(static_cast<int>(i));
  }
  return out;
}

Coverage::Coverage(const Engine& engine)
    : engine_(engine),
      fired_(engine.content().rules.rules.size(), 0),
      reached_(engine.content().rules.rules.size(), 0),
      rule_seen_(engine.content().rules.rules.size()),
      group_seen_(engine.content().rules.groups.size()),
      group_reached_(engine.content().rules.groups.size(), 0) {}

void Coverage::observe(const Expr& e, const EvalEnv& env, Seen& s) {
  if (!e.valid()) return;
  std::vector<Value> vals;
  eval(e, env, &vals);
  s.t.resize(e.nodes.size(), 0);
  s.f.resize(e.nodes.size(), 0);
  for (int i : coverage_nodes(e)) (vals[static_cast<std::size_t>(i)].truth().value ? s.t : s.f)[static_cast<std::size_t>(i)] = 1;
}

void Coverage::group_reached(int group, const EvalEnv& env) {
  group_reached_[static_cast<std::size_t>(group)] = 1;
  observe(engine_.content().rules.groups[static_cast<std::size_t>(group)].when, env,
          group_seen_[static_cast<std::size_t>(group)]);
}

void Coverage::rule_reached(int rule, const EvalEnv& env) {
  ++reached_[static_cast<std::size_t>(rule)];
  observe(engine_.content().rules.rules[static_cast<std::size_t>(rule)].when, env, rule_seen_[static_cast<std::size_t>(rule)]);
}

void Coverage::add_result(const Result& r) {
  for (int ri : r.fired) ++fired_[static_cast<std::size_t>(ri)];
}

int Coverage::rules_fired() const {
  return static_cast<int>(std::count_if(fired_.begin(), fired_.end(), [](int n) { return n > 0; }));
}

std::vector<int> Coverage::never_fired() const {
  std::vector<int> out;
  for (std::size_t i = 0; i < fired_.size(); ++i)
    if (!fired_[i]) out.push_back(static_cast<int>(i));
  return out;
}

std::vector<int> Coverage::never_reached() const {
  std::vector<int> out;
  for (std::size_t i = 0; i < reached_.size(); ++i)
    if (!reached_[i]) out.push_back(static_cast<int>(i));
  return out;
}

std::vector<Coverage::Gap> Coverage::condition_gaps() const {
  const RuleSet& rs = engine_.content().rules;
  std::vector<Gap> out;
  auto scan = [&](const Expr& e, const Seen& s, int rule, int group) {
    for (int i : coverage_nodes(e)) {
      auto k = static_cast<std::size_t>(i);
      bool t = k < s.t.size() && s.t[k], f = k < s.f.size() && s.f[k];
      if (!t || !f) out.push_back({rule, group, e.node(i).text, !t, !f});
    }
  };
  for (std::size_t g = 0; g < rs.groups.size(); ++g)
    if (group_reached_[g]) scan(rs.groups[g].when, group_seen_[g], -1, static_cast<int>(g));
  for (std::size_t r = 0; r < rs.rules.size(); ++r)
    if (reached_[r]) scan(rs.rules[r].when, rule_seen_[r], static_cast<int>(r), rs.rules[r].group);
  return out;
}

int Coverage::outcomes_total() const {
  const RuleSet& rs = engine_.content().rules;
  std::size_t n = 0;
  for (const auto& g : rs.groups) n += coverage_nodes(g.when).size();
  for (const auto& r : rs.rules) n += coverage_nodes(r.when).size();
  return static_cast<int>(2 * n);
}

int Coverage::outcomes_seen() const {
  int n = 0;
  for (const auto& s : rule_seen_)
    n += static_cast<int>(std::count(s.t.begin(), s.t.end(), 1) + std::count(s.f.begin(), s.f.end(), 1));
  for (const auto& s : group_seen_)
    n += static_cast<int>(std::count(s.t.begin(), s.t.end(), 1) + std::count(s.f.begin(), s.f.end(), 1));
  return n;
}

}  // namespace carepath
