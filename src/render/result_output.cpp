#include "render/result_output.hpp"

#include <fmt/format.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "util/json_writer.hpp"
#include "util/staged_output.hpp"
#include "util/swar.hpp"
#include "util/text.hpp"

namespace carepath {

Outcome score_record(const Engine& engine, const RawRecord& raw) {
  Outcome o;
  score_record(engine, raw, o);
  return o;
}

void score_record(const Engine& engine, const RawRecord& raw, Outcome& o) {
  o.source = raw.source;
  o.errors.clear();
  validate_record(raw, engine.content(), o.errors, o.record);
  o.case_id = o.record.case_id;
  if (o.errors.empty()) engine.evaluate(o.record, o.result);
  if (o.errors.empty())
    if (auto d = placement_problem(engine, o.record, o.result)) o.errors.push_back(*d);
}

bool follows_recommendation(const Placement& p, const Result& result) {
  return p.level == result.primary_level;
}

std::optional<Diagnostic> placement_problem(const Engine& engine, const Record& record, const Result& result) {
  if (!record.placement) return std::nullopt;
  const Placement& p = *record.placement;
  const auto& levels = engine.content().rules.levels;
  std::string decided = levels[static_cast<std::size_t>(p.level)].id;
  std::string recommended = result.primary_level < 0 ? "none" : levels[static_cast<std::size_t>(result.primary_level)].id;
  if (!follows_recommendation(p, result) && p.reason < 0)
    return Diagnostic{p.pos,
                      fmt::format("placement: missing 'reason': the level decided, '{}', differs from the recommended primary "
                                  "level '{}'; expected a reason, one of {}",
                                  decided, recommended, [&] {
                                    std::vector<std::string> ids;
                                    for (const auto& r : engine.content().rules.decision.reasons) ids.push_back(r.id);
                                    return join(ids, ", ");
                                  }())};
  if (follows_recommendation(p, result) && p.reason >= 0)
    return Diagnostic{p.pos,
                      fmt::format("placement.reason: the level decided, '{}', is the recommended primary level; a reason is "
                                  "given only for a departure (remove it)",
                                  decided)};
  return std::nullopt;
}

std::vector<std::string> error_lines(const Outcome& o) {
  std::vector<std::string> out;
  for (const auto& d : o.errors) out.push_back(d.str());
  return out;
}

std::vector<std::string> pathway_ids(const Engine& engine, const Result& r) {
  std::vector<std::string> out;
  for (int l : r.pathway) out.push_back(engine.content().rules.levels[static_cast<std::size_t>(l)].id);
  return out;
}

namespace {
template <class T>
std::vector<std::string> marked(const std::vector<T>& defs, const std::vector<char>& on) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < defs.size(); ++i)
    if (on[i]) out.push_back(defs[i].id);
  return out;
}

void value_json(JsonWriter& w, const Engine& engine, const Value& v, const TypeInfo& t) {
  switch (v.kind) {
    case Kind::unknown: w.null(); break;
    case Kind::boolean: w.value(v.i != 0); break;
    case Kind::integer: w.value(static_cast<long long>(v.i)); break;
    default: w.value(engine.format_value(v, t, false)); break;
  }
}
}  // namespace

std::vector<std::string> flag_ids(const Engine& engine, const Result& r) { return marked(engine.content().rules.flags, r.flags); }
std::vector<std::string> medication_ids(const Engine& engine, const Result& r) {
  return marked(engine.content().rules.medications, r.medications);
}

std::string result_json(const Engine& engine, const Outcome& o, bool pretty) {
  std::string out;
  append_result_json(out, engine, o, pretty);
  return out;
}

namespace {
// An array of the ids of `defs` marked in `on`, written without a vector of copies.
template <class T>
void marked_json(JsonWriter& w, const std::vector<T>& defs, const std::vector<char>& on) {
  w.begin_array();
  for (std::size_t i = 0; i < defs.size(); ++i)
    if (on[i]) w.value(defs[i].id);
  w.end_array();
}
}  // namespace

