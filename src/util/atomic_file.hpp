#pragma once
// Replacing a file so that readers, and a crash at any moment, see either the old content or the
// new content, never a mixture: write a temporary file in the same directory, fsync it, rename it
// over the target, then fsync the directory so that the rename itself survives a power cut.
#include <sys/types.h>

#include <string>
#include <string_view>
#include <vector>

namespace carepath {

class AtomicFile {
 public:
  // Creates the temporary file next to `path` with `mode` (0600 by default: records are private).
  // Throws Error(exit_no_input) when it cannot be created.
  explicit AtomicFile(std::string path, mode_t mode = 0600);
  ~AtomicFile();  // removes the temporary file unless commit() succeeded
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  void write(std::string_view data);  // throws on a write error (disk full, ...)
  // Makes the new content durable and visible under `path`; throws on failure, leaving `path` as it was.
  void commit();

  const std::string& path() const { return path_; }

 private:
  std::string path_;
  std::string temp_;
  int fd_ = -1;
  bool committed_ = false;
  // Throws `message` (an N_() text with holes for the path and the system's reason), translated,
  // with exit_io unless told otherwise.
  [[noreturn]] void fail(const char* message, int code = 74) const;
};

// Removes the temporary files of `path` that an earlier run left behind (kill -9, a power cut):
// regular files of ours named exactly as AtomicFile names them. Returns the paths removed.
std::vector<std::string> remove_stale_temporaries(const std::string& path);

// Writes `data` to `path` through an AtomicFile.
void write_file_atomically(const std::string& path, std::string_view data, mode_t mode = 0600);

}  // namespace carepath
