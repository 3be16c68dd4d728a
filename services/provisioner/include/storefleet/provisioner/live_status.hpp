#pragma once
// After Ready, a store's status keeps following the cluster: Ready ⇄ Degraded, decided from what the informers
// see by one pure function (table-tested). Only a store with no job at work is judged this way: while a job
// runs, the job owns the status.
#include <string>

#include "storefleet/provisioner/observed_facts.hpp"
#include "storefleet/provisioner/status_decision.hpp"

namespace storefleet::provisioner {

struct LiveFacts {
  std::string ns;                  // the store's namespace
  bool namespace_present = true;
  bool namespace_terminating = false;
  StoreObservation observed;
};

// Ready when every workload and every long-running pod is ready; otherwise Degraded with the first problem found,
// in the order: namespace gone, release gone, pods that cannot be created, pods that will not start, a workload
// or pod not ready.
StatusDecision decide_live_status(const LiveFacts& f);

// Whether a decision is news for a store now in `current` with `current_reason`: a change of status, or another
// reason while Degraded (a Ready store's reason is the one its job gave).
bool live_status_changed(StoreStatus current, const std::string& current_reason, const StatusDecision& d);

}  // namespace storefleet::provisioner
