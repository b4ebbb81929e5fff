#include "record/record.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <utility>

#include "lang/expr_table.hpp"
#include "record/anonymity.hpp"
#include "record/placement.hpp"
#include "util/i18n.hpp"
#include "util/limits.hpp"
#include "util/number.hpp"
#include "util/text.hpp"

namespace carepath {

namespace {

// `s` equals the lowercase word `lower` with any letters in any case.
bool same_word(std::string_view s, std::string_view lower) {
  if (s.size() != lower.size()) return false;
  for (std::size_t i = 0; i < s.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(s[i])) != lower[i]) return false;
  return true;
}

std::vector<std::string> codes_of(const Item& it) {
  std::vector<std::string> c;
  for (const auto& code : it.codes) c.push_back(code.code);
  return c;
}

// One code of a choice or multi item; "" when fine.
std::string parse_code(const Item& it, const std::string& v, int& index) {
  // A scan of the item's few codes is quicker than hashing the text to look its symbol up.
  for (std::size_t k = 0; k < it.codes.size(); ++k)
    if (it.codes[k].code == v) {
      index = static_cast<int>(k);
      return "";
    }
  index = -1;
  return fmt::format("{} is not allowed; expected {}{}", shown(v), it.allowed(), did_you_mean(v, codes_of(it)));
}

// A header field whose key or value must be neither used nor repeated; "" when it is fine.
// The value of an unknown field is never used or shown, so only its key is checked.
std::string unshowable_field(const RawField& f, const std::vector<std::string>& known) {
  if (auto why = unshowable_value(f.key, max_key_bytes, "a key"); !why.empty()) return why;
  if (std::find(known.begin(), known.end(), f.key) == known.end()) return "";
  bool versions = f.key == "questionnaire_version" || f.key == "questionnaire_digest";
  auto guard = [&](const std::string& v, bool identifiers) {
    // As unshowable_value(), with the message's words put together only for a message.
    return v.size() <= max_value_bytes && plainly_fine(v)
               ? std::string()
               : unshowable_reason(v, max_value_bytes, f.key + ": the value", identifiers);
  };
  if (auto why = guard(f.value.scalar, !versions); !why.empty()) return why;
  for (const auto& v : f.value.list)
    if (auto why = guard(v, true); !why.empty()) return why;
  return "";
}

// One answer against its item's type and codes; "" when it fits. parse_answer adds the guard.
std::string parse_checked_answer(const Item& it, const RawValue& raw, Value& out, std::string& text_out) {
  using Shape = RawValue::Shape;
  if (it.type == ItemType::multi) {
    if (raw.shape != Shape::list)
      return fmt::format("expected a list such as [{}] (or [] for none), got {}", it.codes.empty() ? "" : it.codes[0].code,
                         raw.shape == Shape::scalar ? shown(raw.scalar) : "a mapping");
    std::uint64_t bits = 0;
    for (const auto& v : raw.list) {
      int index;
      if (auto e = parse_code(it, v, index); !e.empty()) return e;
      if (bits >> index & 1u) return fmt::format("{} is listed twice", shown(v));
      bits |= std::uint64_t{1} << index;
    }
    out = Value::of_set(bits);
    return "";
  }
  if (raw.shape != Shape::scalar)
    return fmt::format("expected {}, got {}", it.allowed(), raw.shape == Shape::list ? "a list" : "a mapping");
  const std::string& v = raw.scalar;
  switch (it.type) {
    case ItemType::choice: {
      int index;
      if (auto e = parse_code(it, v, index); !e.empty()) return e;
      out = Value::of_sym(it.codes[static_cast<std::size_t>(index)].sym);
      return "";
    }
    case ItemType::boolean: {
      if (same_word(v, "yes") || same_word(v, "true")) out = Value::of_bool(true);
      else if (same_word(v, "no") || same_word(v, "false")) out = Value::of_bool(false);
      else return fmt::format("{} is not allowed; expected yes or no", shown(v));
      return "";
    }
    case ItemType::integer: {
      auto n = parse_integer(v, IntegerForm::any_sign);
      if (!n || *n < it.min || *n > it.max) return fmt::format("{} is not allowed; expected {}", shown(v), it.allowed());
      out = Value::of_int(*n);
      return "";
    }
    case ItemType::points: {
      auto n = parse_integer(v, IntegerForm::any_sign);
      for (const auto& c : it.codes)
        if (n && c.number == *n) {
          out = Value::of_int(*n);
          return "";
        }
      return fmt::format("{} is not allowed; expected {} (no other value, no rounding)", shown(v), it.allowed());
    }
    case ItemType::text:
      text_out = v;
      out = Value::of_int(static_cast<std::int64_t>(v.size()));  // known; the text itself is kept aside
      return "";
    case ItemType::multi: break;
  }
  return "unsupported item type";
}

}  // namespace