ResultJsonParts::ResultJsonParts(const Engine& engine) {
  const RuleSet& rs = engine.content().rules;
  for (const Rule& rule : rs.rules) {
    JsonWriter r(false);
    r.begin_object().key("rule").value(rule.id).key("principle").value(rule.principle);
    r.key("source").value(rule.source).key("text");
    rationale_.push_back(r.str());
    JsonWriter n(false);
    n.begin_object().key("rule").value(rule.id).key("text");
    note_.push_back(n.str());
  }
}

void append_result_json(std::string& out, const Engine& engine, const Outcome& o, bool pretty, const ResultJsonParts* parts) {
  if (pretty) parts = nullptr;
  const Content& c = engine.content();
  const RuleSet& rs = c.rules;
  JsonWriter w(pretty, out);
  w.begin_object();
  w.key("case_id");
  o.case_id ? w.value(*o.case_id) : w.null();
  w.key("source").value(o.source);
  w.key("status").value(o.ok() ? "ok" : "error");
  w.key("errors").begin_array();
  for (const auto& d : o.errors) w.value(d.str());
  w.end_array();
  w.key("unfinished").value(o.record.unfinished);
  if (o.ok()) {
    const Result& r = o.result;
    auto level = [&](int l) -> const std::string& { return rs.levels[static_cast<std::size_t>(l)].id; };
    w.key("emergency").value(r.emergency);
    w.key(rs.setting.field).value(c.symbols.name(r.setting));
    w.key("primary_level");
    r.primary_level >= 0 ? w.value(level(r.primary_level)) : w.null();
    w.key("pathway").begin_array();
    for (int l : r.pathway) w.value(level(l));
    w.end_array();
    w.key("alternative");
    r.alternative >= 0 ? w.value(level(r.alternative)) : w.null();
    if (r.alternative_rule >= 0) {
      w.key("alternative_caveat")
          .value(engine.render(rs.rules[static_cast<std::size_t>(r.alternative_rule)].then.caveat, o.record, r));
    }
    w.key(rs.setting.alternative_field);
    r.alternative_setting >= 0 ? w.value(rs.setting.values[static_cast<std::size_t>(r.alternative_setting)].id) : w.null();
    if (r.alternative_setting_rule >= 0)
      w.key(rs.setting.alternative_field + "_caveat")
          .value(engine.render(rs.rules[static_cast<std::size_t>(r.alternative_setting_rule)].then.caveat, o.record, r));
    if (!rs.ratings.list.empty()) {
      w.key(rs.ratings.field).begin_object();
      for (std::size_t k = 0; k < rs.ratings.list.size(); ++k) {
        w.key(rs.ratings.list[k].id);
        r.ratings[k].known() ? w.value(static_cast<long long>(r.ratings[k].i)) : w.null();
      }
      w.end_object();
    }
    w.key("placement");
    if (const auto& p = o.record.placement) {
      bool follows = follows_recommendation(*p, r);
      w.begin_object().key("level").value(level(p->level)).key("reason");
      follows || p->reason < 0 ? w.null() : w.value(rs.decision.reasons[static_cast<std::size_t>(p->reason)].id);
      w.key("note");
      p->note.empty() ? w.null() : w.value(p->note);
      w.key("follows_recommendation").value(follows).end_object();
    } else {
      w.null();
    }
    w.key("medications");
    marked_json(w, rs.medications, r.medications);
    w.key("flags");
    marked_json(w, rs.flags, r.flags);
    w.key("scores").begin_object();
    for (std::size_t i = 0; i < rs.result_scores.size(); ++i) {
      w.key(rs.result_scores[i].field);
      value_json(w, engine, r.result_scores[i], rs.result_scores[i].value.type());
    }
    w.end_object();
    const auto notes = engine.note_items(o.record, r);  // once, for every rationale below
    std::string text;                                   // one buffer for every rationale and note
    w.key("rationale").begin_array();
    for (int ri : r.fired) {
      const Rule& rule = rs.rules[static_cast<std::size_t>(ri)];
      if (parts)
        w.begin_object_raw(parts->rationale(ri));
      else
        w.begin_object()
            .key("rule")
            .value(rule.id)
            .key("principle")
            .value(rule.principle)
            .key("source")
            .value(rule.source)
            .key("text");
      text.clear();
      engine.rationale(text, ri, o.record, r, notes);
      w.value(text).end_object();
    }
    if (engine.pathway_explained(r)) {
      w.begin_object().key("rule").value(rs.pathway_id).key("principle").value(rs.pathway_principle);
      text.clear();
      engine.render(text, rs.pathway_because, o.record, r);
      w.key("source").value(rs.pathway_source).key("text").value(text).end_object();
    }
    w.end_array();
    w.key("notes").begin_array();
    for (int ri : r.fired)
      for (const auto& n : rs.rules[static_cast<std::size_t>(ri)].then.notes) {
        text.clear();
        engine.render(text, n, o.record, r);
        if (parts)
          w.begin_object_raw(parts->note(ri));
        else
          w.begin_object().key("rule").value(rs.rules[static_cast<std::size_t>(ri)].id).key("text");
        w.value(text).end_object();
      }
    w.end_array();
    w.key("unknown").begin_array();
    for (const auto& [item, rules] : engine.sensitive_unknowns(r, notes)) {
      w.begin_object().key("item").value(c.questionnaire.items[static_cast<std::size_t>(item)].id).key("rules").begin_array();
      for (int ri : rules) w.value(rs.rules[static_cast<std::size_t>(ri)].id);
      w.end_array().end_object();
    }
    w.end_array();
  }
  w.key("ruleset").begin_object();
  w.key("id").value(rs.id).key("version").value(rs.version).key("digest").value(c.digest);
  w.end_object();
  w.end_object();
}

