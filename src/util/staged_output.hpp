#pragma once
// Output made of many short pieces (JSON keys and values, CSV cells), gathered in a buffer of
// the writer's own and appended to the target string a kilobyte at a time: appending each piece
// to a std::string costs more than writing it (a capacity check, a call, a terminating NUL).
#include <charconv>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace carepath {

class StagedOutput {
 public:
  static constexpr std::size_t size = 1024;
  explicit StagedOutput(std::string& out) : out_(&out) {}
  ~StagedOutput() { flush(); }
  StagedOutput(const StagedOutput&) = delete;
  StagedOutput& operator=(const StagedOutput&) = delete;

  void put(char c) {
    if (n_ == size) flush();
    buf_[n_++] = c;
  }
  void put(std::string_view s) {
    if (s.size() > size - n_) {
      flush();
      if (s.size() > size) {
        out_->append(s);
        return;
      }
    }
    copy(buf_ + n_, s.data(), s.size());
    n_ += s.size();
  }
  // Bytes a padded text has readable past its end, and the buffer has past its size.
  static constexpr std::size_t padding = 32;
  // As put(), for a text followed by at least `padding` - 1 readable bytes (a padded text): it
  // is copied in whole blocks of `padding` bytes, which may write past what is kept, with no
  // call and no branch on its length (a batch writes a few such texts a row, for millions of rows).
  void put_padded(std::string_view s) {
    if (s.size() > size - n_) {
      put(s);
      return;
    }
    char* to = buf_ + n_;
    for (std::size_t k = 0; k < s.size(); k += padding) std::memcpy(to + k, s.data() + k, padding);
    n_ += s.size();
  }
  // A whole number in decimal.
  void put_int(long long v) {
    char* at = room(24);
    n_ += static_cast<std::size_t>(std::to_chars(at, at + 24, v).ptr - at);
  }
  // Room for k <= size bytes to be written at the pointer returned, then kept by commit(k).
  char* room(std::size_t k) {
    if (k > size - n_) flush();
    return buf_ + n_;
  }
  void commit(std::size_t k) { n_ += k; }
  // The target with everything written so far, for code that appends to it directly.
  std::string& target() {
    flush();
    return *out_;
  }
  void flush() {
    out_->append(buf_, n_);
    n_ = 0;
  }

  // Copies n bytes; up to 16 with a few loads and stores that may overlap, not a call to memcpy.
  static void copy(char* to, const char* from, std::size_t n) {
    if (n > 16) {
      std::memcpy(to, from, n);
    } else if (n >= 8) {
      copy_ends<std::uint64_t>(to, from, n);
    } else if (n >= 4) {
      copy_ends<std::uint32_t>(to, from, n);
    } else if (n > 0) {
      to[0] = from[0];
      to[n / 2] = from[n / 2];
      to[n - 1] = from[n - 1];
    }
  }

 private:
  // The first and the last sizeof(Word) bytes of n (sizeof(Word) <= n <= 2 * sizeof(Word)),
  // overlapping in the middle: every byte is copied.
  template <class Word>
  static void copy_ends(char* to, const char* from, std::size_t n) {
    Word a, b;
    std::memcpy(&a, from, sizeof a);
    std::memcpy(&b, from + n - sizeof b, sizeof b);
    std::memcpy(to, &a, sizeof a);
    std::memcpy(to + n - sizeof b, &b, sizeof b);
  }

  std::string* out_;
  std::size_t n_ = 0;
  char buf_[size + padding];  // put_padded() may write up to padding - 1 bytes past size
};

// A text followed by StagedOutput::padding bytes, for put_padded().
class PaddedText {
 public:
  PaddedText() : s_(StagedOutput::padding, '\0') {}
  explicit PaddedText(std::string_view s) : s_(s) { s_.append(StagedOutput::padding, '\0'); }
  std::string_view view() const { return {s_.data(), s_.size() - StagedOutput::padding}; }

 private:
  std::string s_;
};

}  // namespace carepath
