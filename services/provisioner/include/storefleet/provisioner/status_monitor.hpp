#pragma once
// Keeps a store's status true after Ready (level-triggered, controller-runtime style): every watch event carries
// its store's key into a de-duplicating work queue; reconcile(key) observes the informer cache, decides with
// decide_live_status() and writes at most one status change, fenced in its transaction (no job at work, still
// Ready/Degraded). Nothing waits for the cluster: the next watch event or the jittered resync requeues the key.
#include <atomic>
#include <chrono>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "storefleet/provisioner/job_runner.hpp"
#include "storefleet/provisioner/work_queue.hpp"

namespace storefleet::provisioner {

struct MonitorSettings {
  int workers = 2;
  std::chrono::milliseconds resync{std::chrono::minutes(5)};  // each store is judged again at least this often
  std::chrono::milliseconds unsynced_retry{std::chrono::seconds(1)};
};

class StatusMonitor {
 public:
  StatusMonitor(Services& s, MonitorSettings settings = {});
  ~StatusMonitor();

  void start();
  void stop();
  void enqueue(const std::string& store) { queue_.add(store); }
  void enqueue_all();  // every Ready/Degraded store (startup)

  // One pass over one key, as a worker runs it (public for tests): returns when to look again (0: only on events).
  std::chrono::milliseconds reconcile(const std::string& store);

  WorkQueueStats stats() const { return queue_.stats(); }
  std::uint64_t reconciles() const { return reconciles_; }

 private:
  void loop();
  std::chrono::milliseconds resync_delay();

  Services& s_;
  MonitorSettings settings_;
  WorkQueue queue_;
  std::vector<std::thread> threads_;
  std::atomic<std::uint64_t> reconciles_{0};
};

}  // namespace storefleet::provisioner
