#pragma once
// Running one claimed job: the create and delete pipelines and the lease they keep alive.
#include <atomic>
#include <semaphore>
#include <string>

#include "storefleet/core/store.hpp"
#include "storefleet/db/database.hpp"
#include "storefleet/db/jobs.hpp"
#include "storefleet/provisioner/cluster_cache.hpp"
#include "storefleet/provisioner/metrics.hpp"
#include "storefleet/provisioner/settings.hpp"
#include "storefleet/provisioner/store_events.hpp"
#include "storefleet/provisioner/store_resources.hpp"

namespace storefleet::provisioner {

// At most --helm-concurrency helm processes at once, whatever the number of workers.
using HelmSlots = std::counting_semaphore<1024>;

struct Services {
  db::Database& db;
  KubeClient& kube;
  ClusterCache& cache;
  StoreEvents& events;
  Metrics& metrics;
  const ProvisionerSettings& settings;
  const std::atomic<bool>& stopping;  // shutdown requested: pipelines return at the next check
  HelmSlots* helm_slots = nullptr;    // --helm-concurrency (nullptr: no limit)
};

// Keeps the job's lease alive; `keep()` is cheap to call often and says whether to go on.
class Lease {
 public:
  Lease(db::Database& db, const db::Job& job, std::chrono::milliseconds duration,
        const std::atomic<bool>* stopping = nullptr);
  // False when the lease was lost or a different kind of job was requested for the store meanwhile.
  bool keep();
  bool superseded() const noexcept { return superseded_; }
  bool lost() const noexcept { return lost_; }
  bool stopping() const noexcept { return stopping_ && stopping_->load(); }
  // Shutdown: make the job claimable at once (lease expiry = now) instead of after the lease runs out.
  void release();
  // What this worker's writes are conditional on (StoreEvents::fenced).
  db::JobFence fence() const { return {job_id_, token_, kind_}; }

 private:
  db::Database& db_;
  std::int64_t job_id_;
  std::string token_;
  db::JobKind kind_;
  std::chrono::milliseconds duration_;
  std::chrono::steady_clock::time_point last_;
  bool lost_ = false;
  bool superseded_ = false;
  const std::atomic<bool>* stopping_ = nullptr;
};

// How an attempt ended.
struct JobOutcome {
  enum class Kind { succeeded, failed_for_good, interrupted } kind = Kind::succeeded;
  std::string reason;
};

// Errors that a later attempt may fix (API unreachable, helm failed) are thrown; a decision that waiting will
// not change (ImagePullBackOff, a failed setup Job, a timeout) is returned as failed_for_good.
JobOutcome run_create(Services& s, const Store& store, Lease& lease, int attempt);
JobOutcome run_delete(Services& s, const Store& store, Lease& lease);

// helm <argv> with the settings' timeout, recording duration; throws HelmError with the output's last lines.
class HelmError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};
void run_helm(Services& s, const std::string& command, const std::vector<std::string>& argv, Lease& lease,
              bool tolerate_not_found = false);

}  // namespace storefleet::provisioner
