#include "storefleet/api/idempotency.hpp"

#include "storefleet/api/json_response.hpp"
#include "storefleet/api/router.hpp"
#include "storefleet/core/util.hpp"
#include "storefleet/db/tokens.hpp"

namespace storefleet::api {

std::optional<std::string> idempotency_key(const HttpRequest& req) {
  if (!req.headers.contains("idempotency-key")) return std::nullopt;
  const auto key = req.header("idempotency-key");
  bool ok = !key.empty() && key.size() <= 200;
  for (unsigned char c : key) ok = ok && c >= 0x20 && c < 0x7f;
  if (!ok)
    throw DomainError(Errc::bad_request, "invalid Idempotency-Key",
                      {{"Idempotency-Key", "must be 1 to 200 printable ASCII characters"}});
  return key;
}

std::string idempotency_request_hash(const HttpRequest& req) {
  return sha256_hex(req.method + '\n' + req.path + '\n' + req.body);
}

HttpResponse with_idempotency(db::Database& db, const HttpRequest& req, const std::function<HttpResponse()>& handler) {
  const auto key = idempotency_key(req);
  if (!key) return handler();
  const auto hash = idempotency_request_hash(req);
  const auto& actor = req.ctx.actor;
  const auto now = now_ms();
  // Look and reserve in one write transaction, so two requests racing with the same key cannot both run.
  std::optional<db::IdempotentAnswer> earlier;
  const bool reserved = db.write([&](db::Conn& c) {
    earlier = db::IdempotencyRepo::find(c, actor, *key, now - kIdempotencyWindowMs);
    const bool abandoned = earlier && earlier->status == 0 && earlier->created_at < now - kIdempotencyInFlightMs;
    if (earlier && !abandoned) return false;
    db::IdempotencyRepo::save(c, actor, *key, {hash, 0, "", now}, now);
    return true;
  });
  if (!reserved) {
    if (earlier->request_hash != hash)
      throw DomainError(Errc::idempotency_mismatch, "this Idempotency-Key was used for another request");
    if (earlier->status == 0)
      throw DomainError(Errc::conflict, "a request with this Idempotency-Key is still running; retry shortly");
    HttpResponse replay;
    replay.status = earlier->status;
    replay.body = earlier->body;
    replay.set_header("Idempotent-Replayed", "true");
    return replay;
  }
  // Errors become answers here so that a rejected request (409, 422, ...) is replayed like an accepted one.
  auto resp = guarded(handler);
  const bool keep = resp.status < 500 && resp.content_type == "application/json";
  try {
    db.write([&](db::Conn& c) {
      if (keep)
        db::IdempotencyRepo::save(c, actor, *key, {hash, resp.status, resp.body, now}, now);
      else
        db::IdempotencyRepo::remove(c, actor, *key);  // a retry may succeed: let it run
    });
  } catch (const std::exception&) {
    // The answer stands; the reservation expires after kIdempotencyInFlightMs.
  }
  return resp;
}

}  // namespace storefleet::api
