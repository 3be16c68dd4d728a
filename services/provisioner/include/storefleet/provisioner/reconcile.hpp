#pragma once
// Startup report, once the informers have listed: a labelled namespace with no live store row is reported as an
// orphan (event + metric) and left alone. (A Ready store whose namespace is gone is the status monitor's: it
// becomes Degraded with the reason.)
#include <string>
#include <vector>

#include "storefleet/core/store.hpp"

namespace storefleet::provisioner {

struct ReconcileInput {
  std::vector<Store> live_stores;                                   // every non-Deleted store row
  std::vector<std::pair<std::string, std::string>> namespaces;      // (name, storefleet.io/store label)
};

struct ReconcilePlan {
  std::vector<std::pair<std::string, std::string>> orphans;         // (namespace, store label)
};

// Pure: what to report.
ReconcilePlan plan_reconcile(const ReconcileInput& in);

}  // namespace storefleet::provisioner
