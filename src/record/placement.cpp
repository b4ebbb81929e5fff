#include "record/placement.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "record/anonymity.hpp"
#include "util/limits.hpp"
#include "util/text.hpp"

namespace carepath {

Placement parse_placement(const std::vector<RawField>& fields, const RuleSet& rs, const Pos& where,
                          std::vector<Diagnostic>& errors) {
  static const std::vector<std::string> keys = {"level", "reason", "note"};
  Placement p;
  p.pos = where;
  std::vector<std::string> seen;
  for (const auto& f : fields) {
    if (auto why = unshowable_value(f.key, max_key_bytes, "a key"); !why.empty()) {
      errors.push_back({f.pos, why});
      continue;
    }
    if (std::find(keys.begin(), keys.end(), f.key) == keys.end()) {
      errors.push_back({f.pos, fmt::format("placement: unknown field '{}'{}; a placement holds only: level, reason, note", f.key,
                                           did_you_mean(f.key, keys))});
      continue;
    }
    if (std::find(seen.begin(), seen.end(), f.key) != seen.end()) {
      errors.push_back({f.pos, fmt::format("placement: duplicate key '{}'", f.key)});
      continue;
    }
    seen.push_back(f.key);
    if (f.value.shape == RawValue::Shape::null && f.key != "level") continue;
    const std::string& v = f.value.scalar;
    if (f.value.shape != RawValue::Shape::scalar) {
      errors.push_back({f.value.pos, fmt::format("placement.{} must be a single value", f.key)});
    } else if (auto why = unshowable_value(v, f.key == "note" ? max_placement_note : max_value_bytes,
                                           "placement." + f.key + ": the value");
               !why.empty()) {
      errors.push_back({f.value.pos, why});  // a note that looks like an identifier, or too long
    } else if (f.key == "level") {
      p.level = rs.find_level(v);
      std::vector<std::string> ids;
      for (const auto& l : rs.levels) ids.push_back(l.id);
      if (p.level < 0)
        errors.push_back({f.value.pos, fmt::format("placement.level: '{}' is not a level of rule set '{}'{}; expected one of {}",
                                                   v, rs.id, did_you_mean(v, ids), join(ids, ", "))});
    } else if (f.key == "reason") {
      p.reason = rs.decision.find_reason(v);
      std::vector<std::string> ids;
      for (const auto& r : rs.decision.reasons) ids.push_back(r.id);
      if (p.reason < 0)
        errors.push_back(
            {f.value.pos, fmt::format("placement.reason: '{}' is not allowed{}; expected one of {}", v, did_you_mean(v, ids),
                                      ids.empty() ? "(none: the rule set declares no decision reasons)" : join(ids, ", "))});
    } else {
      p.note = v;
    }
  }
  if (std::find(seen.begin(), seen.end(), "level") == seen.end())
    errors.push_back({where, "placement: missing 'level' (the level decided)"});
  return p;
}

}  // namespace carepath
