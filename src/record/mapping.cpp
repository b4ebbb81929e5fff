#include "record/anonymity.hpp"
#include "util/limits.hpp"
#include "record/mapping.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>
#include <unordered_map>

#include "util/text.hpp"
#include "util/yaml_doc.hpp"

namespace carepath {

namespace {

// The value of a cell written as a canonical small integer ("7", "-9"; not "07" or "+7").
std::optional<int> small_int(std::string_view s) {
  bool negative = !s.empty() && s[0] == '-';
  std::string_view digits = s.substr(negative ? 1 : 0);
  if (digits.empty() || digits.size() > 4 || (digits.size() > 1 && digits[0] == '0')) return std::nullopt;
  int v = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
  }
  if (negative && v == 0) return std::nullopt;
  return negative ? -v : v;
}

class MappingLoader {
 public:
  MappingLoader(YamlContext& ctx, const Content& c) : ctx_(ctx), c_(c), q_(c.questionnaire) {}

  Mapping load(const YAML::Node& root) {
    Mapping m;
    m.file = ctx_.file();
    if (!ctx_.check_map(root, "mapping file",
                        {"mapping", "questionnaire", "description", "missing", "case_id", "columns", "flags", "constants",
                         "actual", "missing_required"},
                        {"mapping", "questionnaire"}))
      return m;
    if (auto id = ctx_.text(root["mapping"], "mapping")) m.id = *id;
    if (auto qid = ctx_.text(root["questionnaire"], "questionnaire"); qid && *qid != q_.id)
      ctx_.error(root["questionnaire"],
                 fmt::format("questionnaire: this mapping is for '{}', but the questionnaire loaded is '{}'", *qid, q_.id));
    if (root["missing"]) missing_ = ctx_.text_list(root["missing"], "missing");
    m.missing = missing_;
    if (root["case_id"])
      if (auto col = ctx_.text(root["case_id"], "case_id")) m.case_id = claim(*col, root["case_id"]);
    if (root["columns"] && is_map(root["columns"], "columns"))
      for (auto it = root["columns"].begin(); it != root["columns"].end(); ++it) column(it->first, it->second, m);
    if (root["flags"] && is_map(root["flags"], "flags"))
      for (auto it = root["flags"].begin(); it != root["flags"].end(); ++it) flag_item(it->first, it->second, m);
    if (root["constants"] && is_map(root["constants"], "constants"))
      for (auto it = root["constants"].begin(); it != root["constants"].end(); ++it) constant(it->first, it->second, m);
    if (root["actual"]) actual(root["actual"], m);
    if (root["missing_required"]) {
      auto how = ctx_.text(root["missing_required"], "missing_required");
      if (how && *how != "unknown" && *how != "reject")
        ctx_.error(root["missing_required"],
                   fmt::format("missing_required: '{}' is not allowed; expected reject (the default) or unknown{}", *how,
                               did_you_mean(*how, {"reject", "unknown"})));
      m.missing_required_unknown = how && *how == "unknown";
    }
    return m;
  }

 private:
  YamlContext& ctx_;
  const Content& c_;
  const Questionnaire& q_;
  std::vector<std::string> missing_;
  std::set<std::string> columns_used_;
  std::set<int> items_used_;

  bool is_map(const YAML::Node& n, std::string_view what) {
    if (n.IsMap()) return true;
    ctx_.error(n, fmt::format("{} must be a mapping", what));
    return false;
  }

  std::string claim(const std::string& column, const YAML::Node& where) {
    if (!columns_used_.insert(column).second) ctx_.error(where, fmt::format("column '{}' is mapped twice", column));
    return column;
  }

  int item(const YAML::Node& n) {
    auto id = ctx_.text(n, "item");
    if (!id) return -1;
    int i = q_.find_item(*id);
    if (i < 0) {
      ctx_.error(
          n, fmt::format("unknown item '{}'{}; it is not in questionnaire '{}'", *id, did_you_mean(*id, q_.item_ids()), q_.id));
      return -1;
    }
    if (!items_used_.insert(i).second)
      ctx_.error(n, fmt::format("item '{}' is given more than once (by a column, flags or a constant)", *id));
    return i;
  }

