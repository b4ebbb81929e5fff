// Reading the intake's answers: what a terminal's escape sequences leave in a line is taken out,
// so that a stray key is never reported as a bad answer.
#include <doctest/doctest.h>

#include "intake/line_input.hpp"

namespace carepath {

TEST_CASE("strip_escapes takes out CSI and SS3 sequences and lone escapes, and nothing else") {
  CHECK(strip_escapes("daily") == "daily");
  CHECK(strip_escapes("dai\x1b[Dly") == "daily");     // Left
  CHECK(strip_escapes("\x1b[15~daily") == "daily");   // F5
  CHECK(strip_escapes("daily\x1b[1;5C") == "daily");  // Ctrl-Right
  CHECK(strip_escapes("\x1bOPdaily") == "daily");     // F1 (SS3)
  CHECK(strip_escapes("da\x1b"
                      "bily") == "daily");                             // Alt-b
  CHECK(strip_escapes("daily\x1b") == "daily");                        // a lone escape at the end
  CHECK(strip_escapes("\x1b[") == "");                                 // a sequence cut short
  CHECK(strip_escapes("h\xc3\xa9roïne [x]") == "h\xc3\xa9roïne [x]");  // text, brackets and UTF-8 stay
}

}  // namespace carepath
