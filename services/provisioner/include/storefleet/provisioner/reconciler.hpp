#pragma once
// The provisioner's controller (controller-runtime / kube-rs Controller style). One keyed, de-duplicating work
// queue of store names, fed by watch events carrying their store's key, by the API's wake-ups, by the helm pool's
// task ends, by deadlines and by a jittered resync. reconcile(name) observes (the store row, the job this process
// holds for it, the informer cache), decides with one pure function (decide_job_step while a job is at work,
// decide_live_status after it), acts at most once and returns when to look again. Nothing waits on a thread for
// the cluster: a store whose pods are starting costs no thread, and helm runs on its own bounded pool.
//
// Jobs come from the SQLite queue: the feeder claims them (up to --concurrency held at once) and the lease keeper
// extends their leases apart from the job code; every status/event write of a job is fenced by its lease.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "storefleet/provisioner/held_jobs.hpp"
#include "storefleet/provisioner/helm_pool.hpp"
#include "storefleet/provisioner/helm_runs.hpp"
#include "storefleet/provisioner/job_step.hpp"
#include "storefleet/provisioner/work_queue.hpp"

namespace storefleet::provisioner {

// The work-queue key of a fleet rollout (store names never contain '/').
std::string rollout_key(std::int64_t id);

struct ReconcilerSettings {
  int workers = 4;                                             // reconcile passes at once (never two for one store)
  std::chrono::milliseconds resync{std::chrono::minutes(5)};  // each Ready store is judged again at least this often
  std::chrono::milliseconds unsynced_retry{std::chrono::seconds(1)};
};

class Reconciler {
 public:
  Reconciler(Services& s, ReconcilerSettings rs = {});
  ~Reconciler();

  void start();
  // Stops claiming, lets running passes end, kills helm processes of held jobs and makes their jobs claimable
  // at once by the next start (instead of after their leases run out).
  void stop();
  // The API asks: claim new jobs now and check held leases now (a delete may supersede a running create).
  void wake();
  void enqueue(const std::string& store) { queue_.add(store); }
  void enqueue_all();  // startup: every Ready/Degraded store is judged from the fresh cache

  // One pass over one key, as a worker runs it (public for tests): returns when to look again (0: only on events).
  std::chrono::milliseconds reconcile(const std::string& store);

  WorkQueueStats stats() const { return queue_.stats(); }
  std::size_t held() const { return held_.size(); }
  std::size_t helm_waiting() const { return helm_.waiting(); }

 private:
  void work_loop();
  void feed_loop();
  void claim_jobs();
  void reap();

  std::chrono::milliseconds reconcile_job(const std::shared_ptr<HeldJob>& held);
  std::chrono::milliseconds reconcile_live(const std::string& name);
  // Fleet rollouts (rollout_driver.cpp): keyed "rollout/<id>" in the same work queue as the stores.
  std::chrono::milliseconds reconcile_rollout(std::int64_t id);
  void enqueue_rollouts_of(std::int64_t store_id);
  void enqueue_active_rollouts();
  std::chrono::milliseconds resync_delay();

  // Job actions (job_actions.cpp).
  JobStepFacts observe_job(HeldJob& h, StoreEvents& events);
  void report_observation(HeldJob& h, StoreEvents& events, const JobStepFacts& f, const JobStep& step);
  void prepare(HeldJob& h, StoreEvents& events);
  void start_helm(const std::shared_ptr<HeldJob>& held, StoreEvents events);
  void delete_namespace(HeldJob& h, StoreEvents& events);
  void succeed(HeldJob& h, StoreEvents& events, const JobStep& step);
  void fail_for_good(const std::shared_ptr<HeldJob>& held, StoreEvents events, const std::string& reason);
  void fail_attempt(HeldJob& h, StoreEvents& events, const std::string& error);
  void hand_over(HeldJob& h);
  // A change that failed for good: its revision marked failed and, when decide_rollback says so, the spec set
  // back to the last deployed revision's and the job run again (auto_rollback.cpp). Returns the note for the
  // failure's reason, and whether it rolled back.
  std::pair<bool, std::string> roll_back_failed_change(HeldJob& h, StoreEvents& events, const std::string& reason);
  void let_go(HeldJob& h);  // the job is no longer ours: forget it, judge the store afresh, claim another

  Services& s_;
  ReconcilerSettings rs_;
  WorkQueue queue_;
  HeldJobs held_;
  HelmPool helm_;
  std::vector<std::thread> workers_;
  std::thread feeder_;
  std::mutex feed_mutex_;
  std::condition_variable feed_cv_;
  std::uint64_t wakeups_ = 0;
  bool stop_ = false;
};

}  // namespace storefleet::provisioner
