// carepath: a thin entry point; everything else lives in carepath_core.
#include <fmt/format.h>

#include <cstdio>
#include <exception>

#include "cli/cli.hpp"
#include "util/error.hpp"

int main(int argc, char** argv) {
  try {
    return carepath::run_cli(argc, argv);
  } catch (const carepath::Error& e) {
    fmt::print(stderr, "carepath: error: {}\n", e.what());
    for (const auto& d : e.details()) fmt::print(stderr, "  {}\n", d);
    return e.code();
  } catch (const std::exception& e) {
    fmt::print(stderr, "carepath: internal error: {}\n", e.what());
    return carepath::exit_internal;
  }
}
