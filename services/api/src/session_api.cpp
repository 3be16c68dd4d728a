#include "storefleet/api/access_api.hpp"

#include "storefleet/api/json_response.hpp"
#include "storefleet/api/request_parsing.hpp"
#include "storefleet/core/util.hpp"
#include "storefleet/db/audit.hpp"
#include "storefleet/db/tokens.hpp"

namespace storefleet::api {
namespace json = boost::json;

namespace {

json::object identity_json(const RequestContext& ctx, std::optional<std::int64_t> expires_at) {
  return json::object{{"actor", ctx.actor},
                      {"name", ctx.actor_name},
                      {"role", ctx.admin ? "admin" : "tenant"},
                      {"storeLimit", ctx.store_limit},
                      {"expiresAt", expires_at ? json::value(iso8601_ms(*expires_at)) : json::value(nullptr)}};
}

}  // namespace

void SessionApi::register_routes(Router& router) {
  router.add("POST", "/api/session", [this](const HttpRequest& r, const PathParams&) { return login(r); });
  router.add("GET", "/api/session", [this](const HttpRequest& r, const PathParams&) { return whoami(r); });
  router.add("DELETE", "/api/session", [this](const HttpRequest& r, const PathParams&) { return logout(r); });
}

HttpResponse SessionApi::login(const HttpRequest& req) {
  // A login form on another site must not log the browser in (login CSRF): an Origin, when sent, must be ours.
  if (!req.header("origin").empty() && !same_origin_write(req, auth_.settings().trusted_origins))
    throw DomainError(Errc::forbidden, "cross-site request refused: Origin is not this site");
  auto body = parse_json_object_body(req);
  const auto* token = body.if_contains("token");
  if (!token || !token->is_string() || token->as_string().empty())
    throw DomainError(Errc::validation_failed, "invalid login request", {{"token", "is required"}});
  auto who = auth_.identify_token(std::string(token->as_string()));
  if (!who) {
    if (auto refused = auth_.note_failure(req.ctx.client_ip)) return *refused;
    throw DomainError(Errc::unauthorized, "invalid or revoked token");
  }
  RequestContext ctx = req.ctx;
  apply_identity(ctx, *who, AuthMethod::session_cookie);
  const auto now = now_ms();
  const auto expires = now + static_cast<std::int64_t>(auth_.settings().session_ttl.count()) * 1000;
  const auto secret = db_.write([&](db::Conn& c) {
    db::SessionRepo::purge_expired(c, now);
    auto s = db::SessionRepo::create(c, who->actor, who->admin ? db::Role::admin : db::Role::tenant, expires, now);
    db::AuditLog::record(c, {0, now, "session.create", "", who->actor, req.ctx.client_ip, "accepted", ""});
    return s;
  });
  auto resp = json_response(200, identity_json(ctx, expires));
  resp.set_header("Set-Cookie", auth_.session_cookie(secret));
  return resp;
}

HttpResponse SessionApi::whoami(const HttpRequest& req) {
  std::optional<std::int64_t> expires;
  if (req.ctx.auth == AuthMethod::session_cookie)
    if (auto cookie = cookie_value(req, kSessionCookie))
      if (auto s = db_.read([&](db::Conn& c) { return db::SessionRepo::find(c, *cookie, now_ms()); }))
        expires = s->expires_at;
  return json_response(200, identity_json(req.ctx, expires));
}

HttpResponse SessionApi::logout(const HttpRequest& req) {
  if (!req.header("origin").empty() && !same_origin_write(req, auth_.settings().trusted_origins))
    throw DomainError(Errc::forbidden, "cross-site request refused: Origin is not this site");
  if (auto cookie = cookie_value(req, kSessionCookie); cookie && !cookie->empty()) {
    const auto now = now_ms();
    db_.write([&](db::Conn& c) {
      db::SessionRepo::remove(c, *cookie);
      db::AuditLog::record(c, {0, now, "session.delete", "", req.ctx.actor, req.ctx.client_ip, "accepted", ""});
    });
    if (on_logout_) on_logout_(sha256_hex(*cookie));
  }
  HttpResponse r;
  r.status = 204;
  r.content_type.clear();
  r.set_header("Set-Cookie", auth_.expired_cookie());
  return r;
}

}  // namespace storefleet::api
