// Simulated controllers in the spirit of kwok: one worker thread runs timed tasks and keyed reconciles
// (deduplicated), fed by store change notifications. Everything writes through Store with
// WriteOptions::internal, as read-modify-write under the store lock.
#pragma once
#include "../faults.hpp"
#include "../options.hpp"
#include "../store.hpp"

#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <thread>

namespace kubesim {

class Controllers {
 public:
  Controllers(Store& store, const Options& opts, FaultState& faults);
  ~Controllers();
  void start();
  void stop();

  // Records a core/v1 Event about `involved` (deduplicated: repeats bump count/lastTimestamp).
  void record_event(const json::object& involved, const std::string& type, const std::string& reason,
                    const std::string& message, const std::string& component);

 private:
  using Clock = std::chrono::steady_clock;
  void on_change(const Change& c);
  void enqueue(const std::string& key, Millis delay = Millis(0));
  void schedule(Millis delay, std::function<void()> fn);
  Millis jittered(Millis base);
  void run();
  void reconcile(const std::string& key);

  // pod_lifecycle.cpp
  void pod_schedule(const std::string& ns, const std::string& name);
  void pod_start(const std::string& ns, const std::string& name);
  void pod_become_ready(const std::string& ns, const std::string& name);
  void pod_crash(const std::string& ns, const std::string& name);
  void pod_finish(const std::string& ns, const std::string& name);
  // workloads.cpp
  void reconcile_deployment(const std::string& ns, const std::string& name);
  void reconcile_replicaset(const std::string& ns, const std::string& name);
  // statefulset.cpp
  void reconcile_statefulset(const std::string& ns, const std::string& name);
  // job.cpp
  void reconcile_job(const std::string& ns, const std::string& name);
  // cluster.cpp
  void bind_pvc(const std::string& ns, const std::string& name);
  void provision_load_balancer(const std::string& ns, const std::string& name);
  void reconcile_namespace(const std::string& name);
  void collect_garbage(const Change& c);
  void reconcile_quota(const std::string& ns);
  // Creates a pod owned by `owner` from its template; false (and a FailedCreate event) when admission refused.
  bool create_pod(const ResourceType& owner_rt, const json::object& owner, json::object pod);

  Store& store_;
  const Options& opts_;
  FaultState& faults_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::multimap<Clock::time_point, std::function<void()>> timers_;
  std::set<std::string> pending_keys_;
  std::mt19937 rng_;
  bool stopping_ = false;
  std::thread worker_;
  std::mutex events_mu_;
  std::map<std::string, std::string> event_names_;  // dedupe key -> Event name
};

// Sets (or updates) condition `type` in status.conditions; keeps lastTransitionTime when status is unchanged.
void set_condition(json::object& status, const std::string& type, const std::string& cond_status,
                   const std::string& reason, const std::string& message);
const json::object* find_condition(const json::object& obj, const std::string& type);
json::object owner_reference(const ResourceType& rt, const json::object& owner);
bool owned_by(const json::object& obj, const std::string& owner_uid);
const json::object* controller_ref(const json::object& obj);
bool pod_ready(const json::object& pod);
bool pod_terminal(const json::object& pod);
}  // namespace kubesim
