// Parse-only floor for JSON Lines records (a benchmark, not part of carepath): simdjson
// On-Demand over the same file, touching every field of every record (each key, each string,
// number, boolean and list element), so that no part of a record goes unparsed. What carepath
// does beyond this (checks, rules, writing results) is what the benchmark compares.
//
//   g++ -O2 -std=c++20 bench/jsonl_floor.cpp -lsimdjson -o jsonl-floor && ./jsonl-floor records.jsonl
#include <simdjson.h>

#include <cstdint>
#include <cstdio>

namespace {

// Touches a value of any kind; returns something that depends on it so nothing is skipped.
std::uint64_t touch(simdjson::ondemand::value v) {
  switch (v.type()) {
    case simdjson::ondemand::json_type::string: return std::string_view(v.get_string()).size();
    case simdjson::ondemand::json_type::number: return static_cast<std::uint64_t>(int64_t(v.get_int64()));
    case simdjson::ondemand::json_type::boolean: return bool(v.get_bool());
    case simdjson::ondemand::json_type::null: return v.is_null();
    case simdjson::ondemand::json_type::array: {
      std::uint64_t n = 1;
      for (auto e : v.get_array()) n += touch(e.value());
      return n;
    }
    case simdjson::ondemand::json_type::object: {
      std::uint64_t n = 2;
      for (auto f : v.get_object()) n += std::string_view(f.unescaped_key()).size() + touch(f.value());
      return n;
    }
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: jsonl-floor FILE.jsonl\n");
    return 2;
  }
  try {
    simdjson::padded_string json = simdjson::padded_string::load(argv[1]);
    simdjson::ondemand::parser parser;
    simdjson::ondemand::document_stream docs = parser.iterate_many(json, 1 << 20);
    std::uint64_t records = 0, sum = 0;
    for (auto doc : docs) {
      simdjson::ondemand::value v = doc.get_value();
      sum += touch(v);
      ++records;
    }
    std::printf("%llu records (checksum %llu)\n", static_cast<unsigned long long>(records),
                static_cast<unsigned long long>(sum));
  } catch (const simdjson::simdjson_error& e) {
    std::fprintf(stderr, "jsonl-floor: %s\n", e.what());
    return 65;
  }
  return 0;
}
