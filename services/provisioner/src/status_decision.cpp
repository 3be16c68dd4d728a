#include "storefleet/provisioner/status_decision.hpp"

#include <algorithm>

namespace storefleet::provisioner {

bool is_fatal_waiting_reason(const std::string& reason) {
  return reason == "ImagePullBackOff" || reason == "ErrImagePull" || reason == "CrashLoopBackOff" ||
         reason == "InvalidImageName" || reason == "CreateContainerConfigError" || reason == "Unschedulable";
}

namespace {

long long revision_of(const std::string& job_name) {
  const auto pos = job_name.rfind("-r");
  if (pos == std::string::npos || pos + 2 >= job_name.size()) return -1;
  const std::string digits = job_name.substr(pos + 2);
  if (digits.find_first_not_of("0123456789") != std::string::npos || digits.size() > 12) return -1;
  return std::stoll(digits);
}

std::string fmt_duration(std::chrono::milliseconds d) {
  const auto s = d.count() / 1000;
  if (s >= 60 && s % 60 == 0) return std::to_string(s / 60) + "m";
  return std::to_string(s) + "s";
}

}  // namespace

std::vector<JobFact> newest_jobs(const std::vector<JobFact>& jobs) {
  std::vector<JobFact> out;
  for (const auto& j : jobs) {
    auto same = std::find_if(out.begin(), out.end(), [&](const JobFact& o) { return o.component == j.component; });
    if (same == out.end()) {
      out.push_back(j);
    } else if (revision_of(j.name) > revision_of(same->name)) {
      *same = j;
    }
  }
  return out;
}

namespace {

// Suspended once every workload is at its (zero) replicas and no long-running pod is left, terminating or not: the
// volumes stay, the pods that use them are gone. Jobs are not rendered while suspended.
StatusDecision decide_suspend_status(const CreateFacts& f, const StatusThresholds& t) {
  std::string waiting_for;
  for (const auto& w : f.observed.workloads)
    if (!w.ready && waiting_for.empty()) waiting_for = "waiting for " + w.kind + " " + w.name + " to scale to 0";
  for (const auto& p : f.observed.pods) {
    const bool finished = p.phase == "Succeeded" || p.phase == "Failed";
    if (waiting_for.empty() && !p.owned_by_job && !finished) waiting_for = "waiting for pod " + p.name + " to stop";
  }
  if (waiting_for.empty()) return {StoreStatus::suspended, "workloads scaled to 0; data volumes kept"};
  if (f.now_ms - f.started_ms >= t.timeout.count())
    return {StoreStatus::failed, "timed out after " + fmt_duration(t.timeout) + " (" + waiting_for + ")"};
  return {StoreStatus::installing, waiting_for};
}

}  // namespace

StatusDecision decide_create_status(const CreateFacts& f, const StatusThresholds& t) {
  switch (f.helm) {
    case HelmPhase::not_started: return {StoreStatus::provisioning, "preparing namespace and credentials"};
    case HelmPhase::running: return {StoreStatus::provisioning, "installing helm release"};
    case HelmPhase::failed: return {StoreStatus::failed, "helm: " + f.helm_error};
    case HelmPhase::deployed: break;
  }
  if (f.suspended) return decide_suspend_status(f, t);
  const auto& obs = f.observed;
  const auto jobs = newest_jobs(obs.jobs);

  // 1. Failures that will not heal by waiting.
  for (const auto& j : jobs) {
    if (j.state == JobFact::State::failed) {
      std::string why = j.reason.empty() ? "failed" : j.reason;
      if (!j.message.empty()) why += ": " + j.message;
      return {StoreStatus::failed, "job " + j.name + " failed (" + why + ")"};
    }
  }
  for (const auto& w : obs.workloads) {
    if (w.failure.empty()) continue;
    // Quota never heals by waiting; other refusals (a webhook that is briefly down) get the grace period.
    const auto since = f.bad_reason_since.find("workload/" + w.name);
    const bool long_enough = since != f.bad_reason_since.end() && f.now_ms - since->second >= t.fail_fast_after.count();
    if (is_quota_failure(w.failure))
      return {StoreStatus::failed, "quota exceeded for " + w.kind + " " + w.name + ": " + w.failure};
    if (long_enough) return {StoreStatus::failed, "cannot create pods for " + w.kind + " " + w.name + ": " + w.failure};
  }
  for (const auto& p : obs.pods) {
    // A Job pod that crashes is the Job's to judge (its backoffLimit fails it); one that cannot start at all (no
    // image, not schedulable) never fails its Job, so it gets the same grace as any other pod.
    if (!is_fatal_waiting_reason(p.reason) || (p.owned_by_job && p.reason == "CrashLoopBackOff")) continue;
    const bool crash_limit = p.reason == "CrashLoopBackOff" && p.restarts >= t.crash_loop_restarts;
    const auto since = f.bad_reason_since.find("pod/" + p.name);
    const bool long_enough = since != f.bad_reason_since.end() && f.now_ms - since->second >= t.fail_fast_after.count();
    if (crash_limit || long_enough) {
      std::string reason = "pod " + p.name + ": " + p.reason;
      if (!p.message.empty()) reason += " (" + p.message + ")";
      return {StoreStatus::failed, reason};
    }
  }

  // 2. Ready when every workload is ready and the setup work is complete.
  std::string waiting_for;
  if (obs.workloads.empty()) waiting_for = "waiting for workloads to appear";
  for (const auto& w : obs.workloads) {
    if (!w.ready && waiting_for.empty()) waiting_for = "waiting for " + w.kind + " " + w.name;
  }
  // Workload status and pods come from different watches; also wait for the pods themselves, so Ready is never
  // reported before the pods it rests on are seen ready.
  for (const auto& p : obs.pods) {
    const bool finished = p.phase == "Succeeded" || p.phase == "Failed";
    if (waiting_for.empty() && !p.ready && !p.owned_by_job && !p.terminating && !finished)
      waiting_for = "waiting for pod " + p.name;
  }
  if (waiting_for.empty() && t.expect_setup_job && jobs.empty()) waiting_for = "waiting for the setup job to appear";
  for (const auto& j : jobs) {
    if (j.state != JobFact::State::succeeded && waiting_for.empty())
      waiting_for = "setup job " + j.name + " " + std::string(to_string(j.state));
  }
  if (waiting_for.empty()) return {StoreStatus::ready, "all workloads ready and setup complete"};

  // Name the pod that holds things up, if one has a reason.
  for (const auto& p : obs.pods) {
    if (!p.ready && !p.reason.empty() && !p.owned_by_job) {
      waiting_for += "; pod " + p.name + ": " + p.reason;
      break;
    }
  }

  // 3. Out of time.
  if (f.now_ms - f.started_ms >= t.timeout.count())
    return {StoreStatus::failed, "timed out after " + fmt_duration(t.timeout) + " (" + waiting_for + ")"};
  return {StoreStatus::installing, waiting_for};
}

StatusDecision decide_delete_status(const DeleteFacts& f, std::chrono::milliseconds timeout) {
  if (!f.release_present && !f.namespace_present) return {StoreStatus::deleted, "namespace and release removed"};
  if (f.now_ms - f.started_ms >= timeout.count()) {
    if (f.namespace_present && f.namespace_phase == "Terminating") {
      std::string reason = "namespace stuck Terminating";
      if (!f.namespace_conditions.empty()) reason += ": " + f.namespace_conditions;
      return {StoreStatus::failed, reason};
    }
    return {StoreStatus::failed, "timed out deleting the store"};
  }
  if (f.release_present) return {StoreStatus::deleting, "uninstalling helm release"};
  return {StoreStatus::deleting, "waiting for namespace to be removed"};
}

}  // namespace storefleet::provisioner
