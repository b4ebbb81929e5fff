#include "intake/intake_session.hpp"

#include <fmt/format.h>
#include <sys/stat.h>

#include <algorithm>
#include <cctype>
#include <ctime>
#include <sstream>

#include "util/i18n.hpp"
#include "util/number.hpp"
#include "util/text.hpp"

namespace carepath {

namespace {

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool is_code(const Item& it, std::string_view word) {
  return std::any_of(it.codes.begin(), it.codes.end(), [&](const Code& c) { return c.code == word; });
}

std::string code_for(const Item& it, const std::string& word, bool numbered) {
  std::vector<ChoiceOption> options;
  for (const auto& c : it.codes) options.emplace_back(c.code, c.labels.empty() ? std::vector<std::string>{c.label} : c.labels);
  int k = match_choice(options, word, numbered);
  if (k >= 0) return it.codes[static_cast<std::size_t>(k)].code;
  // A choice whose codes are yes and no takes the words of a yes-or-no question too ("sí").
  if (auto yes = typed_yes_no(word); yes && is_code(it, *yes ? "yes" : "no")) return *yes ? "yes" : "no";
  return word;
}

// What was typed, in the shape a record file would give it, so that parse_answer decides.
RawValue typed_value(const Item& it, std::string_view typed, bool numbered) {
  RawValue v;
  std::string t = trim(typed);
  if (it.type != ItemType::multi) {
    v.shape = RawValue::Shape::scalar;
    if (it.type == ItemType::boolean) {
      auto yes = typed_yes_no(t);
      v.scalar = yes ? (*yes ? "yes" : "no") : t;
    } else if (it.type == ItemType::choice) {
      v.scalar = code_for(it, t, numbered);
    } else {
      v.scalar = t;
    }
    return v;
  }
  v.shape = RawValue::Shape::list;
  if (t.starts_with('[') && t.ends_with(']')) t = trim(std::string_view(t).substr(1, t.size() - 2));
  // "0", or "none" when no code is called that, means none of them: an empty list.
  if (t.empty() || ((t == "0" || t == "none") && !is_code(it, t))) return v;
  std::string word;
  auto flush = [&] {
    if (!word.empty()) v.list.push_back(code_for(it, word, numbered));
    word.clear();
  };
  for (char c : t) {
    if (c == ',' || std::isspace(static_cast<unsigned char>(c))) flush();
    else word += c;
  }
  flush();
  return v;
}

}  // namespace

std::string fold_text(std::string_view s) {
  // Latin-1's letters U+00C0..U+00FF (UTF-8 C3 80..C3 BF) without their accents; '*' is a sign, kept.
  static constexpr std::string_view plain = "aaaaaaaceeeeiiiidnooooo*ouuuuy*saaaaaaaceeeeiiiidnooooo*ouuuuy*y";
  std::string out;
  for (std::size_t k = 0; k < s.size(); ++k) {
    auto c = static_cast<unsigned char>(s[k]);
    auto next = k + 1 < s.size() ? static_cast<unsigned char>(s[k + 1]) : 0u;
    if (c == 0xC3 && next >= 0x80 && next <= 0xBF && plain[next - 0x80] != '*') {
      out += plain[next - 0x80];
      ++k;
    } else {
      out += static_cast<char>(std::tolower(c));
    }
  }
  return out;
}

int match_choice(const std::vector<ChoiceOption>& options, std::string_view typed, bool numbered) {
  std::string word(typed);
  // Up to three digits are an option's number.
  if (auto n = numbered && word.size() <= 3 ? parse_integer(word, IntegerForm::digits) : std::nullopt)
    return *n >= 1 && static_cast<std::size_t>(*n) <= options.size() ? static_cast<int>(*n - 1) : -1;
  if (word.empty()) return -1;
  for (std::size_t k = 0; k < options.size(); ++k)
    if (options[k].first == word) return static_cast<int>(k);
  std::string w = fold_text(word);
  auto any_name = [&](std::size_t k, auto&& fits) {
    if (fits(fold_text(options[k].first))) return true;
    return std::any_of(options[k].second.begin(), options[k].second.end(),
                       [&](const std::string& l) { return fits(fold_text(l)); });
  };
  for (std::size_t k = 0; k < options.size(); ++k)
    if (any_name(k, [&](const std::string& name) { return name == w; })) return static_cast<int>(k);
  int found = -1;
  for (std::size_t k = 0; k < options.size(); ++k) {
    if (!any_name(k, [&](const std::string& name) { return name.starts_with(w); })) continue;
    if (found >= 0) return -1;  // more than one: not for us to choose
    found = static_cast<int>(k);
  }
  return found;
}

std::optional<bool> typed_yes_no(std::string_view typed) {
  std::string w = fold_text(trim(typed));
  if (w.empty()) return std::nullopt;
  // English always; the chosen language's words too ("yes" and "no" as its catalogue says them).
  for (const char* yes : {"yes", _("yes")})
    if (fold_text(yes).starts_with(w)) return true;
  for (const char* no : {"no", _("no")})
    if (fold_text(no).starts_with(w)) return false;
  return std::nullopt;
}

std::string default_record_path() {
  std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &local);
  struct stat st {};
  std::string path = fmt::format("./intake-{}.yaml", stamp);
  for (int n = 2; ::stat(path.c_str(), &st) == 0; ++n) path = fmt::format("./intake-{}-{}.yaml", stamp, n);
  return path;
}

