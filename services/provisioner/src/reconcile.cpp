#include "storefleet/provisioner/reconcile.hpp"

#include <set>

namespace storefleet::provisioner {

ReconcilePlan plan_reconcile(const ReconcileInput& in) {
  ReconcilePlan plan;
  std::set<std::string> known;
  for (const auto& s : in.live_stores) known.insert(s.name);
  for (const auto& [ns, label] : in.namespaces) {
    if (!known.count(label)) plan.orphans.emplace_back(ns, label);
  }
  return plan;
}

}  // namespace storefleet::provisioner
