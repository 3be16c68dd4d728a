#pragma once
// GET /api/stores's query string → a StoreQuery, and the opaque cursor that carries a page's end. Every bad value
// is a 400 that names the parameter and lists the values it accepts.
#include <string>

#include "storefleet/api/http_types.hpp"
#include "storefleet/db/store_listing.hpp"

namespace storefleet::api {

constexpr int kDefaultStorePage = 50;
constexpr int kMaxStorePage = 1000;

// status (comma-separated, any case), engine, owner, q, sort, order, cursor, limit. The caller applies the
// tenant restriction.
db::StoreQuery parse_store_list_request(const HttpRequest& req);

// The cursor is bound to its sort and order: reused with another, it is refused rather than misread.
std::string encode_store_cursor(db::StoreSort sort, bool descending, const db::StoreListPosition& after);
db::StoreListPosition decode_store_cursor(const std::string& cursor, db::StoreSort sort, bool descending);

}  // namespace storefleet::api
