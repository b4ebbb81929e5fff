#include "util/row_reader.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "util/error.hpp"
#include "util/i18n.hpp"

namespace carepath {

namespace {

int count_newlines(std::string_view s) {
  int n = 0;
  for (const char *p = s.data(), *end = p + s.size();
       (p = static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end - p)))); ++p)
    ++n;
  return n;
}

}  // namespace

RowChunkReader::RowChunkReader(int fd, std::string name, bool csv, std::size_t chunk, std::size_t max_row)
    : fd_(fd), name_(std::move(name)), csv_(csv), chunk_(chunk), max_row_(max_row), buf_(new char[chunk + max_row + chunk / 2]) {}

// Moves cut_ to the end of the last whole row in the bytes not yet scanned.
void RowChunkReader::scan() {
  const char* s = buf_.get();
  std::size_t n = size_;
  std::size_t from = scanned_;
  scanned_ = n;
  // No text holds a NUL byte: what follows is binary (/dev/urandom), and reading on is pointless.
  if (const void* nul = std::memchr(s + from, '\0', n - from))
    throw Error(exit_data,
                trf("{}:{}: a NUL byte: this is binary data, not {}", name_,
                            next_line_ + count_newlines({s, static_cast<std::size_t>(static_cast<const char*>(nul) - s)}),
                            csv_ ? "CSV" : "JSON Lines"));
  if (!quoted_ && (!csv_ || !std::memchr(s + from, '"', n - from))) {
    // The common case, vectorised: no quote to track, the last newline ends the last row.
    if (const void* nl = ::memrchr(s + from, '\n', n - from))
      cut_ = static_cast<std::size_t>(static_cast<const char*>(nl) - s) + 1;
    return;
  }
  for (std::size_t i = from; i < n; ++i) {
    if (s[i] == '"') quoted_ = !quoted_;
    else if (s[i] == '\n' && !quoted_) cut_ = i + 1;
  }
}

void RowChunkReader::too_long() const {
  int line = next_line_ + count_newlines({buf_.get(), cut_});
  std::size_t kib = max_row_ >> 10;
  if (csv_)
    throw Error(exit_data, trf("{}:{}: a row is longer than {} KiB; is this a CSV (an unclosed quote?) file?", name_, line, kib));
  throw Error(exit_data, trf("{}:{}: a line is longer than {} KiB; is this a JSON Lines file?", name_, line, kib));
}

bool RowChunkReader::next(std::string_view& piece) {
  // What was handed out goes; the row in progress moves to the front (at most max_row bytes).
  if (handed_) {
    std::memmove(buf_.get(), buf_.get() + handed_, size_ - handed_);
    size_ -= handed_;
    scanned_ -= handed_;
    cut_ -= handed_;
    handed_ = 0;
  }
  line_ = next_line_;
  while (!eof_ && cut_ < chunk_ / 2) {
    // Fewer than chunk_ / 2 bytes of whole rows, and at most max_row_ of a row in progress, are
    // held here: a chunk always fits.
    ssize_t got = ::read(fd_, buf_.get() + size_, chunk_);
    if (got < 0 && errno == EINTR) got = 0;
    if (got < 0) throw Error(exit_no_input, trf("cannot read '{}': {}", name_, std::strerror(errno)));
    size_ += static_cast<std::size_t>(got);
    if (got == 0) eof_ = true;
    if (first_) {
      if (size_ < 3 && !eof_) continue;  // not yet enough to tell a byte-order mark
      first_ = false;
      if (std::string_view(buf_.get(), size_).starts_with("\xEF\xBB\xBF")) {
        std::memmove(buf_.get(), buf_.get() + 3, size_ - 3);
        size_ -= 3;
      }
    }
    scan();
    if (size_ - cut_ > max_row_) too_long();
  }
  std::size_t end = eof_ ? size_ : cut_;
  if (end == 0) return false;
  piece = std::string_view(buf_.get(), end);
  handed_ = end;
  if (eof_) cut_ = scanned_ = end;
  next_line_ += count_newlines(piece);
  return true;
}

}  // namespace carepath
