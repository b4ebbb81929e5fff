#pragma once
// Checks of a loaded questionnaire and rule set beyond what loading finds: content that can
// never take effect.
#include "content/content.hpp"

namespace carepath {

void lint_content(const Content& content, Diagnostics& diags);

}  // namespace carepath
