#pragma once
// Reading YAML content files with positions: every problem becomes a Diagnostic at
// file:line:col, and all problems of a file are collected rather than stopping at the first.
#include <yaml-cpp/yaml.h>

#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/error.hpp"
#include "util/limits.hpp"

namespace carepath {

// Reads a whole file (content files are small); throws exit_no_input when it cannot be read,
// exit_data when it is larger than `limit` bytes (checked as it is read, before any parsing).
std::string read_file(const std::string& path, std::size_t limit = max_content_bytes);

class YamlContext {
 public:
  YamlContext(std::string file, Diagnostics& diags) : file_(std::move(file)), diags_(diags) {}

  const std::string& file() const { return file_; }
  Diagnostics& diags() { return diags_; }
  Pos pos(const YAML::Node& n) const;
  void error(const YAML::Node& n, const std::string& message);

  // Parses one document; syntax errors are reported and give a null node. Text from outside
  // is first checked against the content limits (a second pass of the parser); text compiled
  // into the binary (a file named with embedded_prefix) is the program's own and is not.
  YAML::Node load(std::string_view text);
  static constexpr std::string_view embedded_prefix = "<embedded>/";

  // Checks that `n` is a mapping with only `allowed` keys (with a did-you-mean), no duplicate
  // key, and every `required` key. Returns false when `n` is not a mapping.
  bool check_map(const YAML::Node& n, std::string_view what, std::initializer_list<std::string_view> allowed,
                 std::initializer_list<std::string_view> required = {});

  std::optional<std::string> text(const YAML::Node& n, std::string_view what);

  // Languages of the file: `languages: [en, es]` at the top level (the first is the file's
  // default; absent: English alone). `wanted` is the language texts are returned in; empty, or
  // one the file does not declare, gives the default. A text that lacks a declared language is
  // added to `missing` under that language ("no 'es' text for the label of item 'route'"),
  // when it is given: it is no error, the file still loads; `check` lists them.
  using MissingTexts = std::map<std::string, Diagnostics>;
  void read_languages(const YAML::Node& root, std::string_view wanted, MissingTexts* missing);
  const std::vector<std::string>& languages() const { return languages_; }
  const std::string& language() const { return languages_[wanted_]; }
  std::size_t language_index() const { return wanted_; }  // of language() in languages()
  // A text people read: a plain string (the default language) or a mapping from declared
  // languages to strings (the default one required). Returns the wanted language's text, else
  // the default's. `what` names it in messages ("the label of item 'route'").
  std::optional<std::string> prose(const YAML::Node& n, std::string_view what);
  // The same text in every declared language, the default first (a missing one: the default's).
  std::vector<std::string> prose_all(const YAML::Node& n, std::string_view what);
  // The scalar node of each declared language's text, as prose_all (for positions inside them);
  // empty when the text is unusable (reported).
  std::vector<YAML::Node> prose_nodes(const YAML::Node& n, std::string_view what);
  // Reports, as missing translations, every declared language other than those in `have`.
  void missing_languages(const YAML::Node& n, std::string_view what, const std::vector<std::string>& have);
  std::optional<long long> integer(const YAML::Node& n, std::string_view what);
  std::optional<bool> boolean(const YAML::Node& n, std::string_view what);
  // A sequence's elements; reports and returns nothing when `n` is not a sequence.
  std::vector<YAML::Node> list(const YAML::Node& n, std::string_view what);
  std::vector<std::string> text_list(const YAML::Node& n, std::string_view what);

 private:
  std::string file_;
  Diagnostics& diags_;
  std::vector<std::string> languages_{"en"};
  std::size_t wanted_ = 0;  // index into languages_
  MissingTexts* missing_ = nullptr;
};

// The position of character `offset` of a scalar's text, for errors inside expressions.
Pos scalar_char_pos(const YamlContext& ctx, const YAML::Node& scalar, std::size_t offset);

}  // namespace carepath
