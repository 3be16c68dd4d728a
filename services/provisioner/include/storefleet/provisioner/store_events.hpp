#pragma once
// Writes what happens to a store: the status change and its event in one transaction (an outbox), step and
// observation events. Every append pokes the SSE hub so subscribers see it at once.
#include <functional>
#include <optional>
#include <string>

#include "storefleet/core/store.hpp"
#include "storefleet/db/database.hpp"
#include "storefleet/db/jobs.hpp"
#include "storefleet/provisioner/observed_facts.hpp"

namespace storefleet::provisioner {

class StoreEvents {
 public:
  StoreEvents(db::Database& db, std::function<void()> on_append) : db_(db), on_append_(std::move(on_append)) {}

  // The same writer for one job's worker: every write below becomes conditional, in its own transaction, on the
  // worker still holding the job's lease for the kind it works on (a worker that lost its lease, or whose create
  // was superseded by a delete, can no longer write Ready/Failed over Deleting or add events).
  // `updating`: the job changes an installed store, so the working statuses it writes (Provisioning, Installing)
  // are written as Upgrading.
  StoreEvents fenced(db::JobFence fence, bool updating = false) const {
    StoreEvents e = *this;
    e.fence_ = std::move(fence);
    e.updating_ = updating;
    return e;
  }

  // Sets status + reason and appends a store.status event (data: {} or {"attempt": n}). Skips both when the
  // store already has exactly this status and reason, or the fence does not hold. Returns whether it wrote.
  bool status(const Store& store, StoreStatus status, const std::string& reason, int attempt = 0);
  // The live tracking after Ready. `seen` is the row the decision was made from: each write happens only if, in
  // its transaction, the row still has seen's status and reason (nothing newer was written meanwhile, by a job
  // or by another pass) and no job is queued or running for it (a job owns the status while it works).
  // Returns whether it wrote.
  bool live_status(const Store& seen, StoreStatus status, const std::string& reason);
  // stores.observed + a store.observed event, under the same condition.
  bool live_observed(const Store& seen, const StoreObservation& o, const std::string& reason);
  // A new spec from the provisioner itself (an automatic rollback), in one fenced transaction, as db::change_spec
  // makes every change (the job marked to run again, an installed store shown Upgrading). Returns whether it wrote
  // a status.
  bool respec(const Store& store, const std::string& version, bool suspended, const std::string& by,
              const std::string& reason);
  // The job settled the store at the generation it read when it started (stores.observed_generation).
  void settled(const Store& store);
  // A store.step event: step ∈ namespace|secret|helm|pods|setup|uninstall|namespace-delete,
  // state ∈ started|done|failed.
  void step(const Store& store, const std::string& step, const std::string& state, const std::string& detail = "");
  // stores.observed + a store.observed event, in one transaction.
  void observed(const Store& store, const StoreObservation& o, const std::string& reason);
  // stores.observed only (the reason changed but the objects did not).
  void observed_column(const Store& store, const StoreObservation& o, const std::string& reason);
  void orphan(const std::string& store_label, const std::string& ns);
  // Tells the SSE side that events were appended outside this writer (a rollout's step).
  void notify_appended() const {
    if (on_append_) on_append_();
  }

 private:
  void status_written(const Store& store, StoreStatus status, const std::string& reason);
  static bool still_as_seen(db::Conn& c, const Store& seen);
  bool fence_holds(db::Conn& c) const { return !fence_ || db::JobQueue::holds(c, *fence_); }

  db::Database& db_;
  std::function<void()> on_append_;
  std::optional<db::JobFence> fence_;
  bool updating_ = false;
};

}  // namespace storefleet::provisioner
