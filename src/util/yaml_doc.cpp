#include "util/yaml_doc.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <set>

#include "util/i18n.hpp"
#include "util/limits.hpp"
#include "util/text.hpp"

namespace carepath {

std::string read_file(const std::string& path, std::size_t limit) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(exit_no_input, trf("cannot open '{}'", path));
  // Bounded read: the path may name a device or a pipe that never ends.
  std::string text;
  char buf[1 << 16];
  while (in.read(buf, sizeof buf) || in.gcount() > 0) {
    text.append(buf, static_cast<std::size_t>(in.gcount()));
    if (text.size() > limit)
      throw Error(exit_data, limit % (1 << 20) ? trf("'{}' is larger than {} KiB", path, limit >> 10)
                                               : trf("'{}' is larger than {} MiB", path, limit >> 20));
  }
  if (in.bad()) throw Error(exit_no_input, trf("cannot read '{}'", path));
  return text;
}

Pos YamlContext::pos(const YAML::Node& n) const {
  if (!n.IsDefined()) return {file_, 0, 0};
  YAML::Mark m = n.Mark();
  if (m.is_null()) return {file_, 0, 0};
  return {file_, m.line + 1, m.column + 1};
}

void YamlContext::error(const YAML::Node& n, const std::string& message) { diags_.add(pos(n), message); }

YAML::Node YamlContext::load(std::string_view text) {
  std::vector<Diagnostic> problems;
  if (!file_.starts_with(embedded_prefix) && !check_yaml(text, content_yaml_limits, file_, 0, problems)) {
    for (auto& d : problems) diags_.add(std::move(d.pos), std::move(d.message));
    return YAML::Node();
  }
  try {
    return YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    diags_.add({file_, e.mark.is_null() ? 0 : e.mark.line + 1, e.mark.is_null() ? 0 : e.mark.column + 1}, yaml_error_message(e));
  }
  return YAML::Node();
}

bool YamlContext::check_map(const YAML::Node& n, std::string_view what,
                            std::initializer_list<std::string_view> allowed,
                            std::initializer_list<std::string_view> required) {
  if (!n.IsDefined() || !n.IsMap()) {
    error(n, trf("{} must be a mapping of keys to values", what));
    return false;
  }
  std::vector<std::string> allowed_list(allowed.begin(), allowed.end());
  std::set<std::string> seen;
  for (auto it = n.begin(); it != n.end(); ++it) {
    if (!it->first.IsScalar()) {
      error(it->first, trf("{}: keys must be plain words", what));
      continue;
    }
    std::string key = it->first.Scalar();
    if (!seen.insert(key).second) {
      error(it->first, trf("{}: duplicate key '{}'", what, key));
      continue;
    }
    bool known = false;
    for (auto a : allowed) known = known || a == key;
    if (!known)
      error(it->first,
            trf("{}: unknown key '{}'{}; allowed: {}", what, key, did_you_mean(key, allowed_list), join(allowed_list, ", ")));
  }
  for (auto r : required)
    if (!seen.count(std::string(r))) error(n, trf("{}: missing required key '{}'", what, r));
  return true;
}

std::optional<std::string> YamlContext::text(const YAML::Node& n, std::string_view what) {
  // A missing key gives an invalid node, which throws when asked anything; check_map has
  // already reported the key as missing.
  if (!n.IsDefined()) return std::nullopt;
  if (!n.IsScalar()) {
    error(n, trf("{} must be a single value, not a {}", what, n.IsMap() ? "mapping" : n.IsSequence() ? "list" : "null"));
    return std::nullopt;
  }
  return n.Scalar();
}

namespace {
// "es", "pt-BR": what gettext and people call a language; anything else is a typo.
bool language_code(const std::string& s) {
  if (s.size() < 2 || s.size() > 12) return false;
  for (char c : s)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_')) return false;
  return true;
}
}  // namespace

void YamlContext::read_languages(const YAML::Node& root, std::string_view wanted, MissingTexts* missing) {
  missing_ = missing;
  YAML::Node n = root.IsMap() ? root["languages"] : YAML::Node();
  if (n.IsDefined()) {
    std::vector<std::string> declared;
    for (const auto& s : text_list(n, "languages")) {
      if (!language_code(s))
        error(n, trf("languages: '{}' is not a language code such as 'en' or 'es'", s));
      else if (std::find(declared.begin(), declared.end(), s) != declared.end())
        error(n, trf("languages: '{}' is declared twice", s));
      else
        declared.push_back(s);
    }
    if (declared.empty() && n.IsSequence()) error(n, _("languages: the list is empty; name the file's default language first"));
    if (!declared.empty()) languages_ = std::move(declared);
  }
  auto it = std::find(languages_.begin(), languages_.end(), wanted);
  wanted_ = it == languages_.end() ? 0 : static_cast<std::size_t>(it - languages_.begin());
}

