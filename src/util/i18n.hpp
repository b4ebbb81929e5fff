#pragma once
// The interface's language: messages through GNU gettext (glibc's libintl), and the language
// code that content (questionnaire and rule texts) is shown in.
//
// Mark every text a person reads: _("...") for a fixed text, trf("... {} ...", args) for one with
// fmt holes, trn(singular, plural, n) for counts. N_("...") marks a text kept in a table and
// translated where it is used with tr(). Machine formats (JSON, CSV, ids) never go through these.
#include <fmt/format.h>

#include <string>
#include <string_view>

namespace carepath {

// The language codes a person may ask for; English is the source language of every message.
inline constexpr std::string_view source_language = "en";

// Chooses the language once, before anything is printed: `flag` (from --lang) if not empty,
// else LANGUAGE, LC_ALL, LC_MESSAGES, LANG, the first one set; else English. Returns the
// chosen two-letter code ("es"). Safe to call again (a later --lang wins).
std::string init_language(std::string_view flag);

// The chosen language code, "en" until init_language() chose another.
const std::string& current_language();

// The two-letter code of a locale name: "es_MX.UTF-8" -> "es", "C" or "POSIX" -> "".
std::string language_of_locale(std::string_view locale);

// Finds `--lang X` or `--lang=X` in a command line before it is parsed, so that the help text
// CLI11 builds is already translated. Stops at "--". Empty if absent.
std::string scan_language_flag(int argc, const char* const* argv);

const char* tr(const char* msgid);
std::string trn(const char* singular, const char* plural, unsigned long n);

template <class... Args>
std::string trf(const char* msgid, Args&&... args) {
  return fmt::format(fmt::runtime(tr(msgid)), std::forward<Args>(args)...);
}

}  // namespace carepath

#define _(msgid) ::carepath::tr(msgid)
#define N_(msgid) msgid
