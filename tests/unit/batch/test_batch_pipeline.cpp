#include <doctest/doctest.h>

#include <atomic>
#include <stdexcept>
#include <vector>

#include "batch/batch_pipeline.hpp"

using namespace carepath;

namespace {
struct Numbered : BatchWork {
  int input = 0, output = 0;
};
}  // namespace

TEST_CASE("OrderedPool emits in submission order with any number of workers") {
  for (int jobs : {1, 2, 4}) {
    std::vector<int> seen;
    std::atomic<bool> outside{false};  // a worker number outside 0 .. workers(jobs) - 1
    OrderedPool pool(
        jobs, 3,
        [&](BatchWork& b, std::size_t worker) {
          if (worker >= OrderedPool::workers(jobs)) outside = true;
          auto& n = static_cast<Numbered&>(b);
          volatile long spin = 0;
          for (int i = 0; i < (n.input % 7) * 20000; ++i) spin = spin + i;  // uneven work
          n.output = n.input * 2;
        },
        [&](BatchWork& b) { seen.push_back(static_cast<Numbered&>(b).output); });
    for (int i = 0; i < 200; ++i) {
      auto b = std::make_unique<Numbered>();
      b->input = i;
      pool.submit(std::move(b));
    }
    pool.finish();
    REQUIRE(seen.size() == 200);
    CHECK_FALSE(outside);
    for (int i = 0; i < 200; ++i) CHECK(seen[static_cast<std::size_t>(i)] == 2 * i);
  }
}

TEST_CASE("OrderedPool passes a worker's failure to the caller") {
  OrderedPool pool(
      2, 2, [](BatchWork& b, std::size_t) { if (b.seq == 5) throw std::runtime_error("bad batch"); }, [](BatchWork&) {});
  CHECK_THROWS_WITH(
      {
        for (int i = 0; i < 50; ++i) pool.submit(std::make_unique<Numbered>());
        pool.finish();
      },
      "bad batch");
}