std::string yaml_scalar(std::string_view s) {
  static const std::vector<std::string> special = {"y", "n", "yes", "no", "true", "false", "on", "off", "null", "~"};
  bool plain = !s.empty() && (std::isalpha(static_cast<unsigned char>(s[0])) || s[0] == '_') &&
               std::all_of(s.begin(), s.end(), [](char c) {
                 return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.';
               }) &&
               std::find(special.begin(), special.end(), lower(s)) == special.end();
  return plain ? std::string(s) : json_quote(s);  // a JSON string is a valid YAML double-quoted scalar
}

IntakeSession::IntakeSession(const Content& content)
    : content_(content),
      q_(content.questionnaire),
      answers_(q_.items.size()),
      text_(q_.items.size()),
      skipped_(q_.items.size(), 0) {}

bool IntakeSession::applies(int i) const { return item_applies(q_, i, answers_).value; }

bool IntakeSession::pending(int i) const { return applies(i) && !answered(i) && !(skipped(i) && !item(i).required); }

int IntakeSession::first_pending() const {
  for (int i = 0; i < static_cast<int>(q_.items.size()); ++i)
    if (pending(i)) return i;
  return -1;
}

int IntakeSession::next(int i) const {
  for (int j = i + 1; j < static_cast<int>(q_.items.size()); ++j)
    if (applies(j)) return j;
  return -1;
}

int IntakeSession::previous(int i) const {
  for (int j = i - 1; j >= 0; --j)
    if (applies(j)) return j;
  return -1;
}

int IntakeSession::applicable_count() const {
  int n = 0;
  for (int i = 0; i < static_cast<int>(q_.items.size()); ++i) n += applies(i) ? 1 : 0;
  return n;
}

int IntakeSession::answered_count() const {
  return static_cast<int>(std::count_if(answers_.begin(), answers_.end(), [](const Value& v) { return v.known(); }));
}

int IntakeSession::position(int i) const {
  int n = 0;
  for (int j = 0; j <= i; ++j) n += applies(j) ? 1 : 0;
  return n;
}

bool IntakeSession::numbered(int i) const {
  const Item& it = item(i);
  if (it.type != ItemType::choice && it.type != ItemType::multi) return false;
  return std::none_of(it.codes.begin(), it.codes.end(), [](const Code& c) { return all_digits(c.code); });
}

std::string IntakeSession::answer(int i, std::string_view typed, std::vector<int>& cleared) {
  const Item& it = item(i);
  Value v;
  std::string text;
  if (std::string e = parse_answer(it, typed_value(it, typed, numbered(i)), v, text); !e.empty()) return e;
  answers_[static_cast<std::size_t>(i)] = v;
  text_[static_cast<std::size_t>(i)] = text;
  skipped_[static_cast<std::size_t>(i)] = 0;
  auto c = clear_inapplicable();
  cleared.insert(cleared.end(), c.begin(), c.end());
  return "";
}

std::string IntakeSession::skip(int i, std::vector<int>& cleared) {
  // A group that must be complete is answered whole or not at all, so skipping one of its
  // items skips the group.
  const Item& it = item(i);
  std::vector<int> items = {i};
  if (it.group >= 0 && q_.groups[static_cast<std::size_t>(it.group)].complete)
    items = q_.groups[static_cast<std::size_t>(it.group)].items;
  for (int j : items)
    if (item(j).required) return trf("'{}' is required and cannot be skipped; expected {}", item(j).id, item(j).allowed());
  for (int j : items) {
    if (j != i && answered(j)) cleared.push_back(j);
    answers_[static_cast<std::size_t>(j)] = Value::none();
    text_[static_cast<std::size_t>(j)].clear();
    skipped_[static_cast<std::size_t>(j)] = 1;
  }
  auto c = clear_inapplicable();
  cleared.insert(cleared.end(), c.begin(), c.end());
  return "";
}

std::vector<int> IntakeSession::clear_inapplicable() {
  // Conditions only use earlier items, so one pass in order sees every earlier clearing.
  std::vector<int> cleared;
  for (int i = 0; i < static_cast<int>(q_.items.size()); ++i) {
    if (!(answered(i) || skipped(i)) || applies(i)) continue;
    if (answered(i)) cleared.push_back(i);
    answers_[static_cast<std::size_t>(i)] = Value::none();
    text_[static_cast<std::size_t>(i)].clear();
    skipped_[static_cast<std::size_t>(i)] = 0;
  }
  return cleared;
}

