#include "storefleet/provisioner/job_step.hpp"

#include <algorithm>

namespace storefleet::provisioner {

std::string_view to_string(JobAction a) noexcept {
  switch (a) {
    case JobAction::none: return "none";
    case JobAction::drop: return "drop";
    case JobAction::hand_over: return "hand_over";
    case JobAction::prepare: return "prepare";
    case JobAction::install: return "install";
    case JobAction::succeed: return "succeed";
    case JobAction::fail_attempt: return "fail_attempt";
    case JobAction::fail_for_good: return "fail_for_good";
    case JobAction::uninstall: return "uninstall";
    case JobAction::delete_namespace: return "delete_namespace";
  }
  return "none";
}

namespace {

JobStep create_step(const JobStepFacts& f, const StatusThresholds& t) {
  if (!f.prepared) return {JobAction::prepare, StoreStatus::provisioning, "creating namespace and credentials"};
  if (!f.installed) return {JobAction::install, StoreStatus::provisioning, "installing helm release"};
  const auto d = decide_create_status(f.create, t);
  if (d.status == StoreStatus::ready || d.status == StoreStatus::suspended) return {JobAction::succeed, d.status, d.reason};
  if (d.status == StoreStatus::failed) return {JobAction::fail_for_good, StoreStatus::failed, d.reason};
  return {JobAction::none, d.status, d.reason};
}

JobStep delete_step(const JobStepFacts& f, std::chrono::milliseconds timeout) {
  if (!f.uninstalled) return {JobAction::uninstall, StoreStatus::deleting, "uninstalling helm release"};
  if (!f.namespace_delete_sent)
    return {JobAction::delete_namespace, StoreStatus::deleting, "waiting for namespace to be removed"};
  const auto d = decide_delete_status(f.del, timeout);
  if (d.status == StoreStatus::deleted) return {JobAction::succeed, StoreStatus::deleted, d.reason};
  if (d.status == StoreStatus::failed) return {JobAction::fail_for_good, StoreStatus::failed, d.reason};
  return {JobAction::none, StoreStatus::deleting, d.reason};
}

}  // namespace

JobStep decide_job_step(const JobStepFacts& f, const StatusThresholds& t, std::chrono::milliseconds delete_timeout) {
  const auto working = f.kind == db::JobKind::create ? StoreStatus::provisioning : StoreStatus::deleting;
  // A helm process of this job is still running (or being killed): act only after it ended, so that one release
  // never has two helm processes, even when the job is retaken at once.
  if (f.helm_running)
    return {JobAction::none, working, f.superseded || f.lease_lost ? "stopping helm" : "helm running"};
  // Then, whatever else is true, a job whose lease is gone writes nothing more.
  if (f.lease_lost) return {JobAction::drop, working, "lease lost"};
  if (f.superseded) return {JobAction::hand_over, working, "another request arrived"};
  if (f.helm_error) return {JobAction::fail_attempt, working, *f.helm_error};
  return f.kind == db::JobKind::create ? create_step(f, t) : delete_step(f, delete_timeout);
}

std::int64_t next_deadline(const JobStepFacts& f, const StatusThresholds& t, std::chrono::milliseconds delete_timeout) {
  if (f.kind == db::JobKind::destroy) return f.del.started_ms + delete_timeout.count();
  std::int64_t at = f.create.started_ms + t.timeout.count();
  for (const auto& [_, since] : f.create.bad_reason_since) at = std::min(at, since + t.fail_fast_after.count());
  return at;
}

}  // namespace storefleet::provisioner
