#include "storefleet/provisioner/observed_facts.hpp"

#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

namespace json = boost::json;

namespace storefleet::provisioner {

const json::value* json_path(const json::object& o, std::initializer_list<const char*> keys) {
  const json::object* cur = &o;
  const json::value* v = nullptr;
  for (const char* k : keys) {
    if (!cur) return nullptr;
    v = cur->if_contains(k);
    if (!v) return nullptr;
    cur = v->is_object() ? &v->as_object() : nullptr;
  }
  return v;
}

std::string json_string(const json::object& o, std::initializer_list<const char*> keys) {
  const auto* v = json_path(o, keys);
  return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

std::int64_t json_int(const json::object& o, std::initializer_list<const char*> keys, std::int64_t fallback) {
  const auto* v = json_path(o, keys);
  if (!v) return fallback;
  if (v->is_int64()) return v->as_int64();
  if (v->is_uint64()) return static_cast<std::int64_t>(v->as_uint64());
  return fallback;
}

namespace {

const json::array* array_at(const json::object& o, std::initializer_list<const char*> keys) {
  const auto* v = json_path(o, keys);
  return v && v->is_array() ? &v->as_array() : nullptr;
}

// The condition of `type` in status.conditions, or nullptr.
const json::object* condition(const json::object& o, std::string_view type) {
  if (const auto* conds = array_at(o, {"status", "conditions"})) {
    for (const auto& c : *conds)
      if (c.is_object() && json_string(c.as_object(), {"type"}) == type) return &c.as_object();
  }
  return nullptr;
}

bool condition_true(const json::object& o, std::string_view type) {
  const auto* c = condition(o, type);
  return c && json_string(*c, {"status"}) == "True";
}

}  // namespace

std::string_view to_string(JobFact::State s) noexcept {
  switch (s) {
    case JobFact::State::pending: return "pending";
    case JobFact::State::running: return "running";
    case JobFact::State::succeeded: return "succeeded";
    case JobFact::State::failed: return "failed";
  }
  return "pending";
}

PodFact pod_fact(const json::object& pod) {
  PodFact f;
  f.name = json_string(pod, {"metadata", "name"});
  f.phase = json_string(pod, {"status", "phase"});
  f.ready = condition_true(pod, "Ready");
  f.terminating = json_path(pod, {"metadata", "deletionTimestamp"}) != nullptr;
  if (const auto* owners = array_at(pod, {"metadata", "ownerReferences"})) {
    for (const auto& o : *owners)
      if (o.is_object() && json_string(o.as_object(), {"kind"}) == "Job") f.owned_by_job = true;
  }
  if (const auto* sched = condition(pod, "PodScheduled");
      sched && json_string(*sched, {"status"}) == "False" && json_string(*sched, {"reason"}) == "Unschedulable") {
    f.unschedulable = true;
    f.reason = "Unschedulable";
    f.message = json_string(*sched, {"message"});
  }
  for (const char* list : {"initContainerStatuses", "containerStatuses"}) {
    const auto* statuses = array_at(pod, {"status", list});
    if (!statuses) continue;
    for (const auto& cs : *statuses) {
      if (!cs.is_object()) continue;
      const auto& c = cs.as_object();
      f.restarts += static_cast<int>(json_int(c, {"restartCount"}));
      const std::string waiting = json_string(c, {"state", "waiting", "reason"});
      if (!waiting.empty() && waiting != "ContainerCreating" && waiting != "PodInitializing" && f.reason.empty()) {
        f.reason = waiting;
        f.message = json_string(c, {"state", "waiting", "message"});
      }
    }
  }
  return f;
}

JobFact job_fact(const json::object& job) {
  JobFact f;
  f.name = json_string(job, {"metadata", "name"});
  f.component = json_string(job, {"metadata", "labels", "app.kubernetes.io/component"});
  if (condition_true(job, "Complete")) {
    f.state = JobFact::State::succeeded;
  } else if (const auto* failed = condition(job, "Failed"); failed && json_string(*failed, {"status"}) == "True") {
    f.state = JobFact::State::failed;
    f.reason = json_string(*failed, {"reason"});
    f.message = json_string(*failed, {"message"});
  } else if (json_int(job, {"status", "active"}) > 0 || json_int(job, {"status", "failed"}) > 0) {
    f.state = JobFact::State::running;  // failed pods below backoffLimit are retried: still running
  }
  return f;
}

namespace {
// A ReplicaFailure condition: pods cannot be created (quota, admission, ...).
std::string replica_failure(const json::object& o) {
  if (const auto* rf = condition(o, "ReplicaFailure"); rf && json_string(*rf, {"status"}) == "True") {
    std::string msg = json_string(*rf, {"message"});
    return msg.empty() ? json_string(*rf, {"reason"}) : msg;
  }
  return {};
}

bool generation_observed(const json::object& o) {
  const auto gen = json_int(o, {"metadata", "generation"}, 0);
  return gen == 0 || json_int(o, {"status", "observedGeneration"}, 0) >= gen;
}
}  // namespace

WorkloadFact deployment_fact(const json::object& d) {
  WorkloadFact f;
  f.kind = "Deployment";
  f.name = json_string(d, {"metadata", "name"});
  const auto want = json_int(d, {"spec", "replicas"}, 1);
  f.ready = generation_observed(d) && json_int(d, {"status", "readyReplicas"}) >= want &&
            json_int(d, {"status", "updatedReplicas"}) >= want && json_int(d, {"status", "availableReplicas"}) >= want;
  f.failure = replica_failure(d);
  return f;
}

WorkloadFact statefulset_fact(const json::object& s) {
  WorkloadFact f;
  f.kind = "StatefulSet";
  f.name = json_string(s, {"metadata", "name"});
  const auto want = json_int(s, {"spec", "replicas"}, 1);
  f.ready = generation_observed(s) && json_int(s, {"status", "readyReplicas"}) >= want &&
            json_int(s, {"status", "updatedReplicas"}, want) >= want;
  f.failure = replica_failure(s);
  return f;
}

std::string replicaset_failure(const json::object& rs, std::string* owner_deployment) {
  if (owner_deployment) {
    owner_deployment->clear();
    if (const auto* owners = json_path(rs, {"metadata", "ownerReferences"}); owners && owners->is_array()) {
      for (const auto& o : owners->as_array())
        if (o.is_object() && json_string(o.as_object(), {"kind"}) == "Deployment")
          *owner_deployment = json_string(o.as_object(), {"name"});
    }
  }
  return replica_failure(rs);
}

bool is_quota_failure(const std::string& message) {
  return message.find("exceeded quota") != std::string::npos || message.find("failed quota") != std::string::npos;
}

namespace {
json::array pods_json(const StoreObservation& o) {
  json::array pods;
  for (const auto& p : o.pods)
    pods.push_back(json::object{
        {"name", p.name}, {"phase", p.phase}, {"ready", p.ready}, {"reason", p.reason}, {"message", p.message}});
  return pods;
}
}  // namespace

std::string observed_column_json(const StoreObservation& o, const std::string& reason) {
  json::array jobs;
  for (const auto& j : o.jobs)
    jobs.push_back(json::object{{"name", j.name}, {"state", to_string(j.state)}, {"message", j.message}});
  return json::serialize(json::object{{"pods", pods_json(o)}, {"jobs", std::move(jobs)}, {"reason", reason}});
}

std::string observed_event_json(const StoreObservation& o) {
  json::object out{{"pods", pods_json(o)}};
  if (!o.jobs.empty()) {
    // The newest setup job (names end in -r<revision>; the last one in name order is the newest revision).
    const JobFact* newest = &o.jobs.front();
    for (const auto& j : o.jobs)
      if (j.name > newest->name) newest = &j;
    out["setupJob"] = json::object{{"name", newest->name}, {"state", to_string(newest->state)}};
  }
  return json::serialize(out);
}

}  // namespace storefleet::provisioner
