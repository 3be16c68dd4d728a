#pragma once
// The transition table of a store with a job at work (a pure function, table-tested): from what the reconciler
// observed — the lease, the attempt's progress, the helm task, the cluster — the one action to take next, and the
// status the store has meanwhile. The reconciler acts at most once per pass and never waits for the cluster: a
// watch event, the helm task's end or the next deadline (see next_deadline) requeues the store.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "storefleet/db/jobs.hpp"
#include "storefleet/provisioner/status_decision.hpp"

namespace storefleet::provisioner {

enum class JobAction {
  none,              // wait: a watch event, the helm task's end or a deadline brings the store back
  drop,              // the lease was lost: another holder decides; write nothing
  hand_over,         // another kind was requested meanwhile: complete (the queue re-queues it as that kind)
  prepare,           // create: ensure the namespace and the credentials Secret
  install,           // create: helm (uninstall/rollback as planned, then) upgrade --install, on the helm pool
  succeed,           // the job reached its goal: Ready (create) or Deleted (delete)
  fail_attempt,      // this attempt failed in a way a later one may fix: retry after backoff (or dead)
  fail_for_good,     // waiting will not help: Failed with the reason
  uninstall,         // delete: helm uninstall if a release exists, on the helm pool
  delete_namespace,  // delete: DELETE the namespace
};
std::string_view to_string(JobAction a) noexcept;

struct JobStepFacts {
  db::JobKind kind = db::JobKind::create;
  bool lease_lost = false;
  bool superseded = false;
  bool helm_running = false;
  std::optional<std::string> helm_error;  // the last helm task of this attempt failed
  bool prepared = false;
  bool installed = false;
  bool uninstalled = false;
  bool namespace_delete_sent = false;
  CreateFacts create;  // create, once installed: what decide_create_status judges
  DeleteFacts del;     // delete, once the namespace delete was sent
};

struct JobStep {
  JobAction action = JobAction::none;
  StoreStatus status = StoreStatus::provisioning;
  std::string reason;
  friend bool operator==(const JobStep&, const JobStep&) = default;
};

JobStep decide_job_step(const JobStepFacts& f, const StatusThresholds& t, std::chrono::milliseconds delete_timeout);

// When a waiting job must be looked at again even if nothing in the cluster changes (its timeout, the end of a
// fail-fast grace period), in ms since epoch.
std::int64_t next_deadline(const JobStepFacts& f, const StatusThresholds& t, std::chrono::milliseconds delete_timeout);

}  // namespace storefleet::provisioner
