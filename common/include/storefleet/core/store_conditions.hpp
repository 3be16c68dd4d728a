#pragma once
// A store's observed state as Kubernetes-style conditions (Flux helm-controller's vocabulary), derived from what
// the provisioner wrote (status, reason, observed_generation) and what the API accepted (generation). A pure
// function: the provisioner owns the status, the API only presents it.
#include <cstdint>
#include <string>
#include <vector>

#include "storefleet/core/store.hpp"

namespace storefleet {

struct StoreCondition {
  std::string type;    // Ready | Released | Reconciling | Degraded | Stalled
  std::string status;  // True | False | Unknown
  std::string reason;  // CamelCase, for machines
  std::string message; // for people (the status reason)
  std::int64_t observed_generation = 0;
  friend bool operator==(const StoreCondition&, const StoreCondition&) = default;
};

std::vector<StoreCondition> store_conditions(const Store& s);

}  // namespace storefleet
