#include "util/atomic_file.hpp"

#include <doctest/doctest.h>
#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "util/error.hpp"

namespace carepath {

namespace {

namespace fs = std::filesystem;

struct TempDir {
  fs::path path;
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "carepath-atomic-XXXXXX").string();
    REQUIRE(::mkdtemp(pattern.data()) != nullptr);
    path = pattern;
  }
  ~TempDir() { fs::remove_all(path); }
  std::size_t entries() const {
    return static_cast<std::size_t>(std::distance(fs::directory_iterator(path), fs::directory_iterator()));
  }
};

std::string slurp(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

TEST_CASE("AtomicFile: commit replaces the file, private by default, leaving no temporary file") {
  TempDir dir;
  fs::path target = dir.path / "out.yaml";
  write_file_atomically(target.string(), "first\n");
  CHECK(slurp(target) == "first\n");
  struct stat st {};
  REQUIRE(::stat(target.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  write_file_atomically(target.string(), "second\n", 0644);
  CHECK(slurp(target) == "second\n");
  REQUIRE(::stat(target.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0644);
  CHECK(dir.entries() == 1);
}

TEST_CASE("AtomicFile: without commit the old content stays and the temporary file goes") {
  TempDir dir;
  fs::path target = dir.path / "out.yaml";
  write_file_atomically(target.string(), "old\n");
  {
    AtomicFile f(target.string());
    f.write("new, never committed\n");
    CHECK(dir.entries() == 2);
  }
  CHECK(slurp(target) == "old\n");
  CHECK(dir.entries() == 1);
}

TEST_CASE("AtomicFile: a directory that does not exist is an error naming the file") {
  TempDir dir;
  std::string target = (dir.path / "missing" / "out.yaml").string();
  CHECK_THROWS_AS(write_file_atomically(target, "x"), Error);
  try {
    write_file_atomically(target, "x");
  } catch (const Error& e) {
    CHECK(std::string(e.what()).find(target) != std::string::npos);
  }
}

}  // namespace carepath
