#pragma once
// Startup repair, once the informers have listed: a store recorded Ready whose namespace is gone becomes
// Failed("namespace missing"); a labelled namespace with no live store row is reported as an orphan (event +
// metric) and left alone.
#include <string>
#include <vector>

#include "storefleet/core/store.hpp"

namespace storefleet::provisioner {

struct ReconcileInput {
  std::vector<Store> live_stores;                                   // every non-Deleted store row
  std::vector<std::pair<std::string, std::string>> namespaces;      // (name, storefleet.io/store label)
};

struct ReconcilePlan {
  std::vector<Store> missing_namespace;                             // Ready stores to mark Failed
  std::vector<std::pair<std::string, std::string>> orphans;         // (namespace, store label)
};

// Pure: what to repair.
ReconcilePlan plan_reconcile(const ReconcileInput& in);

}  // namespace storefleet::provisioner