void YamlContext::missing_languages(const YAML::Node& n, std::string_view what, const std::vector<std::string>& have) {
  if (!missing_) return;
  for (std::size_t i = 1; i < languages_.size(); ++i)
    if (std::find(have.begin(), have.end(), languages_[i]) == have.end())
      (*missing_)[languages_[i]].add(pos(n), trf("no '{}' text for {}", languages_[i], what));
}

std::vector<YAML::Node> YamlContext::prose_nodes(const YAML::Node& n, std::string_view what) {
  if (!n.IsDefined()) return {};
  if (!n.IsMap()) {
    if (!text(n, what)) return {};
    missing_languages(n, what, {languages_[0]});
    return std::vector<YAML::Node>(languages_.size(), n);
  }
  // Optional: assigning to a YAML::Node changes the node it refers to, not which node it is.
  std::vector<std::optional<YAML::Node>> by_language(languages_.size());
  std::vector<std::string> have;
  for (auto it = n.begin(); it != n.end(); ++it) {
    auto key = text(it->first, what);
    if (!key) continue;
    auto found = std::find(languages_.begin(), languages_.end(), *key);
    if (found == languages_.end()) {
      error(it->first, trf("{}: '{}' is not a language of this file{}; languages: {}", what, *key, did_you_mean(*key, languages_),
                           join(languages_, ", ")));
      continue;
    }
    auto& slot = by_language[static_cast<std::size_t>(found - languages_.begin())];
    if (slot) {
      error(it->first, trf("{}: two '{}' texts", what, *key));
      continue;
    }
    if (!text(it->second, what)) continue;
    slot.emplace(it->second);
    have.push_back(*key);
  }
  if (!by_language[0]) {
    error(n, trf("{}: the text in '{}', the file's default language, is missing", what, languages_[0]));
    return {};
  }
  missing_languages(n, what, have);
  std::vector<YAML::Node> out;
  for (const auto& t : by_language) out.push_back(t ? *t : *by_language[0]);
  return out;
}

std::vector<std::string> YamlContext::prose_all(const YAML::Node& n, std::string_view what) {
  std::vector<std::string> out;
  for (const auto& t : prose_nodes(n, what)) out.push_back(t.Scalar());
  return out;
}

std::optional<std::string> YamlContext::prose(const YAML::Node& n, std::string_view what) {
  auto all = prose_all(n, what);
  if (all.empty()) return std::nullopt;
  return std::move(all[wanted_]);
}

std::optional<long long> YamlContext::integer(const YAML::Node& n, std::string_view what) {
  auto s = text(n, what);
  if (!s) return std::nullopt;
  try {
    std::size_t used = 0;
    long long v = std::stoll(*s, &used, 10);
    // Bounded so that no sum of answers and points can overflow.
    if (used == s->size() && v >= -max_content_number && v <= max_content_number) return v;
    if (used == s->size()) {
      error(n, trf("{} must be between {} and {}, not {}", what, -max_content_number, max_content_number, *s));
      return std::nullopt;
    }
  } catch (const std::exception&) {
  }
  error(n, trf("{} must be a whole number, not '{}'", what, *s));
  return std::nullopt;
}

std::optional<bool> YamlContext::boolean(const YAML::Node& n, std::string_view what) {
  auto s = text(n, what);
  if (!s) return std::nullopt;
  if (*s == "true" || *s == "yes") return true;
  if (*s == "false" || *s == "no") return false;
  error(n, trf("{} must be true or false, not '{}'", what, *s));
  return std::nullopt;
}

std::vector<YAML::Node> YamlContext::list(const YAML::Node& n, std::string_view what) {
  std::vector<YAML::Node> out;
  if (!n.IsDefined()) return out;  // missing: reported by check_map
  if (!n.IsSequence()) {
    error(n, trf("{} must be a list", what));
    return out;
  }
  for (const auto& e : n) out.push_back(e);
  return out;
}

std::vector<std::string> YamlContext::text_list(const YAML::Node& n, std::string_view what) {
  std::vector<std::string> out;
  for (const auto& e : list(n, what))
    if (auto s = text(e, what)) out.push_back(*s);
  return out;
}

Pos scalar_char_pos(const YamlContext& ctx, const YAML::Node& scalar, std::size_t offset) {
  Pos p = ctx.pos(scalar);
  if (p.line == 0 || scalar.Scalar().find('\n') != std::string::npos) return p;
  // Quoted scalars ("!" tag) start one column before their text.
  p.col += static_cast<int>(offset) + (scalar.Tag() == "!" ? 1 : 0);
  return p;
}

}  // namespace carepath
