#include "storefleet/provisioner/reconcile.hpp"

#include <set>

namespace storefleet::provisioner {

ReconcilePlan plan_reconcile(const ReconcileInput& in) {
  ReconcilePlan plan;
  std::set<std::string> present;
  for (const auto& [ns, label] : in.namespaces) present.insert(ns);
  std::set<std::string> known;
  for (const auto& s : in.live_stores) {
    known.insert(s.name);
    if (s.status == StoreStatus::ready && !present.count(namespace_for(s.name))) plan.missing_namespace.push_back(s);
  }
  for (const auto& [ns, label] : in.namespaces) {
    if (!known.count(label)) plan.orphans.emplace_back(ns, label);
  }
  return plan;
}

}  // namespace storefleet::provisioner
