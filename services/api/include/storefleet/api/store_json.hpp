#pragma once
// JSON forms of stores and events as the dashboard reads them (times ISO-8601).
#include <boost/json/value.hpp>

#include "storefleet/core/store.hpp"
#include "storefleet/db/events.hpp"

namespace storefleet::api {

// { id, store_name, engine, namespace, status, status_reason, url, created_at, updated_at, ready_at }
boost::json::object store_to_json(const Store& s);
// { status, reason, pods: [...], jobs: [...], setupJob? } from the provisioner's last observation.
boost::json::object store_status_to_json(const Store& s);
boost::json::value event_to_value(const db::Event& e);

}  // namespace storefleet::api