  // Our answer written in the mapping, checked exactly as a record's answer would be.
  bool answer(int i, const YAML::Node& n, Value& value, std::string& text) {
    const Item& it = q_.items[static_cast<std::size_t>(i)];
    RawValue raw;
    if (n.IsSequence()) {
      raw.shape = RawValue::Shape::list;
      raw.list = ctx_.text_list(n, "answer");
    } else if (n.IsScalar()) {
      raw.shape = RawValue::Shape::scalar;
      raw.scalar = n.Scalar();
    } else {
      ctx_.error(n, fmt::format("item '{}': expected {}", it.id, it.allowed()));
      return false;
    }
    std::string e = parse_answer(it, raw, value, text);
    if (!e.empty()) ctx_.error(n, fmt::format("item '{}': {}", it.id, e));
    return e.empty();
  }

  void column(const YAML::Node& key, const YAML::Node& n, Mapping& m) {
    ColumnMap cm;
    cm.column = claim(key.Scalar(), key);
    cm.pos = ctx_.pos(key);
    if (!ctx_.check_map(n, fmt::format("column '{}'", cm.column), {"item", "codes", "missing", "note"}, {"item"})) return;
    cm.item = item(n["item"]);
    cm.missing = n["missing"] ? ctx_.text_list(n["missing"], "missing") : missing_;
    if (n["codes"] && is_map(n["codes"], "codes") && cm.item >= 0)
      for (auto it = n["codes"].begin(); it != n["codes"].end(); ++it) {
        MappedCode mc;
        mc.cell = it->first.Scalar();
        if (contains(cm.missing, mc.cell)) ctx_.error(it->first, fmt::format("code '{}' is also listed as missing", mc.cell));
        if (answer(cm.item, it->second, mc.value, mc.text)) cm.codes.push_back(std::move(mc));
      }
    if (cm.item >= 0) m.columns.push_back(std::move(cm));
  }

  void flag_item(const YAML::Node& key, const YAML::Node& n, Mapping& m) {
    FlagItem fi;
    fi.pos = ctx_.pos(key);
    fi.item = item(key);
    if (!ctx_.check_map(n, fmt::format("flags for '{}'", key.Scalar()), {"present", "absent", "columns"}, {"columns"})) return;
    if (fi.item >= 0 && q_.items[static_cast<std::size_t>(fi.item)].type != ItemType::multi) {
      ctx_.error(key, fmt::format("item '{}' is not a multi item; flags build lists of codes", key.Scalar()));
      return;
    }
    if (n["present"]) fi.present = ctx_.text_list(n["present"], "present");
    if (n["absent"]) fi.absent = ctx_.text_list(n["absent"], "absent");
    if (!is_map(n["columns"], "columns") || fi.item < 0) return;
    const Item& it = q_.items[static_cast<std::size_t>(fi.item)];
    std::vector<std::string> codes;
    for (const auto& c : it.codes) codes.push_back(c.code);
    for (auto ci = n["columns"].begin(); ci != n["columns"].end(); ++ci) {
      FlagColumn fc;
      fc.column = claim(ci->first.Scalar(), ci->first);
      fc.pos = ctx_.pos(ci->first);
      // A copy: the iterator hands out a temporary pair, so a reference into it would dangle.
      const YAML::Node spec = ci->second;
      if (!ctx_.check_map(spec, fmt::format("flag column '{}'", fc.column), {"code", "unless", "note"}, {"code"})) continue;
      auto code = ctx_.text(spec["code"], "code");
      if (!code) continue;
      auto at = std::find(codes.begin(), codes.end(), *code);
      if (at == codes.end()) {
        ctx_.error(spec["code"], fmt::format("item '{}': '{}' is not allowed; expected {}{}", it.id, *code, it.allowed(),
                                             did_you_mean(*code, codes)));
        continue;
      }
      fc.code = *code;
      fc.bit = static_cast<int>(at - codes.begin());
      if (spec["unless"] && is_map(spec["unless"], "unless"))
        for (auto u = spec["unless"].begin(); u != spec["unless"].end(); ++u)
          fc.unless.emplace_back(u->first.Scalar(), ctx_.text_list(u->second, "unless"));
      fi.columns.push_back(std::move(fc));
    }
    m.flags.push_back(std::move(fi));
  }

  void constant(const YAML::Node& key, const YAML::Node& n, Mapping& m) {
    Constant k;
    k.item = item(key);
    if (k.item >= 0 && answer(k.item, n, k.value, k.text)) m.constants.push_back(std::move(k));
  }

