#pragma once
// Decide a store's status from observed facts (a pure function, Flux helm-controller style: first the state,
// then the action). Failures that will not heal by waiting fail fast with their reason instead of waiting out
// the overall timeout.
#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "storefleet/core/store.hpp"
#include "storefleet/provisioner/observed_facts.hpp"

namespace storefleet::provisioner {

enum class HelmPhase { not_started, running, deployed, failed };

struct CreateFacts {
  HelmPhase helm = HelmPhase::not_started;
  std::string helm_error;
  StoreObservation observed;
  // Since when each pod has shown a fatal waiting reason without a break (key: "pod/<name>"; the kubelet
  // alternates ErrImagePull and ImagePullBackOff, so the reason itself is not part of the key), or a workload
  // has had a ReplicaFailure (key: "workload/<name>"), ms since epoch.
  std::map<std::string, std::int64_t> bad_reason_since;
  std::int64_t started_ms = 0;  // when this attempt began
  std::int64_t now_ms = 0;
  bool suspended = false;  // the spec asks for the workloads scaled to 0: the goal is Suspended, not Ready
};

struct StatusThresholds {
  std::chrono::milliseconds fail_fast_after{30000};  // how long a bad waiting reason may last
  int crash_loop_restarts = 5;                       // restarts that fail a CrashLoopBackOff pod at once
  std::chrono::milliseconds timeout{15 * 60 * 1000}; // overall, from the start of the attempt
  bool expect_setup_job = true;                      // every engine has a setup/migrate Job
};

struct StatusDecision {
  StoreStatus status = StoreStatus::provisioning;
  std::string reason;
  bool terminal() const noexcept {
    return status == StoreStatus::ready || status == StoreStatus::suspended || status == StoreStatus::failed;
  }
  friend bool operator==(const StatusDecision&, const StatusDecision&) = default;
};

StatusDecision decide_create_status(const CreateFacts& f, const StatusThresholds& t);

// Waiting reasons that mean "this pod will not start by itself".
bool is_fatal_waiting_reason(const std::string& reason);

// Only the newest Job per component counts (Jobs are named <release>-<component>-r<revision>).
std::vector<JobFact> newest_jobs(const std::vector<JobFact>& jobs);

struct DeleteFacts {
  bool release_present = false;     // helm release secrets still exist
  bool namespace_present = false;
  std::string namespace_phase;      // Active | Terminating
  std::string namespace_conditions; // summary of status.conditions that are True (why it is stuck)
  std::int64_t started_ms = 0;
  std::int64_t now_ms = 0;
};

StatusDecision decide_delete_status(const DeleteFacts& f, std::chrono::milliseconds timeout);

}  // namespace storefleet::provisioner
