#pragma once
// Who is calling: resolves `Authorization: Bearer <token>` or the `sf_session` cookie to an identity (the start-up
// admin token, an issued token, or a dashboard session), applies the rate limits and the CSRF rule, and fills
// req.ctx. Runs in RequestPipeline before every /api route and /metrics (see proto-docs/contracts.md, Security).
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "storefleet/api/http_types.hpp"
#include "storefleet/api/rate_limits.hpp"
#include "storefleet/db/database.hpp"

namespace storefleet::api {

inline constexpr const char* kSessionCookie = "sf_session";

struct AuthSettings {
  std::string admin_secret;                  // the --admin-token-file contents (empty: only issued tokens work)
  std::vector<std::string> trusted_origins;  // CORS origins also trusted for cookie-authenticated writes
  RateLimitSettings limits;
  std::chrono::seconds session_ttl{12 * 3600};
  bool secure_cookies = false;               // add `Secure` (the API is reached over HTTPS through a proxy)
};

struct Identity {
  std::string actor;  // "admin" or the token id
  std::string name;
  bool admin = false;
  int store_limit = 0;
};

// Pure helpers (tested on their own).
std::optional<std::string> bearer_token(const HttpRequest& req);  // "" token when the header is malformed
std::optional<std::string> cookie_value(const HttpRequest& req, std::string_view name);
bool is_public_route(const std::string& method, const std::string& path);
// GET/HEAD /api/health and /api/ready: public, and exempt from every rate limit.
bool is_probe(const std::string& method, const std::string& path);
// A cookie-authenticated write must come from our own page: Origin = http(s)://<Host> or a trusted origin.
bool same_origin_write(const HttpRequest& req, const std::vector<std::string>& trusted_origins);
void apply_identity(RequestContext& ctx, const Identity& id, AuthMethod how);

class Authenticator {
 public:
  Authenticator(db::Database& db, AuthSettings settings);

  // The pipeline hook: fills req.ctx or answers (401, 403, 429).
  std::optional<HttpResponse> operator()(HttpRequest& req);

  const AuthSettings& settings() const { return settings_; }
  // The identity behind a token secret (admin token or a live issued token).
  std::optional<Identity> identify_token(const std::string& secret);
  // A failed login/authentication from `ip`: 429 when that address has failed too often.
  std::optional<HttpResponse> note_failure(const std::string& ip);
  // What a session of this identity must still match: for the admin, a digest of the admin token now in force
  // (rotating the token ends its sessions); "" for issued tokens (their revocation ends their sessions).
  std::string session_binding(const Identity& who) const;
  // Set-Cookie values for a new session and for logging out.
  std::string session_cookie(const std::string& secret) const;
  std::string expired_cookie() const;

 private:
  std::optional<Identity> identify_session(const std::string& secret);
  db::Database& db_;
  AuthSettings settings_;
  RateLimits limits_;
};

}  // namespace storefleet::api
