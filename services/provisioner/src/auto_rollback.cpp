// A change to an installed store that failed for good: the revision it deployed is marked failed, and the store is
// rolled back to the last revision that deployed when decide_rollback allows it (--auto-rollback).
#include "storefleet/core/log.hpp"
#include "storefleet/db/revisions.hpp"
#include "storefleet/provisioner/reconciler.hpp"
#include "storefleet/provisioner/rollback_decision.hpp"

namespace storefleet::provisioner {

namespace {

constexpr const char* kAutoRollback = "provisioner (auto-rollback";

// Whether a setup or migrate Job of `revision` completed (Jobs are named <release>-<component>-r<revision>).
bool revision_migrated(const StoreObservation& o, int revision) {
  const auto suffix = "-r" + std::to_string(revision);
  for (const auto& j : o.jobs)
    if (j.state == JobFact::State::succeeded && j.name.size() > suffix.size() && j.name.ends_with(suffix)) return true;
  return false;
}

}  // namespace

std::pair<bool, std::string> Reconciler::roll_back_failed_change(HeldJob& h, StoreEvents& events,
                                                                 const std::string& reason) {
  const auto& store = h.store;
  const int failed = h.progress.revision;
  if (failed == 0) return {false, ""};
  const auto target = s_.db.write([&](db::Conn& c) {
    db::RevisionRepo::mark_failed(c, store.id, failed, reason);
    return db::RevisionRepo::last_deployed(c, store.id, failed);
  });
  RollbackFacts f;
  f.enabled = s_.settings.auto_rollback;
  f.updating = h.updating();
  f.spec_is_a_rollback = store.spec_by.find("rollback") != std::string::npos;
  f.failed_revision = failed;
  f.failing_version = store.version;
  f.failing_suspended = store.suspended;
  if (target) {
    f.target_revision = target->revision;
    f.target_version = target->version;
    f.target_suspended = target->suspended;
    if (const auto* v = s_.settings.catalog.find(store.engine, target->version)) f.target_data_schema = v->data_schema;
  }
  if (const auto* v = s_.settings.catalog.find(store.engine, store.version)) f.failing_data_schema = v->data_schema;
  f.failed_revision_migrated = revision_migrated(s_.cache.snapshot(store.name).observation(), failed);
  const auto d = decide_rollback(f);
  if (!d.roll_back) return {false, d.note};
  const auto by = std::string(kAutoRollback) + " to r" + std::to_string(*f.target_revision) + ")";
  const auto why = "revision " + std::to_string(failed) + " failed: " + reason + "; " + d.note;
  if (!events.respec(store, target->version, target->suspended, by, why)) return {false, ""};
  log::warn("reconcile", "change failed, rolling back",
            {{"store", store.name}, {"revision", std::to_string(failed)}, {"to", std::to_string(*f.target_revision)},
             {"reason", reason}});
  return {true, d.note};
}

}  // namespace storefleet::provisioner