std::string IntakeSession::answer_text(int i) const {
  const Value& v = answers_[static_cast<std::size_t>(i)];
  const Item& it = item(i);
  switch (v.kind) {
    case Kind::unknown: return "";
    case Kind::boolean: return v.i ? "yes" : "no";
    case Kind::integer: return it.type == ItemType::text ? text_[static_cast<std::size_t>(i)] : std::to_string(v.i);
    case Kind::symbol: return content_.symbols.name(static_cast<Sym>(v.i));
    case Kind::set: {
      std::vector<std::string> codes;
      for (std::size_t b = 0; b < it.codes.size(); ++b)
        if (v.bits() >> b & 1u) codes.push_back(it.codes[b].code);
      return join(codes, ", ");
    }
  }
  return "";
}

Record IntakeSession::record() const {
  Record r;
  r.case_id = case_id;
  r.answers = answers_;
  r.text = text_;
  r.from_constant.assign(q_.items.size(), false);
  return r;
}

std::string IntakeSession::to_yaml() const {
  std::string out = fmt::format("carepath: 1\nquestionnaire: {}\nquestionnaire_version: {}\nquestionnaire_digest: {}\n",
                                yaml_scalar(q_.id), json_quote(q_.version), content_.questionnaire_digest);
  if (case_id) out += "case_id: " + yaml_scalar(*case_id) + "\n";
  if (!language.empty()) out += "language: " + yaml_scalar(language) + "\n";
  if (unfinished) out += "unfinished: true\n";
  std::string answers;
  for (int i = 0; i < static_cast<int>(q_.items.size()); ++i) {
    const Item& it = item(i);
    const Value& v = answers_[static_cast<std::size_t>(i)];
    std::string value;
    if (skipped(i)) value = "null";
    else if (!v.known()) continue;
    else if (it.type == ItemType::text) value = json_quote(text_[static_cast<std::size_t>(i)]);
    else if (v.kind == Kind::set) {
      std::vector<std::string> codes;
      for (std::size_t b = 0; b < it.codes.size(); ++b)
        if (v.bits() >> b & 1u) codes.push_back(yaml_scalar(it.codes[b].code));
      value = "[" + join(codes, ", ") + "]";
    } else if (v.kind == Kind::symbol) value = yaml_scalar(answer_text(i));
    else value = answer_text(i);
    answers += fmt::format("  {}: {}\n", yaml_scalar(it.id), value);
  }
  out += answers.empty() ? "answers: {}\n" : "answers:\n" + answers;
  if (placement) {
    const RuleSet& rs = content_.rules;
    out += "placement:\n  level: " + yaml_scalar(rs.levels[static_cast<std::size_t>(placement->level)].id) + "\n";
    if (placement->reason >= 0)
      out += "  reason: " + yaml_scalar(rs.decision.reasons[static_cast<std::size_t>(placement->reason)].id) + "\n";
    if (!placement->note.empty()) out += "  note: " + json_quote(placement->note) + "\n";
  }
  return out;
}

namespace {

// An unfinished intake lacks required answers, and the questionnaire may have changed since it
// was saved; neither makes a record unusable here. validate_record checks applicability only
// once everything else is fine, so its problems are all of that kind exactly when they equal
// check_applicability's. Returns the other problems.
std::vector<Diagnostic> problems_of_unfinished(const RawRecord& raw, const Content& content, Record& rec) {
  std::vector<Diagnostic> problems;
  rec = validate_record(raw, content, problems);
  if (problems.empty()) return problems;
  std::vector<Diagnostic> applicability;
  check_applicability(content, rec, raw.pos, applicability);
  bool only_applicability = applicability.size() == problems.size() &&
                            std::equal(problems.begin(), problems.end(), applicability.begin(),
                                       [](const Diagnostic& a, const Diagnostic& b) { return a.str() == b.str(); });
  if (only_applicability) problems.clear();
  return problems;
}

}  // namespace

std::vector<Diagnostic> IntakeSession::check(const std::string& file) const {
  std::istringstream in(to_yaml());
  std::vector<Diagnostic> problems;
  read_yaml_records(in, file, [&](RawRecord&& raw) {
    Record rec;
    auto p = problems_of_unfinished(raw, content_, rec);
    problems.insert(problems.end(), p.begin(), p.end());
  });
  return problems;
}

void IntakeSession::load(const RawRecord& raw, std::vector<Diagnostic>& errors, std::vector<int>& cleared,
                         std::string& saved_digest) {
  Record rec;
  if (auto problems = problems_of_unfinished(raw, content_, rec); !problems.empty()) {
    errors.insert(errors.end(), problems.begin(), problems.end());
    return;
  }
  answers_ = rec.answers;
  text_ = rec.text;
  case_id = rec.case_id;
  placement = rec.placement;
  unfinished = rec.unfinished;
  std::fill(skipped_.begin(), skipped_.end(), 0);
  for (const auto& f : raw.answers)
    if (int i = q_.find_item(f.key); i >= 0 && f.value.shape == RawValue::Shape::null) skipped_[static_cast<std::size_t>(i)] = 1;
  for (const auto& f : raw.header)
    if (f.key == "questionnaire_digest") saved_digest = f.value.scalar;
    else if (f.key == "language")
      language = f.value.scalar;
  cleared = clear_inapplicable();
}

}  // namespace carepath
