#pragma once
// What the store handlers (store_api.cpp, store_changes.cpp) share: finding the store a request names, and the
// audit row of an accepted change.
#include <cstdint>
#include <string>
#include <utility>

#include "storefleet/api/http_types.hpp"
#include "storefleet/core/store.hpp"
#include "storefleet/db/database.hpp"

namespace storefleet::api::store_requests {

// The live store `name`, as the caller may see it: 404 for an invalid name, a missing store or another tenant's.
Store find_store_or_404(db::Conn& c, const std::string& name, const RequestContext& ctx);
// The store with its owning token's name ("" for an admin-made store), as GET /api/stores/{name} shows it.
std::pair<Store, std::string> with_owner_name(db::Conn& c, Store s);
void audit(db::Conn& c, const RequestContext& ctx, std::string action, const std::string& store, std::int64_t now,
           std::string detail = {});

}  // namespace storefleet::api::store_requests
