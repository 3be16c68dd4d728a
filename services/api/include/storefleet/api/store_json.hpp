#pragma once
// JSON forms of stores and events as the dashboard reads them (times ISO-8601).
#include <boost/json/value.hpp>

#include "storefleet/core/json_util.hpp"
#include "storefleet/core/store.hpp"
#include "storefleet/db/events.hpp"

namespace storefleet::api {

// A store's REST shape is common's store_to_json (core/json_util.hpp), shared with every other reader.
using storefleet::store_to_json;
// store_to_json plus what an operator reads off a list row: the owner (token id and name) and `warnings`, the
// trouble the provisioner observed that may not have failed the store yet ([{kind, name, reason, message}]:
// a pod waiting in ImagePullBackOff, CrashLoopBackOff, Unschedulable…, a failed Job).
boost::json::object store_row_to_json(const Store& s, const std::string& owner_name);
boost::json::array store_warnings(const Store& s);
// { status, reason, pods: [...], jobs: [...], setupJob? } from the provisioner's last observation.
boost::json::object store_status_to_json(const Store& s);
boost::json::value event_to_value(const db::Event& e);

}  // namespace storefleet::api
