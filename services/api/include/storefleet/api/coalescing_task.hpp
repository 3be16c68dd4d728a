#pragma once
// A function run on its own thread after poke(): pokes that arrive while it runs coalesce into one more run, so
// the caller never waits and a burst of pokes costs one or two runs. Used for the provisioner wake-up ping and for
// publishing new events to the SSE streams (a create answers without waiting for its fan-out).
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

namespace storefleet::api {

class CoalescingTask {
 public:
  // rest_ratio: after a run that took T, the next one starts no sooner than T × rest_ratio later (pokes meanwhile
  // still coalesce into one run). Work whose cost grows with what it serves (a fan-out to thousands of streams)
  // then takes at most 1 / (1 + rest_ratio) of the time and does more per run, instead of running back to back.
  explicit CoalescingTask(std::function<void()> run, double rest_ratio = 0)
      : run_(std::move(run)), rest_ratio_(rest_ratio) {}
  ~CoalescingTask() { stop(); }
  CoalescingTask(const CoalescingTask&) = delete;
  CoalescingTask& operator=(const CoalescingTask&) = delete;

  void start() {
    std::lock_guard lock(mutex_);
    if (!thread_.joinable() && !stop_) thread_ = std::thread([this] { loop(); });
  }
  void poke() {  // never blocks on a run
    {
      std::lock_guard lock(mutex_);
      pending_ = true;
    }
    cv_.notify_one();
  }
  void stop() {  // waits for a run in progress; pokes after this are ignored
    {
      std::lock_guard lock(mutex_);
      stop_ = true;
    }
    cv_.notify_all();
    if (thread_.joinable()) thread_.join();
  }

 private:
  void loop() {
    for (;;) {
      {
        std::unique_lock lock(mutex_);
        cv_.wait(lock, [&] { return pending_ || stop_; });
        if (stop_) return;
        pending_ = false;  // a poke from now on asks for another run
      }
      const auto began = std::chrono::steady_clock::now();
      run_();
      if (rest_ratio_ > 0) {
        const auto rest = std::chrono::duration_cast<std::chrono::steady_clock::duration>(
            (std::chrono::steady_clock::now() - began) * rest_ratio_);
        std::unique_lock lock(mutex_);
        if (cv_.wait_for(lock, rest, [&] { return stop_; })) return;
      }
    }
  }

  std::function<void()> run_;
  double rest_ratio_;
  std::mutex mutex_;
  std::condition_variable cv_;
  bool pending_ = false, stop_ = false;
  std::thread thread_;
};

}  // namespace storefleet::api
