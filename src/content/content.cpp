#include "content/content.hpp"

#include "content/embedded.hpp"
#include "util/i18n.hpp"
#include "util/sha256.hpp"
#include "util/yaml_doc.hpp"

namespace carepath {

namespace {
struct Source {
  std::string name, text;
};

Source source_of(const std::string& path, EmbeddedFile fallback) {
  if (path.empty()) return {std::string(YamlContext::embedded_prefix) + std::string(fallback.name), std::string(fallback.text)};
  if (path == "-") throw Error(exit_usage, _("content files cannot be read from standard input; give a path"));
  return {path, read_file(path)};
}
}  // namespace

std::unique_ptr<Content> load_content(const ContentPaths& paths, Diagnostics& diags) {
  Source q = source_of(paths.questionnaire, embedded_questionnaire());
  Source r = source_of(paths.rules, embedded_rules());
  auto c = std::make_unique<Content>();
  TextLanguage language{paths.language, &c->untranslated};
  c->questionnaire = load_questionnaire(q.text, q.name, c->symbols, diags, language);
  c->rules = load_rules(r.text, r.name, c->questionnaire, c->symbols, diags, language);
  c->language = c->questionnaire.language;
  Sha256 h;
  h.update(r.text);
  h.update(q.text);
  c->digest = h.hex();
  c->questionnaire_digest = sha256_hex(q.text);
  return c;
}

std::unique_ptr<Content> load_content_or_throw(const ContentPaths& paths) {
  Diagnostics diags;
  auto c = load_content(paths, diags);
  diags.sort_by_position();
  throw_if_any(diags, "the questionnaire or rules have errors; run 'carepath check' for details");
  return c;
}

}  // namespace carepath
