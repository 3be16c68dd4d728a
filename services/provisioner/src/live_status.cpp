#include "storefleet/provisioner/live_status.hpp"

namespace storefleet::provisioner {
namespace {

StatusDecision degraded(std::string reason) { return {StoreStatus::degraded, std::move(reason)}; }

bool long_running(const PodFact& p) {
  return !p.owned_by_job && !p.terminating && p.phase != "Succeeded" && p.phase != "Failed";
}

std::string pod_problem(const PodFact& p) {
  std::string out = "pod " + p.name + (p.reason.empty() ? " not ready" : ": " + p.reason);
  if (!p.message.empty()) out += " (" + p.message + ")";
  return out;
}

}  // namespace

StatusDecision decide_live_status(const LiveFacts& f) {
  const auto& obs = f.observed;
  if (!f.namespace_present)
    return degraded("namespace " + f.ns + " was deleted outside the platform; retry the store to reinstall it");
  if (f.namespace_terminating) return degraded("namespace " + f.ns + " is being deleted outside the platform");
  if (obs.workloads.empty())
    return degraded("the store's workloads are gone (release removed outside the platform?); retry to reinstall");
  for (const auto& w : obs.workloads)
    if (!w.failure.empty()) return degraded(w.kind + " " + w.name + " cannot create pods: " + w.failure);
  for (const auto& p : obs.pods)
    if (long_running(p) && is_fatal_waiting_reason(p.reason)) return degraded(pod_problem(p));
  for (const auto& w : obs.workloads) {
    if (w.ready) continue;
    std::string reason = w.kind + " " + w.name + " not ready";
    bool has_pod = false;
    for (const auto& p : obs.pods) {
      if (!long_running(p)) continue;
      has_pod = true;
      if (!p.ready) return degraded(reason + "; " + pod_problem(p));
    }
    return degraded(reason + (has_pod ? "" : "; no pod running (deleted and not replaced yet)"));
  }
  for (const auto& p : obs.pods)
    if (long_running(p) && !p.ready) return degraded(pod_problem(p));
  return {StoreStatus::ready, "all workloads ready again"};
}

bool live_status_changed(StoreStatus current, const std::string& current_reason, const StatusDecision& d) {
  if (current != d.status) return true;
  return d.status == StoreStatus::degraded && current_reason != d.reason;
}

}  // namespace storefleet::provisioner
