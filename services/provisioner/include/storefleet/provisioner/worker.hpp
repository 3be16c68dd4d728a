#pragma once
// The queue worker: `concurrency` threads claim jobs from the shared SQLite queue (one active job per store is
// guaranteed by the queue), run them, and record the outcome. They sleep until woken (POST /wake), until the
// next job is due, or for the idle re-check interval, whichever comes first.
#include <atomic>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "storefleet/provisioner/job_runner.hpp"

namespace storefleet::provisioner {

class Worker {
 public:
  explicit Worker(Services s) : s_(s) {}
  ~Worker();
  void start();
  void stop();
  void wake();
  int busy() const noexcept { return busy_.load(); }
  // Called with a store's name whenever one of its jobs let go of it (the status monitor takes over from there).
  void on_job_finished(std::function<void(const std::string&)> f) { on_job_finished_ = std::move(f); }

 private:
  void loop();
  void process(const db::Job& job);
  void finish(const db::Job& job, const Store& store, const JobOutcome& outcome, Services& js, Lease& lease);
  void retry_or_fail(const db::Job& job, const Store& store, const std::string& error, Services& js, Lease& lease);
  void reap();
  void cleanup_failed(const Store& store, Services& js, Lease& lease);

  Services s_;
  std::vector<std::thread> threads_;
  std::atomic<bool> stop_{false};
  std::atomic<int> busy_{0};
  std::mutex mutex_;
  std::condition_variable cv_;
  std::uint64_t wakeups_ = 0;
  std::function<void(const std::string&)> on_job_finished_;
};

}  // namespace storefleet::provisioner
