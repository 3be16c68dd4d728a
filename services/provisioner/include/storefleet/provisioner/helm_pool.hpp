#pragma once
// Helm on a bounded pool, apart from the reconcile workers: --helm-concurrency threads run helm tasks in the
// order they were submitted, so a thousand stores can be starting at once while only helm processes are limited.
// A task's end is reported to its callback (which requeues the store's key); nobody waits on a thread for it.
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace storefleet::provisioner {

class HelmPool {
 public:
  // `queued_seconds` is called with how long each task waited for a free slot (metrics).
  HelmPool(int size, std::function<void(double)> queued_seconds = {});
  ~HelmPool();

  void start();
  // Stops taking tasks and joins the threads; tasks not yet started are dropped (their jobs' leases are released
  // by the caller and a later attempt redoes them).
  void stop();
  void submit(std::function<void()> task);
  std::size_t waiting() const;
  int size() const noexcept { return size_; }

 private:
  struct Task {
    std::function<void()> run;
    std::chrono::steady_clock::time_point queued_at;
  };
  void loop();

  int size_;
  std::function<void(double)> queued_seconds_;
  mutable std::mutex mutex_;
  std::condition_variable cv_;
  std::deque<Task> tasks_;
  bool stop_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace storefleet::provisioner
