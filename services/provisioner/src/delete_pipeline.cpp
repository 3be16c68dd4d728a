// delete: helm uninstall → delete namespace → watch until it is gone (or report it stuck Terminating).
#include "storefleet/core/log.hpp"
#include "storefleet/core/util.hpp"
#include "storefleet/provisioner/job_runner.hpp"
#include "storefleet/provisioner/observed_facts.hpp"

namespace storefleet::provisioner {

JobOutcome run_delete(Services& s, const Store& store, Lease& lease) {
  const auto started = now_ms();
  StoreResources res(s.kube);
  s.events.status(store, StoreStatus::deleting, "uninstalling helm release");

  if (!res.release_history(store.name).empty()) {
    s.events.step(store, "uninstall", "started", "helm uninstall " + store.name);
    try {
      run_helm(s, "uninstall", helm_uninstall_argv(s.settings.helm, store.name), lease, true);
    } catch (const HelmError& e) {
      s.events.step(store, "uninstall", "failed", e.what());
      throw;
    }
    s.events.step(store, "uninstall", "done", "release removed");
  }

  s.events.step(store, "namespace-delete", "started", namespace_for(store.name));
  res.delete_namespace(store.name);
  s.events.status(store, StoreStatus::deleting, "waiting for namespace to be removed");

  auto seen = s.cache.generation();
  while (true) {
    DeleteFacts f;
    f.started_ms = started;
    f.now_ms = now_ms();
    const auto snap = s.cache.snapshot(store.name);
    if (snap.ns) {
      f.namespace_present = true;
      f.namespace_phase = json_string(*snap.ns, {"status", "phase"});
      f.namespace_conditions = namespace_conditions_summary(*snap.ns);
    } else {
      // The informer says gone; confirm with one read so a lagging cache cannot end the delete early.
      const auto ns = res.get_namespace(store.name);
      if (ns) {
        f.namespace_present = true;
        f.namespace_phase = json_string(*ns, {"status", "phase"});
        f.namespace_conditions = namespace_conditions_summary(*ns);
      }
    }
    const auto d = decide_delete_status(f, s.settings.delete_timeout);
    if (d.status == StoreStatus::deleted) {
      s.events.step(store, "namespace-delete", "done", "namespace removed");
      s.events.status(store, StoreStatus::deleted, "store deleted");
      return {JobOutcome::Kind::succeeded, d.reason};
    }
    if (d.status == StoreStatus::failed) {
      s.events.step(store, "namespace-delete", "failed", d.reason);
      return {JobOutcome::Kind::failed_for_good, d.reason};
    }
    if (!lease.keep()) return {JobOutcome::Kind::interrupted, "lease"};
    seen = s.cache.wait_change(seen, std::chrono::steady_clock::now() + std::chrono::seconds(1));
  }
}

}  // namespace storefleet::provisioner
