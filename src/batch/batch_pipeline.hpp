#pragma once
// Work on batches across threads with results handed on in submission order: the reader
// submits, workers process, and whichever worker completes the oldest outstanding batch emits
// it (and any that were waiting behind it). At most `max_in_flight` batches exist at once,
// which is what keeps memory flat however long the input is.
#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <exception>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <queue>
#include <thread>
#include <vector>

namespace carepath {

struct BatchWork {
  virtual ~BatchWork() = default;
  std::size_t seq = 0;
};

class OrderedPool {
 public:
  // `worker` numbers the thread that works on a batch, from 0 to workers() - 1, so that each
  // can keep state of its own without thread_local storage.
  using Work = std::function<void(BatchWork&, std::size_t worker)>;
  using Step = std::function<void(BatchWork&)>;
  // jobs <= 1 runs everything on the caller's thread (worker 0).
  OrderedPool(int jobs, std::size_t max_in_flight, Work work, Step emit);
  static std::size_t workers(int jobs) { return jobs > 1 ? static_cast<std::size_t>(jobs) : 1; }
  ~OrderedPool();
  OrderedPool(const OrderedPool&) = delete;
  OrderedPool& operator=(const OrderedPool&) = delete;

  // Blocks while too many batches are in flight; rethrows the first failure of a worker.
  void submit(std::unique_ptr<BatchWork> batch);
  // Waits until every batch has been emitted; rethrows the first failure.
  void finish();

 private:
  void worker(std::size_t index);
  void stop_workers();
  Work work_;
  Step emit_;
  std::size_t max_in_flight_;
  std::size_t next_seq_ = 0, next_emit_ = 0, in_flight_ = 0;
  std::mutex mu_;
  std::condition_variable todo_cv_, space_cv_;
  std::queue<std::unique_ptr<BatchWork>> todo_;
  std::map<std::size_t, std::unique_ptr<BatchWork>> done_;
  bool emitting_ = false, stopping_ = false;
  std::exception_ptr failure_;
  std::atomic<bool> failed_{false};
  std::vector<std::thread> threads_;
};

}  // namespace carepath
