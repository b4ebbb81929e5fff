#include "lang/value.hpp"

namespace carepath {

Sym Symbols::intern(std::string_view s) {
  auto it = ids_.find(s);
  if (it != ids_.end()) return it->second;
  Sym id = static_cast<Sym>(names_.size());
  names_.emplace_back(s);
  ids_.emplace(names_.back(), id);
  return id;
}

Sym Symbols::find(std::string_view s) const {
  auto it = ids_.find(s);
  return it == ids_.end() ? no_sym : it->second;
}

}  // namespace carepath
