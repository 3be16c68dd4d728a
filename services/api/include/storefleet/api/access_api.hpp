#pragma once
// Access routes: dashboard sessions (POST/GET/DELETE /api/session, session_api.cpp) and API tokens
// (POST/GET /api/tokens, DELETE /api/tokens/:id — admin only, token_api.cpp).
#include <functional>
#include <string>

#include "storefleet/api/auth.hpp"
#include "storefleet/api/router.hpp"
#include "storefleet/db/database.hpp"

namespace storefleet::api {

// Called when a credential stops being valid, so open event streams can be ended (argument: session id /
// token id).
using CredentialEnded = std::function<void(const std::string&)>;

class SessionApi {
 public:
  SessionApi(db::Database& db, Authenticator& auth, CredentialEnded on_logout = {})
      : db_(db), auth_(auth), on_logout_(std::move(on_logout)) {}
  void register_routes(Router& router);
  HttpResponse login(const HttpRequest& req);
  HttpResponse whoami(const HttpRequest& req);
  HttpResponse logout(const HttpRequest& req);
  // Admin only: the live sessions (never their secrets), ending one, and ending all ("log out everywhere").
  HttpResponse list_sessions(const HttpRequest& req);
  HttpResponse end_session(const HttpRequest& req, const std::string& id);
  HttpResponse end_all_sessions(const HttpRequest& req);

 private:
  // Removes the sessions whose public id is `id` (all when empty); returns how many ended.
  int end_sessions(const HttpRequest& req, const std::string& id);
  db::Database& db_;
  Authenticator& auth_;
  CredentialEnded on_logout_;
};

class TokenApi {
 public:
  explicit TokenApi(db::Database& db, CredentialEnded on_revoke = {}) : db_(db), on_revoke_(std::move(on_revoke)) {}
  void register_routes(Router& router);
  HttpResponse create(const HttpRequest& req);
  HttpResponse list(const HttpRequest& req);
  HttpResponse revoke(const HttpRequest& req, const std::string& id);

 private:
  db::Database& db_;
  CredentialEnded on_revoke_;
};

// Throws DomainError(forbidden) unless the caller is an admin.
void require_admin(const RequestContext& ctx);

}  // namespace storefleet::api
