#pragma once
// A change of a store's spec (version, suspended) as every request makes it: a PATCH, a rollback, a rollout's wave,
// the provisioner's automatic rollback.
#include <cstdint>
#include <optional>
#include <string>

#include "storefleet/core/store.hpp"
#include "storefleet/db/database.hpp"

namespace storefleet::db {

struct SpecChange {
  std::int64_t settles_at = 0;       // the generation the change has (observed_generation reaches it when settled)
  std::optional<StoreStatus> status;  // the status it set, if it set one
};

// In the caller's transaction: the spec and its generation, the store's create job queued (or marked to run again),
// and the status that shows it with its event: Upgrading for an installed store, Queued for a failed one (it starts
// over like a retry), unchanged during a first install (its job runs again with the new spec). `s` is the row as
// read in this transaction.
SpecChange change_spec(Conn& c, const Store& s, const std::string& version, bool suspended, const std::string& by,
                       const std::string& reason, std::int64_t now);

}  // namespace storefleet::db
