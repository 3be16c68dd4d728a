#include "storefleet/api/auth.hpp"

#include <openssl/crypto.h>

#include <boost/algorithm/string/predicate.hpp>
#include <boost/algorithm/string/trim.hpp>

#include <algorithm>

#include "storefleet/api/cors.hpp"
#include "storefleet/api/json_response.hpp"
#include "storefleet/core/util.hpp"
#include "storefleet/db/tokens.hpp"

namespace storefleet::api {

namespace {

std::string_view trim(std::string_view s) { return boost::algorithm::trim_copy(s); }

// Compares digests, not the secrets: constant time whatever the lengths.
bool same_secret(const std::string& a, const std::string& b) {
  const auto ha = sha256_hex(a), hb = sha256_hex(b);
  return CRYPTO_memcmp(ha.data(), hb.data(), ha.size()) == 0;
}

bool is_write(const std::string& method) { return method != "GET" && method != "HEAD" && method != "OPTIONS"; }

HttpResponse unauthorized(const std::string& why) {
  auto r = error_response(Errc::unauthorized, why);
  r.set_header("WWW-Authenticate", "Bearer realm=\"storefleet\"");
  return r;
}

Identity admin_identity() { return {"admin", "admin", true, 0}; }

Identity identity_of(const db::ApiToken& t) { return {t.id, t.name, t.role == db::Role::admin, t.store_limit}; }

}  // namespace

std::optional<std::string> bearer_token(const HttpRequest& req) {
  const auto h = req.header("authorization");
  if (h.empty()) return std::nullopt;
  if (!boost::algorithm::istarts_with(h, "bearer ")) return std::string();
  return std::string(trim(std::string_view(h).substr(7)));
}

std::optional<std::string> cookie_value(const HttpRequest& req, std::string_view name) {
  const auto header = req.header("cookie");
  std::string_view all = header;
  while (!all.empty()) {
    auto end = all.find(';');
    auto pair = trim(all.substr(0, end));
    all = end == std::string_view::npos ? std::string_view() : all.substr(end + 1);
    auto eq = pair.find('=');
    if (eq == std::string_view::npos) continue;
    if (trim(pair.substr(0, eq)) == name) return std::string(trim(pair.substr(eq + 1)));
  }
  return std::nullopt;
}

bool is_probe(const std::string& method, const std::string& path) {
  return (method == "GET" || method == "HEAD") && (path == "/api/health" || path == "/api/ready");
}

bool is_public_route(const std::string& method, const std::string& path) {
  if (is_probe(method, path)) return true;
  return path == "/api/session" && (method == "POST" || method == "DELETE");
}

bool same_origin_write(const HttpRequest& req, const std::vector<std::string>& trusted_origins) {
  const auto origin = req.header("origin");
  if (origin.empty() || origin == "null") return false;
  const auto host = req.header("host");
  if (!host.empty() && (origin == "http://" + host || origin == "https://" + host)) return true;
  return std::find(trusted_origins.begin(), trusted_origins.end(), origin) != trusted_origins.end();
}

void apply_identity(RequestContext& ctx, const Identity& id, AuthMethod how) {
  ctx.actor = id.actor;
  ctx.actor_name = id.name;
  ctx.admin = id.admin;
  ctx.auth = how;
  ctx.store_limit = id.admin ? 0 : id.store_limit;
  ctx.owner_for_new_stores = id.actor;
  if (id.admin)
    ctx.owner_filter.reset();
  else
    ctx.owner_filter = id.actor;
}

Authenticator::Authenticator(db::Database& db, AuthSettings settings)
    : db_(db), settings_(std::move(settings)), limits_(settings_.limits) {
  settings_.trusted_origins = normalized_origins(std::move(settings_.trusted_origins));
  // "*" allows any origin for CORS reads; it never vouches for a cookie-authenticated write.
  std::erase(settings_.trusted_origins, "*");
}

std::optional<Identity> Authenticator::identify_token(const std::string& secret) {
  if (secret.empty()) return std::nullopt;
  if (!settings_.admin_secret.empty() && same_secret(secret, settings_.admin_secret)) return admin_identity();
  auto t = db_.read([&](db::Conn& c) { return db::TokenRepo::find_by_secret(c, secret); });
  if (!t) return std::nullopt;
  return identity_of(*t);
}

std::string Authenticator::session_binding(const Identity& who) const {
  if (who.actor != "admin") return "";
  return sha256_hex("storefleet admin session\n" + settings_.admin_secret);
}

std::optional<Identity> Authenticator::identify_session(const std::string& secret) {
  if (secret.empty()) return std::nullopt;
  return db_.read([&](db::Conn& c) -> std::optional<Identity> {
    auto s = db::SessionRepo::find(c, secret, now_ms());
    if (!s) return std::nullopt;
    if (s->token_id == "admin") {
      // Opened with another admin token than the one in force (rotated since): the session is over.
      const auto current = session_binding(admin_identity());
      if (s->credential_digest.size() != current.size() ||
          CRYPTO_memcmp(s->credential_digest.data(), current.data(), current.size()) != 0)
        return std::nullopt;
      return admin_identity();
    }
    auto t = db::TokenRepo::find(c, s->token_id);
    if (!t || t->revoked_at) return std::nullopt;  // revoking a token ends its sessions
    return identity_of(*t);
  });
}

std::optional<HttpResponse> Authenticator::note_failure(const std::string& ip) {
  return limits_.auth_failure(ip, now_ms());
}

std::string Authenticator::session_cookie(const std::string& secret) const {
  return std::string(kSessionCookie) + "=" + secret + "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" +
         std::to_string(settings_.session_ttl.count()) + (settings_.secure_cookies ? "; Secure" : "");
}

std::string Authenticator::expired_cookie() const {
  return std::string(kSessionCookie) + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0" +
         (settings_.secure_cookies ? "; Secure" : "");
}

std::optional<HttpResponse> Authenticator::operator()(HttpRequest& req) {
  const auto now = now_ms();
  // Probes answer booleans only and cost nothing: never limited, so a flood cannot fail a health check.
  if (is_probe(req.method, req.path)) return std::nullopt;
  const bool is_public = is_public_route(req.method, req.path);

  std::optional<Identity> who;
  AuthMethod how = AuthMethod::none;
  std::optional<std::string> cookie;
  if (auto bearer = bearer_token(req)) {
    how = AuthMethod::bearer;
    who = identify_token(*bearer);
  } else if (cookie = cookie_value(req, kSessionCookie); cookie && !cookie->empty()) {
    how = AuthMethod::session_cookie;
    who = identify_session(*cookie);
  }
  const bool presented = how != AuthMethod::none;

  if (!who) {
    // The per-IP bucket is for requests without a valid credential (logins, probes of secrets): an anonymous
    // flood from a shared address (an office NAT, an ingress) must not refuse authenticated users there.
    if (auto refused = limits_.per_ip(req.ctx.client_ip, now)) return refused;
    if (is_public) return std::nullopt;
    if (!presented) return unauthorized("authentication required: send a bearer token or log in");
    if (auto refused = note_failure(req.ctx.client_ip)) return refused;
    return unauthorized(how == AuthMethod::bearer ? "invalid or revoked token" : "session expired or invalid");
  }
  apply_identity(req.ctx, *who, how);
  if (how == AuthMethod::session_cookie) req.ctx.session_id = sha256_hex(*cookie);
  if (auto refused = limits_.per_credential(who->actor, now)) return refused;
  if (how == AuthMethod::session_cookie && is_write(req.method) &&
      !same_origin_write(req, settings_.trusted_origins))
    return error_response(Errc::forbidden, "cross-site request refused: Origin is not this site");
  if (req.method == "POST" && req.path == "/api/stores")
    if (auto refused = limits_.create(who->actor, now)) return refused;
  return std::nullopt;
}

}  // namespace storefleet::api
