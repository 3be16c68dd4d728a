#pragma once
// JSON forms shared by both services (Boost.JSON).
#include <boost/json.hpp>
#include <optional>
#include <string_view>

#include "storefleet/core/store.hpp"

namespace storefleet {

// The REST shape of a store: the seed's fields (id, store_name, engine, namespace, status, url, created_at) plus
// status_reason, updated_at, ready_at. Times are ISO-8601 strings; ready_at is null until Ready.
boost::json::object store_to_json(const Store& s);

// Parses text that must be one JSON object; nothing on any error (never throws).
std::optional<boost::json::object> parse_object(std::string_view text);

// A string member, or nothing when absent or not a string.
std::optional<std::string_view> string_member(const boost::json::object& o, std::string_view key);

}  // namespace storefleet
