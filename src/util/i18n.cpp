#include "util/i18n.hpp"

#include <libintl.h>
#include <unistd.h>

#include <clocale>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <system_error>

namespace carepath {

namespace {

constexpr const char* domain = "carepath";

std::string& chosen() {
  static std::string lang{source_language};
  return lang;
}

// Where the compiled catalogues are: beside the program in a build tree (build/locale), in
// ../share/locale of an installed or unpacked program, else where it was configured to go.
std::string locale_dir() {
  if (const char* env = std::getenv("CAREPATH_LOCALEDIR"); env && *env) return env;
  std::error_code ec;
  auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    auto dir = exe.parent_path();
    for (const auto& candidate : {dir / "locale", dir.parent_path() / "share" / "locale"}) {
      if (std::filesystem::exists(candidate / "es" / "LC_MESSAGES" / "carepath.mo", ec)) return candidate.string();
    }
  }
#ifdef CAREPATH_LOCALEDIR
  return CAREPATH_LOCALEDIR;
#else
  return "/usr/share/locale";
#endif
}

std::string first_language_in_environment() {
  // LANGUAGE is a colon-separated list of preferences: its first entry that names a language.
  if (const char* v = std::getenv("LANGUAGE"); v && *v) {
    std::string_view list = v;
    while (!list.empty()) {
      auto colon = list.find(':');
      auto lang = language_of_locale(list.substr(0, colon));
      if (!lang.empty()) return lang;
      if (colon == std::string_view::npos) break;
      list.remove_prefix(colon + 1);
    }
  }
  for (const char* name : {"LC_ALL", "LC_MESSAGES", "LANG"}) {
    if (const char* v = std::getenv(name); v && *v) return language_of_locale(v);
  }
  return "";
}

}  // namespace

std::string language_of_locale(std::string_view locale) {
  auto end = locale.find_first_of("_.@");
  auto code = locale.substr(0, end);
  if (code.size() < 2 || code.size() > 3 || code == "C" || code == "POSIX") return "";
  std::string out;
  for (char c : code) {
    if (c < 'A' || (c > 'Z' && c < 'a') || c > 'z') return "";
    out += static_cast<char>(c | 0x20);
  }
  return out;
}

std::string scan_language_flag(int argc, const char* const* argv) {
  std::string found;
  for (int i = 1; i < argc; ++i) {
    std::string_view a = argv[i];
    if (a == "--") break;
    if (a == "--lang" && i + 1 < argc) found = argv[++i];
    else if (a.starts_with("--lang=")) found = a.substr(7);
  }
  return found;
}

std::string init_language(std::string_view flag) {
  std::string lang = flag.empty() ? first_language_in_environment() : language_of_locale(flag);
  if (lang.empty()) lang = source_language;
  chosen() = lang;
  // Only messages and character classes follow the locale: numbers in every output keep the
  // C locale's form, whatever the user's locale says.
  // Character classes need UTF-8 (libedit reads "sí" at a prompt) even under the C locale.
  const char* ctype = std::setlocale(LC_CTYPE, "");
  if (!ctype || std::string_view(ctype) == "C" || std::string_view(ctype) == "POSIX") std::setlocale(LC_CTYPE, "C.UTF-8");
  const char* messages = std::setlocale(LC_MESSAGES, "");
  // gettext ignores LANGUAGE under the C locale, and a locale like es_MX may not be installed:
  // the choice made above is passed on through LANGUAGE with the always-present C.UTF-8.
  if (lang != source_language) {
    ::setenv("LANGUAGE", lang.c_str(), 1);
    if (!messages || std::string_view(messages) == "C" || std::string_view(messages) == "POSIX") {
      std::setlocale(LC_MESSAGES, "C.UTF-8");
    }
  } else {
    ::setenv("LANGUAGE", "en", 1);
  }
  ::bindtextdomain(domain, locale_dir().c_str());
  ::bind_textdomain_codeset(domain, "UTF-8");
  ::textdomain(domain);
  return lang;
}

const std::string& current_language() { return chosen(); }

const char* tr(const char* msgid) { return ::dgettext(domain, msgid); }

std::string trn(const char* singular, const char* plural, unsigned long n) {
  return ::dngettext(domain, singular, plural, n);
}

}  // namespace carepath