  void actual(const YAML::Node& n, Mapping& m) {
    if (!ctx_.check_map(n, "actual", {"column", "levels", "settings", "missing", "note"}, {"column", "levels"})) return;
    ActualMap a;
    if (auto col = ctx_.text(n["column"], "column")) a.column = claim(*col, n["column"]);
    a.missing = n["missing"] ? ctx_.text_list(n["missing"], "missing") : missing_;
    std::vector<std::string> ids;
    for (const auto& l : c_.rules.levels) ids.push_back(l.id);
    if (is_map(n["levels"], "levels"))
      for (auto it = n["levels"].begin(); it != n["levels"].end(); ++it) {
        auto id = ctx_.text(it->second, "level");
        if (!id) continue;
        auto at = std::find(ids.begin(), ids.end(), *id);
        if (at == ids.end()) {
          ctx_.error(it->second, fmt::format("unknown level '{}'{}; levels: {}", *id, did_you_mean(*id, ids), join(ids, ", ")));
          continue;
        }
        a.levels.emplace_back(it->first.Scalar(), static_cast<int>(at - ids.begin()));
      }
    // The setting of an admission to a step before the levels, for the cells that say one.
    std::vector<std::string> settings;
    for (const auto& v : c_.rules.setting.values) settings.push_back(v.id);
    if (n["settings"] && is_map(n["settings"], "settings"))
      for (auto it = n["settings"].begin(); it != n["settings"].end(); ++it) {
        auto id = ctx_.text(it->second, "setting");
        if (!id) continue;
        auto at = std::find(settings.begin(), settings.end(), *id);
        auto level = std::find_if(a.levels.begin(), a.levels.end(), [&](const auto& p) { return p.first == it->first.Scalar(); });
        if (at == settings.end())
          ctx_.error(it->second,
                     fmt::format("unknown setting '{}'{}; settings: {}", *id, did_you_mean(*id, settings), join(settings, ", ")));
        else if (level == a.levels.end())
          ctx_.error(it->first, fmt::format("settings: '{}' is not a cell listed under levels", it->first.Scalar()));
        else
          level->second += static_cast<int>(ids.size()) * (static_cast<int>(at - settings.begin()) + 1);
      }
    m.actual = std::move(a);
  }
};

}  // namespace

Mapping parse_mapping(std::string_view text, const std::string& file, const Content& content, Diagnostics& diags) {
  YamlContext ctx(file, diags);
  YAML::Node root = ctx.load(text);
  if (!diags.empty()) return {};
  Mapping m = MappingLoader(ctx, content).load(root);
  for (const auto& f : m.flags)
    for (const auto& fc : f.columns)
      for (const auto& [col, cells] : fc.unless) {
        // Captured by name: clang 14 (the fuzz build) cannot capture a structured binding.
        bool known =
            std::any_of(m.columns.begin(), m.columns.end(), [&col = col](const ColumnMap& c) { return c.column == col; });
        if (!known)
          diags.add(fc.pos,
                    fmt::format("flag column '{}': 'unless' names column '{}', which the mapping does not map", fc.column, col));
      }
  return m;
}

Mapping load_mapping(const std::string& path, const Content& content) {
  Diagnostics diags;
  Mapping m = parse_mapping(read_file(path, max_mapping_bytes), path, content, diags);
  diags.sort_by_position();
  throw_if_any(diags, fmt::format("{}: the mapping is not valid", path));
  return m;
}

