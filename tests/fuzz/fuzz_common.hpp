#pragma once
// Shared by the libFuzzer targets: the default content, loaded once.
#include <memory>

#include "content/content.hpp"
#include "engine/engine.hpp"

namespace carepath::fuzz {

inline const Content& content() {
  static std::unique_ptr<Content> c = load_content_or_throw({});
  return *c;
}

inline const Engine& engine() {
  static Engine e(content());
  return e;
}

}  // namespace carepath::fuzz