std::string csv_header(const Engine& engine) {
  const RuleSet& rs = engine.content().rules;
  std::vector<std::string> cols = {"case_id", "source", "status", "emergency", rs.setting.field, "primary_level", "pathway",
                                   "alternative", "medications", "flags"};
  for (const auto& s : rs.result_scores)
    if (s.csv) cols.push_back(s.field);
  cols.push_back("error");
  cols.push_back(rs.setting.alternative_field);
  for (const auto& g : rs.ratings.list)
    if (!g.csv.empty()) cols.push_back(g.csv);
  for (const char* c : {"placement_level", "placement_reason", "unfinished"}) cols.push_back(c);
  std::vector<std::string> quoted;
  for (const auto& c : cols) quoted.push_back(csv_field(c));
  return join(quoted, ",");
}

// Eight bytes a step.
bool csv_needs_quotes(std::string_view v) {
  auto special = [](std::uint64_t x) {
    return swar::equal(x, ',') | swar::equal(x, '"') | swar::equal(x, '\n') | swar::equal(x, '\r');
  };
  if (v.size() < 8) {  // a byte at a time: find_first_of would search the four for each byte
    bool any = false;
    for (char c : v) any |= c == ',' || c == '"' || c == '\n' || c == '\r';
    return any;
  }
  std::size_t i = 0;
#ifdef __SSE2__
  // Sixteen bytes a step where SSE2 is (every x86-64): a flag list or a path is a few steps.
  const __m128i comma = _mm_set1_epi8(','), quote = _mm_set1_epi8('"'), lf = _mm_set1_epi8('\n'), cr = _mm_set1_epi8('\r');
  for (; i + 16 <= v.size(); i += 16) {
    __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(v.data() + i));
    __m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, comma), _mm_cmpeq_epi8(x, quote)),
                               _mm_or_si128(_mm_cmpeq_epi8(x, lf), _mm_cmpeq_epi8(x, cr)));
    if (_mm_movemask_epi8(hit)) return true;
  }
#endif
  for (; i + 8 <= v.size(); i += 8)
    if (special(swar::load(v.data() + i))) return true;
  return special(swar::load(v.data() + v.size() - 8));  // the tail, in a word that overlaps the last
}

