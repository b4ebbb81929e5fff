#pragma once
#include <string>
#include <string_view>
#include <cstdint>
#include <array>

namespace carepath {

// SHA-256 (FIPS 180-4), for the digest that ties every result to the exact content that made it.
class Sha256 {
 public:
  Sha256();
  void update(std::string_view data);
  std::string hex();  // finishes the hash

 private:
  void block(const unsigned char* p);
  std::array<std::uint32_t, 8> h_;
  unsigned char buf_[64];
  std::size_t buf_len_ = 0;
  std::uint64_t total_ = 0;
};

std::string sha256_hex(std::string_view data);

}  // namespace carepath
