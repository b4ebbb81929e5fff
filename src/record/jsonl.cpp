#include "record/jsonl.hpp"

#include <fmt/format.h>
#include <simdjson.h>

#include <algorithm>
#include <bit>
#include <cstring>
#include <type_traits>

#include "record/anonymity.hpp"
#include "record/fhir_response.hpp"
#include "util/limits.hpp"
#include "util/swar.hpp"

namespace carepath {

namespace od = simdjson::ondemand;

const std::size_t jsonl_padding = simdjson::SIMDJSON_PADDING;

struct JsonlParser::Impl {
  od::parser parser;
  std::vector<std::uint32_t> seen;  // read_plain(): the item was met in the record stamped so
  std::uint32_t stamp = 0;
};

JsonlParser::JsonlParser() : impl_(std::make_unique<Impl>()) {}
JsonlParser::~JsonlParser() = default;

namespace {

std::string_view trim_token(std::string_view t) {
  while (!t.empty() && (t.back() == ' ' || t.back() == '\t' || t.back() == '\r' || t.back() == '\n')) t.remove_suffix(1);
  return t;
}

struct LineContext {
  const char* start;
  const std::string& file;
  int line;
  // Sets `pos` in place: a reused field keeps its file name's buffer.
  void place(Pos& pos, const char* p) const {
    pos.file.assign(file);
    pos.line = line;
    pos.col = static_cast<int>(p - start) + 1;
  }
};

void scalar_text(od::value& v, od::json_type type, std::string& out) {
  if (type == od::json_type::string) out.assign(std::string_view(v.get_string()));
  else out.assign(trim_token(v.raw_json_token()));
}

// Fills `out` in place: a parser reused line after line keeps every string's buffer.
void raw_value(od::value v, const LineContext& lc, std::vector<Diagnostic>& errors, RawValue& out) {
  lc.place(out.pos, v.raw_json_token().data());
  out.scalar.clear();
  out.list.clear();
  od::json_type type = v.type();
  switch (type) {
    case od::json_type::null:
      out.shape = RawValue::Shape::null;
      static_cast<void>(v.is_null());
      break;
    case od::json_type::array:
      out.shape = RawValue::Shape::list;
      for (auto e : v.get_array()) {
        od::value ev = e.value();
        od::json_type et = ev.type();
        if (et == od::json_type::array || et == od::json_type::object || et == od::json_type::null) {
          errors.push_back({out.pos, "a list may hold only plain codes"});
          continue;
        }
        scalar_text(ev, et, out.list.emplace_back());
      }
      break;
    case od::json_type::object:
      out.shape = RawValue::Shape::map;  // left unread: ondemand skips what is not consumed
      break;
    default:
      out.shape = RawValue::Shape::scalar;
      scalar_text(v, type, out.scalar);
  }
}

void raw_fields(od::object obj, const LineContext& lc, std::vector<Diagnostic>& errors, RawRecord* rec,
                std::vector<RawField>& out) {
  std::size_t n = 0;
  for (auto f : obj) {
    RawField& rf = n < out.size() ? out[n] : out.emplace_back();
    ++n;
    lc.place(rf.pos, f.key().raw() - 1);
    rf.key.assign(std::string_view(f.unescaped_key()));
    od::value v = f.value();
    if (rec && rf.key == "answers") {
      rec->answers_present = true;
      lc.place(rf.value.pos, v.raw_json_token().data());
      rf.value.scalar.clear();
      rf.value.list.clear();
      od::json_type t = v.type();
      if (t == od::json_type::object) raw_fields(v.get_object(), lc, errors, nullptr, rec->answers);
      else {
        rec->answers.clear();
        if (t == od::json_type::null) static_cast<void>(v.is_null());
        else errors.push_back({rf.pos, "answers must be a mapping of item ids to answers"});
      }
      rf.value.shape = RawValue::Shape::map;
    } else if (rec && rf.key == "placement" && v.type() == od::json_type::object &&
               !std::exchange(rec->placement_present, true)) {
      lc.place(rf.value.pos, v.raw_json_token().data());
      rf.value.scalar.clear();
      rf.value.list.clear();
      rf.value.shape = RawValue::Shape::map;
      raw_fields(v.get_object(), lc, errors, nullptr, rec->placement);
    } else {
      raw_value(v, lc, errors, rf.value);
    }
  }
  out.resize(n);
}

}  // namespace

namespace {

// simdjson's own wording names its internals ("tape", "atom"); a user reads what is wrong.
const char* json_problem(simdjson::error_code e) {
  switch (e) {
    case simdjson::UNCLOSED_STRING: return "a string is not closed";
    case simdjson::TRAILING_CONTENT: return "there is more after the record's closing brace";
    case simdjson::NUMBER_ERROR:
    case simdjson::NUMBER_OUT_OF_RANGE: return "a number is not written correctly";
    case simdjson::UTF8_ERROR: return "the line is not valid UTF-8";
    case simdjson::UNESCAPED_CHARS: return "a string holds a control character (write it as \\n, \\t, ...)";
    case simdjson::T_ATOM_ERROR:
    case simdjson::F_ATOM_ERROR:
    case simdjson::N_ATOM_ERROR: return "a bare word that is not true, false or null";
    case simdjson::INCORRECT_TYPE: return "a record is one JSON object of fields, and answers an object of item ids";
    case simdjson::EMPTY: return "the line holds no JSON value";
    case simdjson::DEPTH_ERROR: return "objects and lists are nested too deeply";
    default: return "the line is not one complete JSON object (a missing comma, colon, quote or brace?)";
  }
}

}  // namespace

void JsonlParser::parse(std::string_view line, const std::string& file, int line_no, RawRecord& r) {
  r.source.clear();
  append_position(r.source, file, line_no);
  r.pos = {file, line_no, 1};
  if (is_fhir_resource(line)) {  // the slow way: a response is reshaped, not keyed
    r = raw_from_fhir(line, file, line_no - 1, r.source);
    return;
  }
  r.errors.clear();
  r.answers_present = false;  // an "answers" field refills r.answers, reusing its fields
  r.placement_present = false;
  LineContext lc{line.data(), file, line_no};
  try {
    od::document doc = impl_->parser.iterate(line.data(), line.size(), line.size() + jsonl_padding);
    raw_fields(doc.get_object(), lc, r.errors, &r, r.header);
    if (!doc.current_location().error()) throw simdjson::simdjson_error(simdjson::TRAILING_CONTENT);
    if (!r.answers_present) r.answers.clear();
    if (!r.placement_present) r.placement.clear();
  } catch (const simdjson::simdjson_error& e) {
    r.header.clear();
    r.answers.clear();
    r.placement.clear();
    r.answers_present = true;  // the syntax error is the one problem worth naming
    r.errors.push_back({r.pos, fmt::format("JSON syntax error: {}", json_problem(e.error()))});
  }
}

namespace {
std::size_t touch(od::value v) {
  switch (v.type()) {
    case od::json_type::object: {
      std::size_t n = 1;
      for (auto f : v.get_object()) n += std::string_view(f.unescaped_key()).size() + touch(f.value());
      return n;
    }
    case od::json_type::array: {
      std::size_t n = 1;
      for (auto e : v.get_array()) n += touch(e.value());
      return n;
    }
    case od::json_type::string: return std::string_view(v.get_string()).size();
    default: return v.raw_json_token().size();
  }
}
}  // namespace

bool JsonlParser::walk(std::string_view line) {
  try {
    od::document doc = impl_->parser.iterate(line.data(), line.size(), line.size() + jsonl_padding);
    std::size_t n = 0;
    for (auto f : doc.get_object()) n += std::string_view(f.unescaped_key()).size() + touch(f.value());
    return n > 0 && doc.current_location().error();
  } catch (const simdjson::simdjson_error&) {
    return false;
  }
}

namespace {

// Compared byte for byte with a raw JSON string, a text holding a quote or a backslash could
// match a string it does not equal.
bool comparable(std::string_view s) { return s.find_first_of("\"\\") == std::string_view::npos; }

JsonlPlainPlan::Word word_of(std::string_view text) {
  std::string quoted = std::string(text) + '"';
  JsonlPlainPlan::Word w;
  w.words.assign((quoted.size() + 7) / 8, 0);
  std::memcpy(w.words.data(), quoted.data(), quoted.size());
  std::size_t tail = quoted.size() % 8;
  w.last_mask = tail == 0 ? ~std::uint64_t{0} : (std::uint64_t{1} << (8 * tail)) - 1;
  return w;
}

// A raw JSON string equals a word: whole words are compared, and after a line come at least
// 64 bytes of padding, so reading on to the end of the word that holds the quote is safe.
inline bool same(const char* raw, const JsonlPlainPlan::Word& w) {
  std::size_t m = w.words.size();
  if (m == 0) return false;
  for (std::size_t k = 0; k + 1 < m; ++k)
    if (swar::load(raw + 8 * k) != w.words[k]) return false;
  return (swar::load(raw + 8 * (m - 1)) & w.last_mask) == w.words[m - 1];
}

// The bytes of a word up to its first quote (all when it has none). A string of fewer than 8
// characters ends within its first word; the bytes after the quote belong to whatever follows.
inline std::uint64_t up_to_quote(std::uint64_t w) {
  std::uint64_t q = swar::equal(w, '"');
  return q ? ((q & -q) << 1) - 1 : ~std::uint64_t{0};  // the lowest match is exact
}

inline std::size_t first_hash(std::uint64_t first, std::size_t slots) {
  return static_cast<std::size_t>((first * 0x9e3779b97f4a7c15u) >> 40) & (slots - 1);
}

// Texts that are not comparable(), or too long for a slot, get no slot: they are never found
// (a long id makes jsonl_plain_plan() give up; a long code takes the long way).
JsonlPlainPlan::Words words_of(const std::vector<std::string_view>& texts) {
  using Text = JsonlPlainPlan::Words::Text;
  JsonlPlainPlan::Words w;
  std::size_t slots = 8;
  while (slots < 2 * texts.size()) slots *= 2;
  w.slots.assign(slots, 0);
  w.texts.resize(texts.size());  // a text without a slot keeps zero words: it is never compared
  for (std::size_t i = 0; i < texts.size(); ++i) {
    if (!comparable(texts[i]) || texts[i].size() >= 8 * Text::width) continue;
    JsonlPlainPlan::Word quoted = word_of(texts[i]);
    Text& t = w.texts[i];
    for (std::size_t k = 0; k < quoted.words.size(); ++k) {
      t.masks[k] = k + 1 == quoted.words.size() ? quoted.last_mask : ~std::uint64_t{0};
      t.words[k] = quoted.words[k];
    }
    t.masks[0] = up_to_quote(t.words[0]);
    std::size_t h = first_hash(t.words[0], slots);
    while (w.slots[h] != 0) h = (h + 1) & (slots - 1);
    w.slots[h] = static_cast<std::int16_t>(i + 1);
  }
  return w;
}

// Whether the raw string whose first word (up to its quote) is `first`, masked by `mask`, is `t`.
// Words past the end of a short string are masked off: reading them is safe, as a line is
// followed by at least jsonl_padding bytes.
inline bool matches(const char* raw, std::uint64_t first, std::uint64_t mask, const JsonlPlainPlan::Words::Text& t) {
  std::uint64_t differ = (first ^ t.words[0]) | (mask ^ t.masks[0]);
  for (std::size_t k = 1; k < JsonlPlainPlan::Words::Text::width; ++k)
    differ |= (swar::load(raw + 8 * k) & t.masks[k]) ^ t.words[k];
  return differ == 0;
}

}  // namespace

int JsonlPlainPlan::Words::find(const char* raw) const {
  std::uint64_t first = swar::load(raw);
  std::uint64_t mask = up_to_quote(first);
  first &= mask;
  for (std::size_t h = first_hash(first, slots.size());; h = (h + 1) & (slots.size() - 1)) {
    int i = slots[h] - 1;
    if (i < 0) return -1;
    if (matches(raw, first, mask, texts[static_cast<std::size_t>(i)])) return i;
  }
}

bool JsonlPlainPlan::Words::is(const char* raw, int i) const {
  std::uint64_t first = swar::load(raw);
  std::uint64_t mask = up_to_quote(first);
  // A text with no slot has no words: it never matches (its first mask is zero, the string's not).
  return matches(raw, first & mask, mask, texts[static_cast<std::size_t>(i)]);
}

std::optional<JsonlPlainPlan> jsonl_plain_plan(const Content& content) {
  const Questionnaire& q = content.questionnaire;
  auto findable = [](const Item& it) { return comparable(it.id) && it.id.size() < 8 * JsonlPlainPlan::Words::Text::width; };
  if (!comparable(q.id) || q.id.size() > max_value_bytes || !plainly_fine(q.id) ||
      !std::all_of(q.items.begin(), q.items.end(), findable))
    return std::nullopt;
  JsonlPlainPlan p;
  p.questionnaire = word_of(q.id);
  p.codes.resize(q.items.size());
  std::vector<std::string_view> texts;
  for (const Item& it : q.items) texts.push_back(it.id);
  p.ids = words_of(texts);
  for (std::size_t i = 0; i < q.items.size(); ++i) {
    const Item& it = q.items[i];
    if (it.type != ItemType::choice && it.type != ItemType::multi) continue;
    texts.clear();
    for (const auto& c : it.codes) texts.push_back(c.code);
    p.codes[i] = words_of(texts);
  }
  return p;
}

namespace {

bool same(od::raw_json_string s, const JsonlPlainPlan::Word& w) { return same(s.raw(), w); }

// The text of a JSON string that has nothing escaped.
std::optional<std::string_view> plain_string(od::raw_json_string s) {
  const char* begin = s.raw();
  const char* p = begin;
  for (; *p != '"'; ++p)
    if (*p == '\\') return std::nullopt;
  return std::string_view(begin, static_cast<std::size_t>(p - begin));
}

// A string with nothing escaped, or a number or literal, as parse() takes it; nullopt otherwise.
std::optional<std::string_view> scalar(od::value v) {
  switch (v.type()) {
    case od::json_type::string: return plain_string(v.get_raw_json_string());
    case od::json_type::number:
    case od::json_type::boolean: return trim_token(v.raw_json_token());
    default: return std::nullopt;
  }
}

// A whole number as to_int() in record.cpp reads it; nullopt for anything else.
std::optional<std::int64_t> plain_int(std::string_view t) {
  bool minus = !t.empty() && t[0] == '-';
  if (minus) t.remove_prefix(1);
  if (t.empty() || t.size() > 17) return std::nullopt;
  std::int64_t n = 0;
  for (char ch : t) {
    if (ch < '0' || ch > '9') return std::nullopt;
    n = n * 10 + (ch - '0');
  }
  return minus ? -n : n;
}

// Types one answer into `out`; false when it must take the long way.
bool answer(od::value v, const Item& it, const JsonlPlainPlan::Words& codes, Value& out) {
  switch (it.type) {
    case ItemType::choice: {
      int c = codes.find(v.get_raw_json_string().raw());  // not a string: an exception, the long way
      if (c < 0) return false;
      out = Value::of_sym(it.codes[static_cast<std::size_t>(c)].sym);
      return true;
    }
    case ItemType::boolean: {
      bool yes = false;
      if (v.type() == od::json_type::boolean) yes = v.get_bool();
      else if (od::raw_json_string s = v.get_raw_json_string(); s.unsafe_is_equal("yes") || s.unsafe_is_equal("true")) yes = true;
      else if (!s.unsafe_is_equal("no") && !s.unsafe_is_equal("false")) return false;  // other spellings the long way
      out = Value::of_bool(yes);
      return true;
    }
    case ItemType::multi: {
      std::uint64_t bits = 0;
      for (auto e : v.get_array()) {
        int c = codes.find(e.get_raw_json_string().raw());
        if (c < 0 || (bits >> c & 1u)) return false;
        bits |= std::uint64_t{1} << c;
      }
      out = Value::of_set(bits);
      return true;
    }
    case ItemType::integer:
    case ItemType::points: {
      if (v.type() != od::json_type::number) return false;
      auto n = plain_int(trim_token(v.raw_json_token()));
      if (!n) return false;
      auto is_code = [&](const Code& c) { return c.number == *n; };
      bool listed = it.type == ItemType::integer ? *n >= it.min && *n <= it.max
                                                 : std::any_of(it.codes.begin(), it.codes.end(), is_code);
      if (!listed) return false;
      out = Value::of_int(*n);
      return true;
    }
    case ItemType::text: return false;
  }
  return false;
}

}  // namespace

bool JsonlParser::read_plain(std::string_view line, const Content& content, const JsonlPlainPlan& plan, Record& rec) {
  const auto& items = content.questionnaire.items;
  const std::size_t n = items.size();
  rec.case_id.reset();
  rec.placement.reset();  // a record with either field takes the long way
  rec.unfinished = false;
  // Value::none() is all zero bytes: a memset, not a loop over 16-byte elements (7% of a line).
  static_assert(std::is_trivially_copyable_v<Value>);
  if (rec.answers.size() != n)
    rec.answers.assign(n, Value::none());
  else
    std::memset(static_cast<void*>(rec.answers.data()), 0, n * sizeof(Value));
  if (rec.text.size() != n) rec.text.assign(n, {});  // never written here: a text answer takes the long way
  if (rec.from_constant.size() != n) rec.from_constant.assign(n, false);
  rec.required_may_be_unknown = false;
  auto& seen = impl_->seen;
  if (seen.size() != n || ++impl_->stamp == 0) {
    seen.assign(n, 0);
    impl_->stamp = 1;
  }
  const std::uint32_t stamp = impl_->stamp;
  enum : unsigned { carepath = 1, questionnaire = 2, case_label = 4, version = 8, digest = 16, answers = 32 };
  unsigned fields = 0;
  auto once = [&](unsigned field) { return !(std::exchange(fields, fields | field) & field); };
  try {
    od::document doc = impl_->parser.iterate(line.data(), line.size(), line.size() + jsonl_padding);
    for (auto f : doc.get_object()) {
      od::raw_json_string name = f.key();
      od::value v = f.value();
      if (name.unsafe_is_equal("answers")) {
        if (!once(answers)) return false;
        int last = -1;
        for (auto a : v.get_object()) {
          // Answers mostly follow the questionnaire's order: the item after the last is tried first.
          const char* key = a.key().raw();
          int item = last + 1 < static_cast<int>(n) && plan.ids.is(key, last + 1) ? last + 1 : plan.ids.find(key);
          if (item < 0) return false;
          last = item;
          auto i = static_cast<std::size_t>(item);
          if (std::exchange(seen[i], stamp) == stamp) return false;  // answered twice
          od::value av = a.value();
          if (av.is_null()) continue;  // explicitly unknown
          if (!answer(av, items[i], plan.codes[i], rec.answers[i])) return false;
        }
      } else if (name.unsafe_is_equal("carepath")) {
        if (!once(carepath) || scalar(v) != "1") return false;
      } else if (name.unsafe_is_equal("questionnaire")) {
        if (!once(questionnaire) || !same(v.get_raw_json_string(), plan.questionnaire)) return false;
      } else {
        bool label = name.unsafe_is_equal("case_id");
        unsigned field = label                                           ? unsigned{case_label}
                         : name.unsafe_is_equal("questionnaire_version") ? unsigned{version}
                         : name.unsafe_is_equal("questionnaire_digest")  ? unsigned{digest}
                                                                         : 0u;
        if (field == 0 || !once(field)) return false;  // an unknown field is reported by the long way
        if (label && v.is_null()) continue;
        // The guard the long way puts on these fields: a version or digest is no one's identifier.
        auto text = scalar(v);
        if (!text || !unshowable_value(*text, max_value_bytes, {}, label).empty()) return false;
        if (label && !case_id_problem(*text).empty()) return false;  // the long way says why
        if (label) rec.case_id.emplace(*text);
      }
    }
    if (!doc.current_location().error()) return false;  // trailing content
  } catch (const simdjson::simdjson_error&) {
    return false;
  }
  return (fields & (carepath | questionnaire | answers)) == (carepath | questionnaire | answers);
}

}  // namespace carepath
