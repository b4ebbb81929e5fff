// The staging buffer in front of a string: every byte arrives, in order, whatever the sizes of
// the pieces and however they fall against the buffer's end.
#include <doctest/doctest.h>

#include <random>
#include <string>

#include "util/staged_output.hpp"

using namespace carepath;

TEST_CASE("pieces of every size reach the target in order") {
  std::mt19937 rng(20261207);
  std::string want, got = "head:";
  want = got;
  {
    StagedOutput out(got);
    for (int k = 0; k < 3000; ++k) {
      std::size_t n = std::uniform_int_distribution<std::size_t>(0, k % 50 == 0 ? 3000 : 40)(rng);
      std::string piece(n, '\0');
      for (char& c : piece) c = static_cast<char>('a' + rng() % 26);
      switch (k % 5) {
        case 0:
          out.put(piece);
          break;
        case 1:
          for (char c : piece) out.put(c);
          break;
        case 2:
          if (n <= StagedOutput::size) {
            StagedOutput::copy(out.room(n), piece.data(), n);
            out.commit(n);
          } else {
            out.target() += piece;  // what is staged arrives first
          }
          break;
        case 3: {
          // Followed by other bytes, which a copy in blocks reads and must not keep.
          std::string padded = piece + std::string(StagedOutput::padding, 'Z');
          out.put_padded(std::string_view(padded).substr(0, n));
          break;
        }
        default:
          out.target() += piece;
      }
      want += piece;
    }
  }
  CHECK(got == want);
}

TEST_CASE("copy() of up to sixteen bytes, overlapping loads and stores, is memcpy") {
  const std::string from = "0123456789abcdefXYZ";
  for (std::size_t n = 0; n <= 19; ++n) {
    std::string to(24, '.');
    StagedOutput::copy(to.data() + 2, from.data(), n);
    CHECK(to == std::string(2, '.') + from.substr(0, n) + std::string(22 - n, '.'));
  }
}

TEST_CASE("a padded text keeps its text only") {
  PaddedText t("a,b");
  CHECK(t.view() == "a,b");
  CHECK(PaddedText().view().empty());
  std::string got;
  {
    StagedOutput out(got);
    for (int k = 0; k < 1000; ++k) out.put_padded(t.view());  // across the buffer's end
  }
  std::string want;
  for (int k = 0; k < 1000; ++k) want += "a,b";
  CHECK(got == want);
}

TEST_CASE("put_int writes a whole number in decimal, also at the buffer's end") {
  std::string got;
  {
    StagedOutput out(got);
    out.put(std::string(StagedOutput::size - 3, '.'));
    out.put_int(-9223372036854775807LL - 1);
    out.put(',');
    out.put_int(0);
  }
  CHECK(got == std::string(StagedOutput::size - 3, '.') + "-9223372036854775808,0");
}
