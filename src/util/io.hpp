#pragma once
// Opening inputs ('-' is standard input) and deciding on terminal colour.
#include <cstdio>
#include <fstream>
#include <istream>
#include <memory>
#include <string>

namespace carepath {

class Input {
 public:
  explicit Input(const std::string& path);  // throws exit_no_input
  std::istream& stream() { return file_ ? *file_ : *std_; }
  const std::string& name() const { return name_; }

 private:
  std::unique_ptr<std::ifstream> file_;
  std::istream* std_ = nullptr;
  std::string name_;
};

// Colour only on a terminal, never with NO_COLOR set or TERM=dumb, never when refused.
bool use_color(std::FILE* stream, bool refused);

}  // namespace carepath
