#pragma once
// The jobs this process holds, and the lease keeper: one thread, apart from the job code, extends every held
// lease each third of the lease in one transaction. A lease that was lost, or a job whose kind changed (a delete
// requested during a create), has its cancel token fired at once (helm is killed, Kubernetes calls stop) and its
// store key handed to `on_change`, so the reconciler lets go of it.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "storefleet/core/store.hpp"
#include "storefleet/db/database.hpp"
#include "storefleet/db/jobs.hpp"
#include "storefleet/provisioner/cancel_token.hpp"
#include "storefleet/provisioner/observed_facts.hpp"

namespace storefleet::provisioner {

// What one attempt has done so far. Only the reconcile worker holding the store's key touches it, except the
// helm fields, which the helm pool sets under `HeldJob::mutex`.
struct JobProgress {
  std::int64_t started_ms = 0;
  bool prepared = false;             // namespace and credentials Secret ensured (create)
  bool installed = false;            // helm release deployed (create)
  int revision = 0;                  // the helm revision this attempt deployed (0: none, or it already was)
  bool uninstalled = false;          // helm release removed (delete)
  bool namespace_delete_sent = false;
  std::map<std::string, std::int64_t> bad_reason_since;  // see CreateFacts
  std::set<std::string> reported;                        // progress steps already reported
  std::optional<StoreObservation> last_observed;
  std::string last_reason;
};

struct HelmTaskState {
  bool running = false;                  // queued or running in the helm pool
  bool succeeded = false;                // the last task finished well (not yet consumed)
  std::optional<std::string> error;      // the last task failed (not yet consumed)
  int deployed_revision = 0;             // what the last install task deployed
  std::chrono::steady_clock::time_point queued_at{};
};

struct HeldJob {
  db::Job job;
  Store store;  // the row as it was when the job was claimed (its generation is what the job settles)
  CancelToken cancel;
  std::atomic<bool> lost{false};
  std::atomic<bool> superseded{false};
  JobProgress progress;
  std::mutex mutex;  // guards helm
  HelmTaskState helm;
  db::JobFence fence() const { return {job.id, job.lease_token, job.kind}; }
  // A create job claimed while the store was installed and running (a PATCH: new version, suspend, resume) changes
  // an installed store: its working statuses read Upgrading, not Provisioning/Installing.
  bool updating() const {
    return job.kind == db::JobKind::create &&
           (store.status == StoreStatus::upgrading || store.status == StoreStatus::suspended ||
            store.status == StoreStatus::ready || store.status == StoreStatus::degraded);
  }
};

class HeldJobs {
 public:
  HeldJobs(db::Database& db, std::chrono::milliseconds lease, std::function<void(const std::string&)> on_change);
  ~HeldJobs();

  std::shared_ptr<HeldJob> add(const db::Job& job, const Store& store, std::int64_t now_ms);
  std::shared_ptr<HeldJob> find(const std::string& store_name) const;
  void remove(const HeldJob& held);
  std::size_t size() const;

  void start();  // the keeper thread
  void stop();
  // Extends every held lease now (the keeper does it every lease/3; a wake-up from the API asks for it early).
  void extend_all();
  void check_soon();
  // Shutdown: cancel every held job, then (after their helm processes ended) make their jobs claimable at once.
  void cancel_all();
  void release_all();

 private:
  void loop();

  db::Database& db_;
  std::chrono::milliseconds lease_;
  std::function<void(const std::string&)> on_change_;
  mutable std::mutex mutex_;
  std::map<std::string, std::shared_ptr<HeldJob>> by_name_;
  std::condition_variable cv_;
  bool stop_ = false;
  bool check_now_ = false;
  std::thread thread_;
};

}  // namespace storefleet::provisioner
