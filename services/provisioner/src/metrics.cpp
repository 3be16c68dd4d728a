#include "storefleet/provisioner/metrics.hpp"

#include <fmt/format.h>

namespace storefleet::provisioner {

void Histogram::observe(double v) {
  for (std::size_t i = 0; i < bounds_.size(); ++i)
    if (v <= bounds_[i]) ++counts_[i];
  ++count_;
  sum_ += v;
}

void Histogram::render(std::string& out, const std::string& name, const std::string& labels) const {
  for (std::size_t i = 0; i < bounds_.size(); ++i)
    out += fmt::format("{}_bucket{{{}le=\"{:g}\"}} {}\n", name, labels, bounds_[i], counts_[i]);
  out += fmt::format("{}_bucket{{{}le=\"+Inf\"}} {}\n", name, labels, count_);
  const std::string plain = labels.empty() ? "" : "{" + labels.substr(0, labels.size() - 1) + "}";
  out += fmt::format("{}_sum{} {:g}\n{}_count{} {}\n", name, plain, sum_, name, plain, count_);
}

void Metrics::job_finished(const std::string& kind, const std::string& outcome) {
  std::lock_guard lock(mutex_);
  ++jobs_[{kind, outcome}];
}

void Metrics::helm_finished(const std::string& command, double seconds) {
  std::lock_guard lock(mutex_);
  auto it = helm_.find(command);
  if (it == helm_.end()) it = helm_.emplace(command, Histogram({0.5, 1, 2, 5, 10, 30, 60, 120, 300})).first;
  it->second.observe(seconds);
}

void Metrics::helm_slot_waited(double seconds) {
  std::lock_guard lock(mutex_);
  helm_slot_wait_.observe(seconds);
}

void Metrics::time_to_ready(double seconds) {
  std::lock_guard lock(mutex_);
  ready_.observe(seconds);
}

void Metrics::set_orphans(std::int64_t n) {
  std::lock_guard lock(mutex_);
  orphans_ = n;
}

void Metrics::live_status_changed(const std::string& status) {
  std::lock_guard lock(mutex_);
  ++live_changes_[status];
}

void Metrics::reconciled(const std::string& result, double seconds) {
  std::lock_guard lock(mutex_);
  auto it = reconcile_.find(result);
  if (it == reconcile_.end())
    it = reconcile_.emplace(result, Histogram({0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5})).first;
  it->second.observe(seconds);
}

std::string Metrics::render(const GaugeInputs& g) const {
  std::lock_guard lock(mutex_);
  std::string out;
  out += "# HELP storefleet_provisioner_jobs_total Jobs finished, by kind and outcome.\n"
         "# TYPE storefleet_provisioner_jobs_total counter\n";
  for (const auto& [key, n] : jobs_)
    out += fmt::format("storefleet_provisioner_jobs_total{{kind=\"{}\",outcome=\"{}\"}} {}\n", key.first, key.second, n);
  out += "# HELP storefleet_provisioner_helm_duration_seconds Duration of helm commands.\n"
         "# TYPE storefleet_provisioner_helm_duration_seconds histogram\n";
  for (const auto& [cmd, h] : helm_)
    h.render(out, "storefleet_provisioner_helm_duration_seconds", fmt::format("command=\"{}\",", cmd));
  out += "# HELP storefleet_provisioner_helm_slot_wait_seconds Time a helm task waited in the helm pool (--helm-concurrency) before it started.\n"
         "# TYPE storefleet_provisioner_helm_slot_wait_seconds histogram\n";
  helm_slot_wait_.render(out, "storefleet_provisioner_helm_slot_wait_seconds");
  out += "# HELP storefleet_provisioner_time_to_ready_seconds From the start of a create job to Ready.\n"
         "# TYPE storefleet_provisioner_time_to_ready_seconds histogram\n";
  ready_.render(out, "storefleet_provisioner_time_to_ready_seconds");
  out += "# HELP storefleet_provisioner_kube_requests_total Requests (not watches) this process sent to the "
         "Kubernetes API, by method (GET is a get or a list).\n"
         "# TYPE storefleet_provisioner_kube_requests_total counter\n";
  for (const auto& [method, n] : g.kube_requests)
    out += fmt::format("storefleet_provisioner_kube_requests_total{{method=\"{}\"}} {}\n", method, n);
  out += "# HELP storefleet_provisioner_watch_restarts_total Watch streams restarted, by kind.\n"
         "# TYPE storefleet_provisioner_watch_restarts_total counter\n";
  for (const auto& [kind, n] : g.watch_restarts)
    out += fmt::format("storefleet_provisioner_watch_restarts_total{{resource=\"{}\"}} {}\n", kind, n);
  out += "# HELP storefleet_provisioner_orphan_namespaces Labelled namespaces without a store row.\n"
         "# TYPE storefleet_provisioner_orphan_namespaces gauge\n";
  out += fmt::format("storefleet_provisioner_orphan_namespaces {}\n", orphans_);
  out += "# HELP storefleet_provisioner_queue_depth Jobs queued or running.\n"
         "# TYPE storefleet_provisioner_queue_depth gauge\n";
  out += fmt::format("storefleet_provisioner_queue_depth {}\n", g.queue_depth);
  out += "# HELP storefleet_provisioner_live_status_changes_total Status changes after Ready (Ready/Degraded).\n"
         "# TYPE storefleet_provisioner_live_status_changes_total counter\n";
  for (const auto& [status, n] : live_changes_)
    out += fmt::format("storefleet_provisioner_live_status_changes_total{{status=\"{}\"}} {}\n", status, n);
  out += "# HELP storefleet_provisioner_reconcile_time_seconds Duration of one status reconcile, by result.\n"
         "# TYPE storefleet_provisioner_reconcile_time_seconds histogram\n";
  for (const auto& [result, h] : reconcile_)
    h.render(out, "storefleet_provisioner_reconcile_time_seconds", fmt::format("result=\"{}\",", result));
  out += fmt::format(
      "# HELP storefleet_provisioner_workqueue_depth Store keys waiting in the reconciler's work queue.\n"
      "# TYPE storefleet_provisioner_workqueue_depth gauge\n"
      "storefleet_provisioner_workqueue_depth{{name=\"stores\"}} {}\n"
      "# HELP storefleet_provisioner_workqueue_adds_total Store keys added to the reconciler's work queue.\n"
      "# TYPE storefleet_provisioner_workqueue_adds_total counter\n"
      "storefleet_provisioner_workqueue_adds_total{{name=\"stores\"}} {}\n"
      "# HELP storefleet_provisioner_workqueue_retries_total Keys re-added with backoff after an error.\n"
      "# TYPE storefleet_provisioner_workqueue_retries_total counter\n"
      "storefleet_provisioner_workqueue_retries_total{{name=\"stores\"}} {}\n"
      "# HELP storefleet_provisioner_workqueue_longest_running_processor_seconds The longest running reconcile.\n"
      "# TYPE storefleet_provisioner_workqueue_longest_running_processor_seconds gauge\n"
      "storefleet_provisioner_workqueue_longest_running_processor_seconds{{name=\"stores\"}} {:g}\n",
      g.status_queue_depth, g.status_queue_adds, g.status_queue_retries, g.status_queue_longest_running_seconds);
  out += fmt::format(
      "# HELP storefleet_provisioner_jobs_held Jobs this provisioner holds a lease on (stores at work).\n"
      "# TYPE storefleet_provisioner_jobs_held gauge\n"
      "storefleet_provisioner_jobs_held {}\n"
      "# HELP storefleet_provisioner_helm_tasks_waiting Helm tasks waiting for a --helm-concurrency slot.\n"
      "# TYPE storefleet_provisioner_helm_tasks_waiting gauge\n"
      "storefleet_provisioner_helm_tasks_waiting {}\n",
      g.jobs_held, g.helm_waiting);
  out += "# HELP storefleet_provisioner_informers_synced 1 when every informer has listed.\n"
         "# TYPE storefleet_provisioner_informers_synced gauge\n";
  out += fmt::format("storefleet_provisioner_informers_synced {}\n", g.informers_synced ? 1 : 0);
  return out;
}

}  // namespace storefleet::provisioner
