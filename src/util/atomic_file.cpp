#include "util/atomic_file.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include "util/error.hpp"
#include "util/signal_cleanup.hpp"

namespace carepath {

namespace {

std::string directory_of(const std::string& path) {
  auto slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

}  // namespace

AtomicFile::AtomicFile(std::string path, mode_t mode) : path_(std::move(path)) {
  // mkstemp creates the file with 0600 and O_EXCL, so no other user can open it in between.
  std::string pattern = path_ + ".tmp.XXXXXX";
  std::vector<char> name(pattern.begin(), pattern.end());
  name.push_back('\0');
  fd_ = ::mkstemp(name.data());
  if (fd_ < 0) fail("cannot create a temporary file for");
  temp_ = name.data();
  remove_on_signal(temp_);
  if (::fchmod(fd_, mode) != 0) fail("cannot set the mode of the temporary file for");
}

AtomicFile::~AtomicFile() {
  if (fd_ >= 0) ::close(fd_);
  if (!committed_ && !temp_.empty()) ::unlink(temp_.c_str());
  forget_on_signal(temp_);
}

void AtomicFile::fail(const char* what) const {
  throw Error(exit_no_input, fmt::format("{} '{}': {}", what, path_, std::strerror(errno)));
}

void AtomicFile::write(std::string_view data) {
  while (!data.empty()) {
    ssize_t n = ::write(fd_, data.data(), data.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) fail("cannot write");
    data.remove_prefix(static_cast<std::size_t>(n));
  }
}

void AtomicFile::commit() {
  if (::fsync(fd_) != 0) fail("cannot flush");
  int fd = fd_;
  fd_ = -1;
  if (::close(fd) != 0) fail("cannot write");
  if (::rename(temp_.c_str(), path_.c_str()) != 0) fail("cannot replace");
  committed_ = true;
  int dir = ::open(directory_of(path_).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir < 0) fail("cannot open the directory of");
  int rc = ::fsync(dir);
  int saved = errno;
  ::close(dir);
  errno = saved;
  if (rc != 0) fail("cannot flush the directory of");
}

void write_file_atomically(const std::string& path, std::string_view data, mode_t mode) {
  AtomicFile f(path, mode);
  f.write(data);
  f.commit();
}

}  // namespace carepath
