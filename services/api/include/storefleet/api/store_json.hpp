#pragma once
// JSON forms of stores and events as the dashboard reads them (times ISO-8601).
#include <boost/json/value.hpp>

#include "storefleet/core/json_util.hpp"
#include "storefleet/core/store.hpp"
#include "storefleet/db/events.hpp"

namespace storefleet::api {

// A store's REST shape is common's store_to_json (core/json_util.hpp), shared with every other reader.
using storefleet::store_to_json;
// { status, reason, pods: [...], jobs: [...], setupJob? } from the provisioner's last observation.
boost::json::object store_status_to_json(const Store& s);
boost::json::value event_to_value(const db::Event& e);

}  // namespace storefleet::api
