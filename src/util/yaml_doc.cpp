#include "util/yaml_doc.hpp"

#include <fmt/format.h>

#include <fstream>
#include <set>

#include "util/limits.hpp"
#include "util/number.hpp"
#include "util/text.hpp"

namespace carepath {

std::string read_file(const std::string& path, std::size_t limit) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(exit_no_input, fmt::format("cannot open '{}'", path));
  // Bounded read: the path may name a device or a pipe that never ends.
  std::string text;
  char buf[1 << 16];
  while (in.read(buf, sizeof buf) || in.gcount() > 0) {
    text.append(buf, static_cast<std::size_t>(in.gcount()));
    if (text.size() > limit)
      throw Error(exit_data, limit % (1 << 20) ? fmt::format("'{}' is larger than {} KiB", path, limit >> 10)
                                               : fmt::format("'{}' is larger than {} MiB", path, limit >> 20));
  }
  if (in.bad()) throw Error(exit_no_input, fmt::format("cannot read '{}'", path));
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
    error(n, fmt::format("{} must be a mapping of keys to values", what));
    return false;
  }
  std::vector<std::string> allowed_list(allowed.begin(), allowed.end());
  std::set<std::string> seen;
  for (auto it = n.begin(); it != n.end(); ++it) {
    if (!it->first.IsScalar()) {
      error(it->first, fmt::format("{}: keys must be plain words", what));
      continue;
    }
    std::string key = it->first.Scalar();
    if (!seen.insert(key).second) {
      error(it->first, fmt::format("{}: duplicate key '{}'", what, key));
      continue;
    }
    bool known = false;
    for (auto a : allowed) known = known || a == key;
    if (!known)
      error(it->first, fmt::format("{}: unknown key '{}'{}; allowed: {}", what, key, did_you_mean(key, allowed_list),
                                   join(allowed_list, ", ")));
  }
  for (auto r : required)
    if (!seen.count(std::string(r))) error(n, fmt::format("{}: missing required key '{}'", what, r));
  return true;
}

std::optional<std::string> YamlContext::text(const YAML::Node& n, std::string_view what) {
  // A missing key gives an invalid node, which throws when asked anything; check_map has
  // already reported the key as missing.
  if (!n.IsDefined()) return std::nullopt;
  if (!n.IsScalar()) {
    error(n, fmt::format("{} must be a single value, not a {}", what, n.IsMap() ? "mapping" : n.IsSequence() ? "list" : "null"));
    return std::nullopt;
  }
  return n.Scalar();
}

std::optional<long long> YamlContext::integer(const YAML::Node& n, std::string_view what) {
  auto s = text(n, what);
  if (!s) return std::nullopt;
  auto v = parse_integer(*s, IntegerForm::any_sign);
  if (!v) {
    error(n, fmt::format("{} must be a whole number, not '{}'", what, *s));
    return std::nullopt;
  }
  // Bounded so that no sum of answers and points can overflow.
  if (*v >= -max_content_number && *v <= max_content_number) return v;
  error(n, fmt::format("{} must be between {} and {}, not {}", what, -max_content_number, max_content_number, *s));
  return std::nullopt;
}

std::optional<bool> YamlContext::boolean(const YAML::Node& n, std::string_view what) {
  auto s = text(n, what);
  if (!s) return std::nullopt;
  if (*s == "true" || *s == "yes") return true;
  if (*s == "false" || *s == "no") return false;
  error(n, fmt::format("{} must be true or false, not '{}'", what, *s));
  return std::nullopt;
}

std::vector<YAML::Node> YamlContext::list(const YAML::Node& n, std::string_view what) {
  std::vector<YAML::Node> out;
  if (!n.IsDefined()) return out;  // missing: reported by check_map
  if (!n.IsSequence()) {
    error(n, fmt::format("{} must be a list", what));
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
