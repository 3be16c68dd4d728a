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

// A session's public id: a prefix of its row key (itself a SHA-256 of the cookie), so it reveals nothing.
std::string public_id(const std::string& secret_hash) { return "ses_" + secret_hash.substr(0, 16); }

HttpResponse no_content() {
  HttpResponse r;
  r.status = 204;
  r.content_type.clear();
  return r;
}

}  // namespace

void SessionApi::register_routes(Router& router) {
  router.add("POST", "/api/session", [this](const HttpRequest& r, const PathParams&) { return login(r); });
  router.add("GET", "/api/session", [this](const HttpRequest& r, const PathParams&) { return whoami(r); });
  router.add("DELETE", "/api/session", [this](const HttpRequest& r, const PathParams&) { return logout(r); });
  router.add("DELETE", "/api/session/:id",
             [this](const HttpRequest& r, const PathParams& p) { return end_session(r, p.at("id")); });
  router.add("GET", "/api/sessions", [this](const HttpRequest& r, const PathParams&) { return list_sessions(r); });
  router.add("DELETE", "/api/sessions", [this](const HttpRequest& r, const PathParams&) { return end_all_sessions(r); });
}

HttpResponse SessionApi::list_sessions(const HttpRequest& req) {
  require_admin(req.ctx);
  const auto sessions = db_.read([&](db::Conn& c) { return db::SessionRepo::list(c, now_ms()); });
  json::array out;
  for (const auto& s : sessions)
    out.push_back(json::object{{"id", public_id(s.secret_hash)},
                               {"tokenId", s.token_id},
                               {"role", std::string(db::to_string(s.role))},
                               {"createdAt", iso8601_ms(s.created_at)},
                               {"expiresAt", iso8601_ms(s.expires_at)},
                               {"current", req.ctx.session_id == s.secret_hash}});
  return json_response(200, json::object{{"sessions", std::move(out)}});
}

int SessionApi::end_sessions(const HttpRequest& req, const std::string& id) {
  const auto now = now_ms();
  std::vector<std::string> ended;
  db_.write([&](db::Conn& c) {
    for (const auto& s : db::SessionRepo::list(c, now))
      if ((id.empty() || public_id(s.secret_hash) == id) && db::SessionRepo::remove_by_hash(c, s.secret_hash))
        ended.push_back(s.secret_hash);
    if (!ended.empty())
      db::AuditLog::record(c, {0, now, id.empty() ? "sessions.delete" : "session.delete", "", req.ctx.actor,
                               req.ctx.client_ip, "accepted", "", {}});
  });
  if (on_logout_)
    for (const auto& hash : ended) on_logout_(hash);  // their open event streams end too
  return static_cast<int>(ended.size());
}

HttpResponse SessionApi::end_session(const HttpRequest& req, const std::string& id) {
  require_admin(req.ctx);
  if (end_sessions(req, id) == 0) throw DomainError(Errc::not_found, "no live session " + id);
  return no_content();
}

HttpResponse SessionApi::end_all_sessions(const HttpRequest& req) {
  require_admin(req.ctx);
  end_sessions(req, "");
  auto r = no_content();
  if (req.ctx.auth == AuthMethod::session_cookie) r.set_header("Set-Cookie", auth_.expired_cookie());
  return r;
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
    auto s = db::SessionRepo::create(c, who->actor, who->admin ? db::Role::admin : db::Role::tenant, expires, now,
                                     auth_.session_binding(*who));
    db::AuditLog::record(c, {0, now, "session.create", "", who->actor, req.ctx.client_ip, "accepted", "", {}});
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
      db::AuditLog::record(c, {0, now, "session.delete", "", req.ctx.actor, req.ctx.client_ip, "accepted", "", {}});
    });
    if (on_logout_) on_logout_(sha256_hex(*cookie));
  }
  auto r = no_content();
  r.set_header("Set-Cookie", auth_.expired_cookie());
  return r;
}

}  // namespace storefleet::api
