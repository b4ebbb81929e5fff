// The line-based streams' reader: whole rows per piece, every byte once, and a row over the
// limit refused wherever it stands (the first line or any later one).
#include <doctest/doctest.h>

#include <unistd.h>

#include <cstdio>
#include <string>

#include "util/error.hpp"
#include "util/row_reader.hpp"

using namespace carepath;
using namespace std::string_literals;

namespace {

// The input as a file descriptor, as the batch reader gets it.
struct TempInput {
  std::FILE* f = std::tmpfile();
  explicit TempInput(const std::string& text) {
    std::fwrite(text.data(), 1, text.size(), f);
    std::fflush(f);
    ::lseek(::fileno(f), 0, SEEK_SET);
  }
  ~TempInput() { std::fclose(f); }
  int fd() const { return ::fileno(f); }
};

// Every piece, joined; checks that each but the last ends a row.
std::string read_all(const std::string& text, bool csv, std::size_t chunk, std::size_t max_row, int* pieces = nullptr) {
  TempInput in(text);
  RowChunkReader reader(in.fd(), "t", csv, chunk, max_row);
  std::string all;
  std::string_view piece;
  int n = 0;
  int line = 1;
  while (reader.next(piece)) {
    CHECK(reader.line() == line);
    for (char c : piece) line += c == '\n';
    all += piece;
    ++n;
  }
  if (pieces) *pieces = n;
  return all;
}

std::string error_of(const std::string& text, bool csv, std::size_t chunk, std::size_t max_row) {
  try {
    read_all(text, csv, chunk, max_row);
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("pieces end at row boundaries and together are the input") {
  std::string text;
  for (int i = 0; i < 500; ++i) text += "{\"n\":" + std::to_string(i) + "}\n";
  int pieces = 0;
  CHECK(read_all(text, false, 64, 1024, &pieces) == text);
  CHECK(pieces > 10);
  CHECK(read_all(text + "{\"last\":1}", false, 64, 1024) == text + "{\"last\":1}");
  CHECK(read_all("\xEF\xBB\xBF" "a\nb\n", false, 64, 1024) == "a\nb\n");  // the byte-order mark goes
  CHECK(read_all("", false, 64, 1024).empty());
}

TEST_CASE("a CSV newline inside quotes does not end a row") {
  std::string row = "a,\"x\ny\",b\n";
  std::string text;
  for (int i = 0; i < 100; ++i) text += row;
  TempInput in(text);
  RowChunkReader reader(in.fd(), "t", true, 16, 1024);
  std::string_view piece;
  while (reader.next(piece)) CHECK(piece.size() % row.size() == 0);
}

TEST_CASE("a long line after the first is refused with its line number, not read whole") {
  std::string text = "{\"carepath\":1}\n{\"ok\":2}\n" + std::string(5000, 'x') + "\n{\"ok\":3}\n";
  CHECK(error_of(text, false, 64, 1024) == "t:3: a line is longer than 1 KiB; is this a JSON Lines file?");
  CHECK(error_of(std::string(5000, 'x'), false, 64, 1024).starts_with("t:1: a line is longer"));
  CHECK(error_of("a,b\n1,\"" + std::string(5000, 'x') + "\n", true, 64, 1024).starts_with("t:2: a row is longer"));
  CHECK(error_of(std::string(1024, 'x') + "\n", false, 64, 1024).empty());  // the limit itself is fine
}

TEST_CASE("a NUL byte ends the input: binary data") {
  CHECK(error_of("a\nb\nc\0d\n"s, false, 64, 1024) == "t:3: a NUL byte: this is binary data, not JSON Lines");
}