std::string parse_answer(const Item& it, const RawValue& raw, Value& out, std::string& text_out) {
  // Lengths first, before any work per byte (a did-you-mean on a megabyte).
  if (raw.scalar.size() > max_value_bytes) return unshowable_value(raw.scalar, max_value_bytes);
  for (const auto& v : raw.list)
    if (v.size() > max_value_bytes) return unshowable_value(v, max_value_bytes);
  std::string e = parse_checked_answer(it, raw, out, text_out);
  // An answer that is one of the item's codes, yes/no or a number in range cannot be anyone's
  // identifier. Free text is kept and a refusal is shown, so those are guarded; the guard's
  // reason comes first, so that no message repeats an identifier or binary data.
  if (e.empty() && it.type != ItemType::text) return e;
  if (auto why = unshowable_value(raw.scalar, max_value_bytes); !why.empty()) return why;
  for (const auto& v : raw.list)
    if (auto why = unshowable_value(v, max_value_bytes); !why.empty()) return why;
  return e;
}

Truth item_applies(const Questionnaire& q, int item, const std::vector<Value>& answers, std::uint64_t* table_misses) {
  EvalEnv env;
  env.answers = answers.data();
  env.table_misses = table_misses;
  Truth all = Truth::yes();
  for (const auto& c : q.items[static_cast<std::size_t>(item)].conditions) {
    Truth t = eval_fast(c.expr, env).truth();
    all = {all.value && t.value, all.uncertain || t.uncertain};
    if (!t.value) return {false, t.uncertain};
  }
  return all;
}

void check_applicability(const Content& content, const Record& rec, const Pos& where, std::vector<Diagnostic>& errors,
                         std::uint64_t* table_misses) {
  const Questionnaire& q = content.questionnaire;
  AppliesInTurn applies_to(q, rec.answers, table_misses);
  for (std::size_t i = 0; i < q.items.size(); ++i) {
    const Item& it = q.items[i];
    bool applies = applies_to(static_cast<int>(i));
    if (rec.answered(static_cast<int>(i)) && !applies) {
      std::vector<std::string> conds;
      for (const auto& c : it.conditions) conds.push_back(c.expr.source);
      errors.push_back(
          {where, fmt::format("item '{}' was answered, but it is asked only when {}, which does not hold for this record", it.id,
                              join(conds, " and "))});
    } else if (applies && it.required && !rec.answered(static_cast<int>(i)) && it.group < 0 && !rec.required_may_be_unknown) {
      errors.push_back({where, it.missing_message()});
    }
  }
  for (const auto& g : q.groups) {
    if (g.items.empty() || !item_applies(q, g.items[0], rec.answers, table_misses).value) continue;
    std::vector<std::string> missing;
    bool any = false, any_required = false;
    for (int i : g.items) {
      if (rec.answered(i)) any = true;
      else missing.push_back(q.items[static_cast<std::size_t>(i)].id);
      any_required = any_required || q.items[static_cast<std::size_t>(i)].required;
    }
    if (missing.empty()) continue;
    if (any && g.complete)
      errors.push_back({where, fmt::format("group '{}' is partial: it must be answered completely or not at all; missing: {}",
                                           g.id, join(missing, ", "))});
    else if (any_required)
      errors.push_back(
          {where, fmt::format("group '{}' applies and its items are required; missing: {}", g.id, join(missing, ", "))});
  }
}

Record validate_record(const RawRecord& raw, const Content& content, std::vector<Diagnostic>& errors) {
  Record rec;
  validate_record(raw, content, errors, rec);
  return rec;
}