BoundMapping::BoundMapping(const Mapping& m, const Content& content, const std::vector<std::string>& header,
                           const std::string& file)
    : m_(m), c_(content), file_(file), width_(header.size()) {
  std::vector<std::string> missing;
  // Looked up, not searched: a table and a mapping may both have 100,000 columns.
  std::unordered_map<std::string_view, int> column_of;
  for (std::size_t k = header.size(); k-- > 0;) column_of[header[k]] = static_cast<int>(k);  // the first of equal names wins
  auto find = [&](const std::string& column) {
    if (auto at = column_of.find(column); at != column_of.end()) return at->second;
    std::string near = closest(column, header);  // a name of the table's, so shown only as the policy allows
    missing.push_back(showable(near, true) && !near.empty() ? column + " (did you mean '" + near + "'?)" : column);
    return -1;
  };
  if (m.case_id) case_id_ = find(*m.case_id);
  if (m.actual) {
    actual_ = find(m.actual->column);
    actual_index_.add(m.actual->missing, missing_slot);
    for (const auto& [cell, level] : m.actual->levels) actual_index_.add({cell}, static_cast<std::int16_t>(level));
  }
  for (const auto& cm : m.columns) {
    column_at_.push_back(find(cm.column));
    IntIndex ix;
    for (std::size_t k = 0; k < cm.codes.size(); ++k) ix.add({cm.codes[k].cell}, static_cast<std::int16_t>(k));
    ix.add(cm.missing, missing_slot);
    index_.push_back(std::move(ix));
  }
  for (const auto& fi : m.flags) {
    flag_index_.emplace_back();
    flag_index_.back().add(fi.absent, 0);
    flag_index_.back().add(fi.present, 1);
    flag_index_.back().add(m.missing, missing_slot);
    flag_at_.emplace_back();
    for (const auto& fc : fi.columns) {
      auto first = static_cast<std::uint32_t>(unless_.size());
      for (const auto& [col, cells] : fc.unless) {
        unless_.push_back({find(col), &cells, {}});
        unless_.back().index.add(cells, 1);
      }
      flag_at_.back().push_back({find(fc.column), first, static_cast<std::uint32_t>(unless_.size()), std::uint64_t{1} << fc.bit});
    }
    flag_run_.push_back(flag_run(flag_index_.back(), flag_at_.back(), unless_));
  }
  if (!missing.empty()) {
    std::size_t lacking = missing.size();
    if (lacking > max_listed_errors) {
      missing.resize(max_listed_errors);
      missing.push_back(fmt::format("... and {} more", lacking - max_listed_errors));
    }
    throw Error(exit_data, fmt::format("{}:1: the header lacks {} column{} that mapping '{}' ({}) needs: {}", file, lacking,
                                       lacking == 1 ? "" : "s", m.id, m.file, join(missing, ", ")));
  }
}

void BoundMapping::check_cells(const std::vector<CsvField>& row, int line, TextKind text, std::vector<Diagnostic>& errors) const {
  // Cells of integers, none longer than the row: nothing to find (see text_kind).
  if (text == TextKind::integers && !row.empty() &&
      static_cast<std::size_t>(row.back().text.data() + row.back().text.size() - row.front().text.data()) <= max_value_bytes)
    return;
  for (std::size_t k = 0; k < row.size(); ++k) {
    // Plain text shorter than five bytes can hold no identifier; most cells of a coded table are.
    if (text != TextKind::any) {
      while (k < row.size() && row[k].text.size() < 5) ++k;
      if (k == row.size()) break;
    }
    if (auto why = unshowable_value(row[k].text, max_value_bytes); !why.empty())
      errors.push_back({{file_, line, row[k].col}, fmt::format("column {}: {}", k + 1, why)});
  }
}

bool BoundMapping::plain(const std::vector<CsvField>& row, int line, TextKind text, std::vector<Diagnostic>& problems) const {
  problems.clear();
  if (row.size() != width_) return false;
  check_cells(row, line, text, problems);
  return problems.empty();
}

void BoundMapping::IntIndex::add(const std::vector<std::string>& cells, std::int16_t value) {
  for (const auto& cell : cells) {
    auto v = small_int(cell);
    if (!v) continue;
    if (slot.empty()) lo = *v;
    if (*v < lo) {
      slot.insert(slot.begin(), static_cast<std::size_t>(lo - *v), not_listed);
      lo = *v;
    }
    if (static_cast<std::size_t>(*v - lo) >= slot.size()) slot.resize(static_cast<std::size_t>(*v - lo + 1), not_listed);
    auto& s = slot[static_cast<std::size_t>(*v - lo)];
    if (s == not_listed) s = value;  // the first listing wins, as with a search in order
  }
  for (int d = 0; d < 10; ++d) single[static_cast<std::size_t>('0' + d)] = at(d);
  fill_pairs();
}

void BoundMapping::IntIndex::fill_pairs() {
  pairs.fill(by_text);  // a byte neither a digit nor a minus sign (the 12th place): no integer
  for_each_int_pair([&](std::size_t place, std::string_view cell) { pairs[place] = find_other(cell); });
}

std::array<std::int16_t, 256> BoundMapping::IntIndex::single_bytes() {
  std::array<std::int16_t, 256> s;
  s.fill(by_text);  // what find_other() says of a byte that is not a digit
  for (char d = '0'; d <= '9'; ++d) s[static_cast<unsigned char>(d)] = not_listed;
  return s;
}

std::int16_t BoundMapping::IntIndex::find_other(std::string_view cell) const {
  int v;
  if (cell.size() == 2 && cell[0] == '-' && cell[1] >= '1' && cell[1] <= '9') v = '0' - cell[1];
  else if (auto n = small_int(cell)) v = *n;
  else return by_text;
  return at(v);
}