namespace {
// Appends one CSV field; batch scoring writes millions of rows, so no temporary vectors, and
// the row goes through a buffer of its own (util/staged_output.hpp). Inlined wherever it is
// called: with a third caller GCC made it a call, 100 more instructions a row of twenty cells.
[[gnu::always_inline]] inline void add_csv(StagedOutput& out, std::string_view v, bool first = false) {
  if (!first) out.put(',');
  if (csv_needs_quotes(v))
    append_csv_quoted(out.target(), v);
  else
    out.put(v);
}

std::string_view level_text(const Engine& engine, int level) {
  return level < 0 ? std::string_view() : std::string_view(engine.content().rules.levels[static_cast<std::size_t>(level)].id);
}

template <class T>
void add_csv_marked(StagedOutput& out, std::string& buf, const std::vector<T>& defs, const std::vector<char>& on) {
  buf.clear();
  for (std::size_t i = 0; i < defs.size(); ++i)
    if (on[i]) (buf.empty() ? buf : buf += '|') += defs[i].id;
  add_csv(out, buf);
}

void result_columns(StagedOutput& out, const Engine& engine, const Result& r, std::string& buf) {
  const Content& c = engine.content();
  const RuleSet& rs = c.rules;
  out.put(r.emergency ? std::string_view(",true") : std::string_view(",false"));
  add_csv(out, c.symbols.name(r.setting));
  add_csv(out, level_text(engine, r.primary_level));
  buf.clear();
  for (int l : r.pathway) (buf.empty() ? buf : buf += '>') += rs.levels[static_cast<std::size_t>(l)].id;
  add_csv(out, buf);
  add_csv(out, level_text(engine, r.alternative));
  add_csv_marked(out, buf, rs.medications, r.medications);
  add_csv_marked(out, buf, rs.flags, r.flags);
  for (std::size_t i = 0; i < rs.result_scores.size(); ++i)
    if (rs.result_scores[i].csv)
      add_csv(out,
              r.result_scores[i].known() ? engine.format_value(r.result_scores[i], rs.result_scores[i].value.type(), false) : "");
}

void result_tail(StagedOutput& out, const Engine& engine, const Result* r) {
  const RuleSet& rs = engine.content().rules;
  out.put(',');
  if (r && r->alternative_setting >= 0) out.put(rs.setting.values[static_cast<std::size_t>(r->alternative_setting)].id);
  for (std::size_t k = 0; k < rs.ratings.list.size(); ++k)
    if (!rs.ratings.list[k].csv.empty()) {
      out.put(',');
      if (r && r->ratings[k].known()) out.put_int(r->ratings[k].i);
    }
}

// What append_result_columns() writes (a remembered outcome keeps it).
void decided_columns(StagedOutput& out, const Engine& engine, const Result& r, std::string& buf) {
  result_columns(out, engine, r, buf);
  out.put(',');  // no errors
  result_tail(out, engine, &r);
}

// `p`: an accepted record's placement, if it has one.
void placement_columns(StagedOutput& out, const Engine& engine, const Placement* p, bool unfinished) {
  const RuleSet& rs = engine.content().rules;
  if (p) {
    add_csv(out, level_text(engine, p->level));
    add_csv(out,
            p->reason < 0 ? std::string_view() : std::string_view(rs.decision.reasons[static_cast<std::size_t>(p->reason)].id));
  } else {
    out.put(",,");
  }
  out.put(unfinished ? std::string_view(",true") : std::string_view(",false"));
}

void placement_columns(StagedOutput& out, const Engine& engine, const Outcome& o) {
  placement_columns(out, engine, o.ok() && o.record.placement ? &*o.record.placement : nullptr, o.record.unfinished);
}
}  // namespace

std::string result_csv(const Engine& engine, const Outcome& o) {
  std::string out;
  append_result_csv(out, engine, o);
  return out;
}

void append_result_columns(std::string& out, const Engine& engine, const Result& r, std::string& buf) {
  StagedOutput staged(out);
  decided_columns(staged, engine, r, buf);
}

