#pragma once
// Facts the status decision needs, extracted from Kubernetes objects (pure functions over JSON), and the
// `stores.observed` / `store.observed` JSON forms of them.
#include <boost/json/object.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace storefleet::provisioner {

struct PodFact {
  std::string name;
  std::string phase;         // Pending, Running, Succeeded, Failed
  bool ready = false;
  std::string reason;        // waiting reason (ImagePullBackOff, ...), Unschedulable, or terminated reason
  std::string message;
  int restarts = 0;
  bool unschedulable = false;
  bool owned_by_job = false;  // setup/migrate pods: their failures are judged through the Job
  bool terminating = false;   // has a deletionTimestamp (an old replica going away)
  friend bool operator==(const PodFact&, const PodFact&) = default;
};

struct JobFact {
  enum class State { pending, running, succeeded, failed };
  std::string name;
  std::string component;     // app.kubernetes.io/component (setup, migrate)
  State state = State::pending;
  std::string reason;        // e.g. BackoffLimitExceeded
  std::string message;
  friend bool operator==(const JobFact&, const JobFact&) = default;
};
std::string_view to_string(JobFact::State s) noexcept;

struct WorkloadFact {
  std::string kind;          // Deployment | StatefulSet
  std::string name;
  bool ready = false;        // every replica ready and updated at the observed generation
  std::string failure;       // pods cannot be created (ReplicaFailure: quota, admission)
  friend bool operator==(const WorkloadFact&, const WorkloadFact&) = default;
};

struct StoreObservation {
  std::vector<PodFact> pods;
  std::vector<JobFact> jobs;
  std::vector<WorkloadFact> workloads;
  friend bool operator==(const StoreObservation&, const StoreObservation&) = default;
};

PodFact pod_fact(const boost::json::object& pod);
JobFact job_fact(const boost::json::object& job);
WorkloadFact deployment_fact(const boost::json::object& deployment);
WorkloadFact statefulset_fact(const boost::json::object& statefulset);
// The ReplicaFailure message of a ReplicaSet ("" when none) and the Deployment that owns it.
std::string replicaset_failure(const boost::json::object& replicaset, std::string* owner_deployment);
bool is_quota_failure(const std::string& message);

// { "pods": [{name, phase, ready, reason}], "jobs": [{name, state}], "reason": reason } for stores.observed.
std::string observed_column_json(const StoreObservation& o, const std::string& reason);
// { "pods": [...], "setupJob": {name, state} } for the store.observed event.
std::string observed_event_json(const StoreObservation& o);

// Small JSON accessors shared by the extractors and the informer cache.
const boost::json::value* json_path(const boost::json::object& o, std::initializer_list<const char*> keys);
std::string json_string(const boost::json::object& o, std::initializer_list<const char*> keys);
std::int64_t json_int(const boost::json::object& o, std::initializer_list<const char*> keys, std::int64_t fallback = 0);

}  // namespace storefleet::provisioner
