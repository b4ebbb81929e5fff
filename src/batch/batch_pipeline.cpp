#include "batch/batch_pipeline.hpp"

namespace carepath {

OrderedPool::OrderedPool(int jobs, std::size_t max_in_flight, Work work, Step emit)
    : work_(std::move(work)), emit_(std::move(emit)), max_in_flight_(max_in_flight < 1 ? 1 : max_in_flight) {
  for (std::size_t i = 0; jobs > 1 && i < workers(jobs); ++i) threads_.emplace_back([this, i] { worker(i); });
}

OrderedPool::~OrderedPool() { stop_workers(); }

void OrderedPool::stop_workers() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  todo_cv_.notify_all();
  for (auto& t : threads_)
    if (t.joinable()) t.join();
  threads_.clear();
}

void OrderedPool::submit(std::unique_ptr<BatchWork> batch) {
  batch->seq = next_seq_++;
  if (threads_.empty()) {
    work_(*batch, 0);
    emit_(*batch);
    ++next_emit_;
    return;
  }
  std::unique_lock lock(mu_);
  space_cv_.wait(lock, [this] { return in_flight_ < max_in_flight_ || failure_; });
  if (failure_) std::rethrow_exception(failure_);
  ++in_flight_;
  todo_.push(std::move(batch));
  todo_cv_.notify_one();
}

void OrderedPool::worker(std::size_t index) {
  while (true) {
    std::unique_ptr<BatchWork> b;
    {
      std::unique_lock lock(mu_);
      todo_cv_.wait(lock, [this] { return stopping_ || !todo_.empty(); });
      if (todo_.empty()) return;
      b = std::move(todo_.front());
      todo_.pop();
    }
    try {
      if (!failed_) work_(*b, index);
      std::unique_lock lock(mu_);
      std::size_t seq = b->seq;
      done_.emplace(seq, std::move(b));
      if (emitting_) continue;
      // This thread emits every batch that is next in order; others keep working meanwhile.
      emitting_ = true;
      while (!done_.empty() && done_.begin()->first == next_emit_) {
        auto next = std::move(done_.begin()->second);
        done_.erase(done_.begin());
        lock.unlock();
        std::exception_ptr e;
        try {
          if (!failed_) emit_(*next);
        } catch (...) {
          e = std::current_exception();
        }
        next.reset();
        lock.lock();
        if (e && !failure_) {
          failure_ = e;
          failed_ = true;
        }
        ++next_emit_;
        // The reader is woken when half the room is free, not for each batch: it then reads a
        // few chunks in a row instead of taking a core from a worker for every one.
        if (--in_flight_ <= max_in_flight_ / 2 || failure_) space_cv_.notify_all();
      }
      emitting_ = false;
    } catch (...) {
      std::lock_guard lock(mu_);
      if (!failure_) failure_ = std::current_exception();
      failed_ = true;
      space_cv_.notify_all();
    }
  }
}

void OrderedPool::finish() {
  if (!threads_.empty()) {
    std::unique_lock lock(mu_);
    space_cv_.wait(lock, [this] { return next_emit_ == next_seq_ || failure_; });
  }
  stop_workers();
  if (failure_) std::rethrow_exception(failure_);
}

}  // namespace carepath
