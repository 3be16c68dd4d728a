#pragma once
// Idempotency-Key (POST /api/stores, DELETE /api/stores/:name, POST /api/stores/:name/retry): the first answer
// to (credential, key) is kept 24 h and replayed for the same request; the same key with another request is 422.
#include <functional>
#include <optional>
#include <string>

#include "storefleet/api/http_types.hpp"
#include "storefleet/db/database.hpp"

namespace storefleet::api {

inline constexpr std::int64_t kIdempotencyWindowMs = 24LL * 3600 * 1000;
// A reservation (the first request still running) older than this was abandoned by a crash and may be retaken.
inline constexpr std::int64_t kIdempotencyInFlightMs = 60 * 1000;

// The key from the header; nullopt when absent. Throws DomainError(bad_request) when it is not 1–200 printable
// ASCII characters.
std::optional<std::string> idempotency_key(const HttpRequest& req);
// What identifies "the same request": method, path and body.
std::string idempotency_request_hash(const HttpRequest& req);

// Runs `handler` at most once per (actor, key) within the window: the key is reserved first, so a concurrent
// request with the same key gets 409 while the first runs. Answers of 5xx are not kept (a retry may succeed).
HttpResponse with_idempotency(db::Database& db, const HttpRequest& req, const std::function<HttpResponse()>& handler);

}  // namespace storefleet::api