void BoundMapping::apply(const std::vector<CsvField>& row, int line, TextKind text, MappedRow& out) const {
  const Questionnaire& q = c_.questionnaire;
  Record& rec = out.record;
  rec.case_id.reset();
  rec.answers.assign(q.items.size(), Value::none());
  rec.text.resize(q.items.size());
  for (auto& t : rec.text) t.clear();
  rec.from_constant.assign(q.items.size(), false);
  rec.required_may_be_unknown = m_.missing_required_unknown;
  out.actual = -1;
  out.errors.clear();
  auto cell = [&](int at) { return row[static_cast<std::size_t>(at)].text; };
  auto where = [&](int at) { return Pos{file_, line, row[static_cast<std::size_t>(at)].col}; };
  if (case_id_ >= 0 && static_cast<std::size_t>(case_id_) < row.size() && !cell(case_id_).empty())
    rec.case_id = std::string(cell(case_id_));
  if (row.size() != width_) {
    out.errors.push_back({{file_, line, 0}, fmt::format("the row has {} fields; the header has {}", row.size(), width_)});
    return;
  }
  check_cells(row, line, text, out.errors);
  if (rec.case_id && out.errors.empty())  // a cell check_cells refused is not reported twice
    if (auto why = case_id_problem(*rec.case_id); !why.empty()) out.errors.push_back({where(case_id_), why});
  if (!out.errors.empty()) {
    rec.case_id.reset();
    return;
  }
  for (std::size_t k = 0; k < m_.columns.size(); ++k) {
    const ColumnMap& cm = m_.columns[k];
    int at = column_at_[k];
    std::string_view v = cell(at);
    auto i = static_cast<std::size_t>(cm.item);
    std::int16_t slot = index_[k].find(v);
    if (slot == missing_slot) continue;
    if (slot >= 0) {
      const MappedCode& code = cm.codes[static_cast<std::size_t>(slot)];
      rec.answers[i] = code.value;
      if (!code.text.empty()) rec.text[i] = code.text;
      continue;
    }
    if (v.empty() || contains(cm.missing, v)) continue;
    const Item& it = q.items[i];
    if (cm.codes.empty()) {
      RawValue raw;
      raw.shape = RawValue::Shape::scalar;
      raw.scalar = v;
      std::string e = parse_answer(it, raw, rec.answers[i], rec.text[i]);
      if (!e.empty()) out.errors.push_back({where(at), fmt::format("column '{}' (item '{}'): {}", cm.column, it.id, e)});
      continue;
    }
    auto code = std::find_if(cm.codes.begin(), cm.codes.end(), [&](const MappedCode& mc) { return mc.cell == v; });
    if (code == cm.codes.end()) {
      std::vector<std::string> known;
      for (const auto& mc : cm.codes) known.push_back(mc.cell);
      out.errors.push_back(
          {where(at),
           fmt::format("column '{}' (item '{}'): {} is not a code the mapping knows; expected one of: {}{}", cm.column, it.id,
                       shown(v), join(known, ", "), cm.missing.empty() ? "" : ", or missing: " + join(cm.missing, ", "))});
      continue;
    }
    rec.answers[i] = code->value;
    if (!code->text.empty()) rec.text[i] = code->text;
  }
  for (std::size_t f = 0; f < m_.flags.size(); ++f)
    if (auto bits = flag_set(row, line, f, text, out.errors))
      rec.answers[static_cast<std::size_t>(m_.flags[f].item)] = Value::of_set(*bits);
  for (const auto& k : m_.constants) {
    auto i = static_cast<std::size_t>(k.item);
    rec.answers[i] = k.value;
    rec.text[i] = k.text;
    rec.from_constant[i] = true;
  }
  if (actual_ >= 0) {
    out.actual = actual_level(cell(actual_));
    if (out.actual == unknown_level) {
      out.actual = -1;
      out.errors.push_back({where(actual_), fmt::format("column '{}' (actual placement): {} is not a code the mapping knows",
                                                        m_.actual->column, shown(cell(actual_)))});
    }
  }
}

int BoundMapping::actual_level(std::string_view v) const {
  if (v.empty()) return -1;
  std::int16_t slot = actual_index_.find(v);
  if (slot == missing_slot) return -1;
  if (slot >= 0) return slot;
  if (contains(m_.actual->missing, v)) return -1;
  auto at = std::find_if(m_.actual->levels.begin(), m_.actual->levels.end(), [&](const auto& p) { return p.first == v; });
  return at != m_.actual->levels.end() ? at->second : unknown_level;
}

}  // namespace carepath
