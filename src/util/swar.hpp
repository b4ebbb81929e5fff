#pragma once
// Eight bytes at a time ("SIMD within a register"): tests that tell whether any byte of a
// 64-bit word is below, above or equal to a value, for scanning text that is nearly all plain.
// The tests are exact for the word as a whole, not for which byte matched.
#include <cstddef>
#include <cstdint>
#include <cstring>

namespace carepath::swar {

constexpr std::uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;

inline std::uint64_t load(const char* p) {
  std::uint64_t x;
  std::memcpy(&x, p, 8);
  return x;
}
// Whether n bytes (a multiple of 8) are the same: a word at a time, with no branch per word.
inline bool same_words(const char* a, const char* b, std::size_t n) {
  std::uint64_t differ = 0;
  for (std::size_t at = 0; at < n; at += 8) differ |= load(a + at) ^ load(b + at);
  return differ == 0;
}
// Nonzero when a byte is below n (n <= 128).
constexpr std::uint64_t below(std::uint64_t x, std::uint64_t n) { return (x - ones * n) & ~x & highs; }
// Nonzero when a byte is above n (n <= 127).
constexpr std::uint64_t above(std::uint64_t x, std::uint64_t n) { return ((x + ones * (127 - n)) | x) & highs; }
// Nonzero when a byte equals c.
constexpr std::uint64_t equal(std::uint64_t x, unsigned char c) { return below(x ^ (ones * c), 1); }

}  // namespace carepath::swar