void validate_answers(const RawRecord& raw, const Content& content, std::vector<Diagnostic>& errors, Record& rec) {
  const Questionnaire& q = content.questionnaire;
  rec.case_id.reset();
  rec.placement.reset();
  rec.unfinished = false;
  rec.answers.assign(q.items.size(), Value::none());
  rec.text.resize(q.items.size());
  for (auto& t : rec.text) t.clear();
  rec.from_constant.assign(q.items.size(), false);
  rec.required_may_be_unknown = false;
  errors.insert(errors.end(), raw.errors.begin(), raw.errors.end());
  static const std::vector<std::string> header_keys = {
      "carepath",   "questionnaire", "questionnaire_version", "questionnaire_digest", "case_id", "answers", "placement",
      "unfinished", "language"};
  thread_local std::vector<std::string_view> seen;  // kept from record to record with its buffer
  seen.clear();
  bool have_version = false, have_questionnaire = false;
  for (const auto& f : raw.header) {
    if (auto why = unshowable_field(f, header_keys); !why.empty()) {
      errors.push_back({f.pos, why});
      continue;
    }
    if (std::find(seen.begin(), seen.end(), f.key) != seen.end()) {
      errors.push_back({f.pos, fmt::format("duplicate key {}", shown(f.key))});
      continue;
    }
    seen.push_back(f.key);
    if (f.key == "carepath") {
      have_version = true;
      if (f.value.shape != RawValue::Shape::scalar || f.value.scalar != "1")
        errors.push_back({f.value.pos, "carepath: record format version must be 1"});
    } else if (f.key == "questionnaire") {
      have_questionnaire = true;
      if (f.value.shape != RawValue::Shape::scalar || f.value.scalar != q.id)
        errors.push_back({f.value.pos, fmt::format("questionnaire: this record is for {}, but the questionnaire loaded is '{}'",
                                                   shown(f.value.scalar), q.id)});
    } else if (f.key == "case_id") {
      if (f.value.shape == RawValue::Shape::scalar) {
        if (auto why = case_id_problem(f.value.scalar); !why.empty()) errors.push_back({f.value.pos, why});
        else rec.case_id = f.value.scalar;
      }
      else if (f.value.shape != RawValue::Shape::null) errors.push_back({f.value.pos, "case_id must be a single label"});
    } else if (f.key == "placement") {
      if (f.value.shape != RawValue::Shape::map)
        errors.push_back({f.value.pos, "placement must be a mapping with level, and reason and note when needed"});
      else
        rec.placement = parse_placement(raw.placement, content.rules, f.pos, errors);
    } else if (f.key == "unfinished") {
      if (f.value.shape == RawValue::Shape::scalar && (same_word(f.value.scalar, "true") || same_word(f.value.scalar, "yes")))
        rec.unfinished = true;
      else if (f.value.shape != RawValue::Shape::scalar ||
               !(same_word(f.value.scalar, "false") || same_word(f.value.scalar, "no")))
        errors.push_back({f.value.pos, "unfinished must be true or false"});
    } else if (f.key == "questionnaire_version" || f.key == "questionnaire_digest") {
      if (f.value.shape != RawValue::Shape::scalar) errors.push_back({f.value.pos, f.key + " must be a single value"});
    } else if (f.key == "language") {
      // The language an intake was run in (informative; a resumed intake keeps it).
      bool code = f.value.shape == RawValue::Shape::scalar && f.value.scalar.size() >= 2 && f.value.scalar.size() <= 3 &&
                  std::all_of(f.value.scalar.begin(), f.value.scalar.end(), [](char c) { return c >= 'a' && c <= 'z'; });
      if (!code) errors.push_back({f.value.pos, "language must be a language code such as en or es"});
    } else if (f.key != "answers") {
      // Unknown fields are refused: this is also what keeps names and other identifiers out.
      errors.push_back({f.pos, fmt::format("unknown field {}{}; a record holds only: {}", shown(f.key),
                                           did_you_mean(f.key, header_keys), join(header_keys, ", "))});
    }
  }
  // A record that could not be parsed at all has said why; it is not missing its fields too.
  bool unparsed = raw.header.empty() && !raw.errors.empty();
  if (!have_version && !unparsed) errors.push_back({raw.pos, "missing 'carepath: 1' (the record format version)"});
  if (!have_questionnaire && !unparsed) errors.push_back({raw.pos, fmt::format("missing 'questionnaire: {}'", q.id)});
  if (!raw.answers_present && !unparsed) errors.push_back({raw.pos, "missing 'answers'"});
  thread_local std::vector<char> seen_items;
  seen_items.assign(q.items.size(), 0);
  std::size_t next = 0;  // records list their answers mostly in questionnaire order
  for (const auto& f : raw.answers) {
    int i = next < q.items.size() && q.items[next].id == f.key ? static_cast<int>(next)
                                                               : q.find_item(f.key);  // an item id of ours needs no guarding
    next = i < 0 ? 0 : static_cast<std::size_t>(i) + 1;
    if (i < 0) {
      if (auto why = unshowable_value(f.key, max_key_bytes, "a key"); !why.empty()) {
        errors.push_back({f.pos, why});
        continue;
      }
      errors.push_back({f.pos, fmt::format("unknown item {}{}; it is not in questionnaire '{}'", shown(f.key),
                                           did_you_mean(f.key, q.item_ids()), q.id)});
      continue;
    }
    if (std::exchange(seen_items[static_cast<std::size_t>(i)], 1)) {
      errors.push_back({f.pos, fmt::format("item '{}' is answered twice", f.key)});
      continue;
    }
    if (f.value.shape == RawValue::Shape::null) continue;  // explicitly unknown
    const Item& it = q.items[static_cast<std::size_t>(i)];
    std::string e = parse_answer(it, f.value, rec.answers[static_cast<std::size_t>(i)], rec.text[static_cast<std::size_t>(i)]);
    if (!e.empty()) errors.push_back({f.value.pos, fmt::format("item '{}': {}", it.id, e)});
  }
  // 10,000 unknown keys are not 10,000 lines: the first few say what is wrong.
  if (errors.size() > max_listed_errors) {
    Pos at = errors[max_listed_errors].pos;
    std::size_t more = errors.size() - max_listed_errors;
    errors.resize(max_listed_errors);
    errors.push_back({at, fmt::format("... and {} more problem{}", more, more == 1 ? "" : "s")});
  }
}

void validate_record(const RawRecord& raw, const Content& content, std::vector<Diagnostic>& errors, Record& rec) {
  validate_answers(raw, content, errors, rec);
  if (errors.empty()) check_applicability(content, rec, raw.pos, errors);
}

void throw_if_invalid(const std::string& source, const std::vector<Diagnostic>& errors) {
  throw_if_any(errors, trf("{}: the record is not valid", source));
}

}  // namespace carepath
