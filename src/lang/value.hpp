#pragma once
// Runtime values of answers, scores and facts, and the symbol table that interns codes.
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace carepath {

// Maps looked up by string_view without building a std::string per lookup (batch input
// looks up every key and code of every record).
struct StringHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
template <class T>
using StringMap = std::unordered_map<std::string, T, StringHash, std::equal_to<>>;

using Sym = std::int32_t;  // an interned code or id
constexpr Sym no_sym = -1;

class Symbols {
 public:
  Sym intern(std::string_view s);
  Sym find(std::string_view s) const;  // no_sym when absent
  const std::string& name(Sym s) const { return names_[static_cast<std::size_t>(s)]; }

 private:
  StringMap<Sym> ids_;
  std::vector<std::string> names_;
};

// Truth of a condition. An unanswered item makes a comparison false (the decision), but the
// engine also keeps Kleene's three-valued truth so that it can say when an unknown answer
// could have changed the outcome: `uncertain` means "false/true only because of an unknown".
struct Truth {
  bool value = false;
  bool uncertain = false;
  static Truth yes() { return {true, false}; }
  static Truth no() { return {false, false}; }
  static Truth unknown() { return {false, true}; }
};

enum class Kind : std::uint8_t { unknown, boolean, integer, symbol, set };

struct Value {
  Kind kind = Kind::unknown;
  bool uncertain = false;   // booleans only: see Truth
  std::int64_t i = 0;       // boolean 0/1, integer, symbol id, or set bit mask over an item's codes

  static Value none() { return {}; }
  static Value of_bool(bool b, bool uncertain = false) { return {Kind::boolean, uncertain, b ? 1 : 0}; }
  static Value of_truth(Truth t) { return of_bool(t.value, t.uncertain); }
  static Value of_int(std::int64_t v) { return {Kind::integer, false, v}; }
  static Value of_sym(Sym s) { return {Kind::symbol, false, s}; }
  static Value of_set(std::uint64_t bits) { return {Kind::set, false, static_cast<std::int64_t>(bits)}; }

  bool known() const { return kind != Kind::unknown; }
  Truth truth() const { return {kind == Kind::boolean && i != 0, kind != Kind::boolean || uncertain}; }
  std::uint64_t bits() const { return static_cast<std::uint64_t>(i); }
  bool operator==(const Value& o) const { return kind == o.kind && i == o.i; }
};

}  // namespace carepath
