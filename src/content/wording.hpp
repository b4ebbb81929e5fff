#pragma once
// Reading a rule set's `wording:` (the engine's own words in rationales); see carepath-rules(5).
#include "content/rules.hpp"
#include "util/yaml_doc.hpp"

namespace carepath {

// Each text is optional, English by default, translatable, its holes checked in every language.
// `conjunction` gives the default separator before the last reason.
Wording load_wording(YamlContext& ctx, const YAML::Node& root, const std::string& conjunction);

}  // namespace carepath
