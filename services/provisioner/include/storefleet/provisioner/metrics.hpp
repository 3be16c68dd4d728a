#pragma once
// Prometheus metrics, rendered by hand in the text exposition format.
#include <array>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace storefleet::provisioner {

class Histogram {
 public:
  explicit Histogram(std::vector<double> bounds) : bounds_(std::move(bounds)), counts_(bounds_.size(), 0) {}
  void observe(double v);
  // `name` rows: _bucket{le=...} (cumulative), _sum, _count; `labels` is "" or `k="v",`.
  void render(std::string& out, const std::string& name, const std::string& labels = "") const;

 private:
  std::vector<double> bounds_;
  std::vector<std::uint64_t> counts_;
  std::uint64_t count_ = 0;
  double sum_ = 0;
};

struct GaugeInputs {
  std::int64_t queue_depth = 0;
  bool informers_synced = false;
  std::vector<std::pair<std::string, std::uint64_t>> watch_restarts;  // per kind
  std::vector<std::pair<std::string, std::uint64_t>> kube_requests;   // per HTTP method (kube_requests_by_method)
  // The reconciler's work queue (controller-runtime's workqueue_* names).
  std::size_t status_queue_depth = 0;
  std::uint64_t status_queue_adds = 0, status_queue_retries = 0;
  double status_queue_longest_running_seconds = 0;
  std::size_t jobs_held = 0;     // jobs this process holds a lease on (stores at work)
  std::size_t helm_waiting = 0;  // helm tasks waiting for a pool slot
};

class Metrics {
 public:
  void job_finished(const std::string& kind, const std::string& outcome);  // outcome: ready|failed|retry|deleted|...
  void helm_finished(const std::string& command, double seconds);
  void helm_slot_waited(double seconds);  // time a helm task waited in the helm pool
  void time_to_ready(double seconds);
  void set_orphans(std::int64_t n);
  void live_status_changed(const std::string& status);              // Ready ⇄ Degraded after Ready
  void reconciled(const std::string& result, double seconds);        // result: success|error
  std::string render(const GaugeInputs& g) const;

 private:
  mutable std::mutex mutex_;
  std::map<std::pair<std::string, std::string>, std::uint64_t> jobs_;
  std::map<std::string, Histogram> helm_;
  Histogram helm_slot_wait_{{0.01, 0.1, 0.5, 1, 5, 10, 30, 60, 300}};
  Histogram ready_{{5, 10, 20, 30, 60, 120, 300, 600, 900}};
  std::int64_t orphans_ = 0;
  std::map<std::string, std::uint64_t> live_changes_;
  std::map<std::string, Histogram> reconcile_;
};

}  // namespace storefleet::provisioner