void append_decision_key(std::string& key, const Engine& engine, const Result& r) {
  const RuleSet& rs = engine.content().rules;
  auto put = [&](std::int64_t v) { key.append(reinterpret_cast<const char*>(&v), sizeof v); };
  put(r.emergency);
  put(r.setting);
  put(r.primary_level);
  put(r.alternative);
  put(r.alternative_setting);
  for (std::size_t k = 0; k < r.ratings.size(); ++k) put(r.ratings[k].known() ? r.ratings[k].i : -1);
  key.append(r.rating_open.data(), r.rating_open.size());
  put(static_cast<std::int64_t>(r.pathway.size()));
  for (int l : r.pathway) put(l);
  key.append(r.medications.data(), r.medications.size());
  key.append(r.flags.data(), r.flags.size());
  put(static_cast<std::int64_t>(r.missing_required.size()));
  for (int i : r.missing_required) put(i);
  for (std::size_t i = 0; i < rs.result_scores.size(); ++i)
    if (rs.result_scores[i].csv) {
      put(static_cast<std::int64_t>(r.result_scores[i].kind));
      put(r.result_scores[i].i);
    }
}

void append_result_csv(std::string& out, const Engine& engine, const Outcome& o) {
  append_result_csv(out, engine, o, o.result, nullptr);
}

CsvMessages csv_messages(const std::vector<std::string>& messages) {
  CsvMessages m;
  for (const auto& text : messages) {
    m.quoted = m.quoted || csv_needs_quotes(text);
    append_csv_escaped(m.escaped.emplace_back(), text);
  }
  return m;
}

namespace {
// The error cell of errors that all stand at one place, from their messages as csv_messages()
// gives them; false when they do not.
bool add_error_cell(std::string& out, const std::vector<Diagnostic>& errors, const CsvMessages& messages, std::string& place) {
  const Pos& at = errors.front().pos;
  if (messages.escaped.size() != errors.size() || at.file.empty()) return false;
  for (const auto& e : errors)
    if (e.pos.line != at.line || e.pos.col != at.col || e.pos.file != at.file) return false;
  place.clear();
  at.append_to(place);
  place += ": ";
  bool quoted = messages.quoted || csv_needs_quotes(place);
  out += quoted ? ",\"" : ",";
  for (std::size_t k = 0; k < errors.size(); ++k) {
    if (k > 0) out += "; ";
    if (quoted)
      append_csv_escaped(out, place);
    else
      out += place;
    out += messages.escaped[k];
  }
  if (quoted) out += '"';
  return true;
}
}  // namespace

void append_result_csv(std::string& out, const Engine& engine, const Outcome& o, const Result& r, const std::string* columns,
                       const CsvMessages* messages) {
  const RuleSet& rs = engine.content().rules;
  thread_local std::string buf;  // batch scoring writes millions of rows: no allocation per row
  StagedOutput row(out);
  add_csv(row, o.case_id ? std::string_view(*o.case_id) : std::string_view(), true);
  add_csv(row, o.source);
  row.put(o.ok() ? std::string_view(",ok") : std::string_view(",error"));
  if (o.ok()) {
    if (columns)
      row.put(*columns);
    else
      decided_columns(row, engine, r, buf);
  } else {
    row.put(",,,,,,,");
    for (const auto& s : rs.result_scores)
      if (s.csv) row.put(',');
    if (!messages || !add_error_cell(row.target(), o.errors, *messages, buf)) {
      buf.clear();
      for (const auto& d : o.errors) {
        if (!buf.empty()) buf += "; ";
        d.append_to(buf);
      }
      add_csv(row, buf);
    }
    result_tail(row, engine, nullptr);
  }
  placement_columns(row, engine, o);
}

void append_known_csv_columns(StagedOutput& out, const Engine& engine, const std::string& columns) {
  out.put(",ok");
  out.put(columns);
  placement_columns(out, engine, nullptr, false);
}

}  // namespace carepath
