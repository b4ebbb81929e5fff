#include "util/atomic_file.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <dirent.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <vector>

#include "util/error.hpp"
#include "util/i18n.hpp"
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
  {
    SignalHold hold;  // no signal between creating the file and registering it for removal
    fd_ = ::mkstemp(name.data());
    if (fd_ < 0) fail(N_("cannot create a temporary file for '{}': {}"), exit_no_input);
    temp_ = name.data();
    remove_on_signal(temp_);
  }
  if (::fchmod(fd_, mode) != 0) fail(N_("cannot set the mode of the temporary file for '{}': {}"), exit_no_input);
}

AtomicFile::~AtomicFile() {
  if (fd_ >= 0) ::close(fd_);
  if (!committed_ && !temp_.empty()) ::unlink(temp_.c_str());
  forget_on_signal(temp_);
}

void AtomicFile::fail(const char* message, int code) const {
  throw Error(static_cast<ExitCode>(code), trf(message, path_, std::strerror(errno)));
}

void AtomicFile::write(std::string_view data) {
  while (!data.empty()) {
    ssize_t n = ::write(fd_, data.data(), data.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) fail(N_("cannot write '{}': {}"));
    data.remove_prefix(static_cast<std::size_t>(n));
  }
}

void AtomicFile::commit() {
  if (::fsync(fd_) != 0) fail(N_("cannot flush '{}': {}"));
  int fd = fd_;
  fd_ = -1;
  if (::close(fd) != 0) fail(N_("cannot write '{}': {}"));
  if (::rename(temp_.c_str(), path_.c_str()) != 0) fail(N_("cannot replace '{}': {}"));
  committed_ = true;
  int dir = ::open(directory_of(path_).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir < 0) fail(N_("cannot open the directory of '{}': {}"));
  int rc = ::fsync(dir);
  int saved = errno;
  ::close(dir);
  errno = saved;
  if (rc != 0) fail(N_("cannot flush the directory of '{}': {}"));
}

std::vector<std::string> remove_stale_temporaries(const std::string& path) {
  std::vector<std::string> removed;
  std::string dir = directory_of(path);
  auto slash = path.rfind('/');
  std::string prefix = (slash == std::string::npos ? path : path.substr(slash + 1)) + ".tmp.";
  DIR* d = ::opendir(dir.c_str());
  if (!d) return removed;
  while (const dirent* e = ::readdir(d)) {
    std::string_view name = e->d_name;
    // Exactly mkstemp's shape: the prefix and six letters or digits, nothing else of anyone's.
    if (!name.starts_with(prefix) || name.size() != prefix.size() + 6) continue;
    std::string_view tail = name.substr(prefix.size());
    if (!std::all_of(tail.begin(), tail.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; })) continue;
    std::string full = (dir == "." && slash == std::string::npos ? std::string() : dir + "/") + std::string(name);
    struct stat st {};
    if (::lstat(full.c_str(), &st) != 0 || !S_ISREG(st.st_mode) || st.st_uid != ::geteuid()) continue;
    if (::unlink(full.c_str()) == 0) removed.push_back(full);
  }
  ::closedir(d);
  return removed;
}

void write_file_atomically(const std::string& path, std::string_view data, mode_t mode) {
  AtomicFile f(path, mode);
  f.write(data);
  f.commit();
}

}  // namespace carepath
