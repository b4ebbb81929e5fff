#pragma once
// Errors and diagnostics. Library code throws or collects; only main() turns them into output
// and an exit status.
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace carepath {

// sysexits-style exit codes (see carepath(1), EXIT STATUS).
enum ExitCode : int {
  exit_ok = 0,
  exit_partial = 1,
  exit_usage = 2,
  exit_data = 65,
  exit_no_input = 66,
  exit_internal = 70,
  exit_io = 74,  // EX_IOERR: an output could not be written
  exit_interrupted = 130,
};

// Appends "file:line:col", "file:line" or "file" (line and column 0 when unknown).
void append_position(std::string& out, std::string_view file, int line, int col = 0);

// A place in a file; line and column are 1-based, 0 when unknown.
struct Pos {
  std::string file;
  int line = 0;
  int col = 0;
  std::string str() const;  // "file:line:col", "file:line" or "file"
  void append_to(std::string& out) const;
};

struct Diagnostic {
  Pos pos;
  std::string message;
  std::string str() const;
  void append_to(std::string& out) const;  // str(), without a string of its own
};

// Collects every problem of a file so that a user sees them all in one run.
class Diagnostics {
 public:
  void add(Pos pos, std::string message) { items_.push_back({std::move(pos), std::move(message)}); }
  bool empty() const { return items_.empty(); }
  std::size_t size() const { return items_.size(); }
  const std::vector<Diagnostic>& items() const { return items_; }
  void append(const Diagnostics& other) { items_.insert(items_.end(), other.items_.begin(), other.items_.end()); }
  void sort_by_position();

 private:
  std::vector<Diagnostic> items_;
};

// An error with the exit status it should produce. `details` are printed one per line after
// the message (for example every diagnostic of a file).
class Error : public std::runtime_error {
 public:
  Error(ExitCode code, const std::string& message, std::vector<std::string> details = {})
      : std::runtime_error(message), code_(code), details_(std::move(details)) {}
  ExitCode code() const { return code_; }
  const std::vector<std::string>& details() const { return details_; }

 private:
  ExitCode code_;
  std::vector<std::string> details_;
};

// Throws exit_data "WHAT (N problems)" with every diagnostic when there are any.
void throw_if_any(const Diagnostics& diags, const std::string& what);
void throw_if_any(const std::vector<Diagnostic>& diags, const std::string& what);

}  // namespace carepath
