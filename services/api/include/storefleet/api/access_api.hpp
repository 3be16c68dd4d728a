#pragma once
// Access routes: dashboard sessions (POST/GET/DELETE /api/session, session_api.cpp) and API tokens
// (POST/GET /api/tokens, DELETE /api/tokens/:id — admin only, token_api.cpp).
#include "storefleet/api/auth.hpp"
#include "storefleet/api/router.hpp"
#include "storefleet/db/database.hpp"

namespace storefleet::api {

class SessionApi {
 public:
  SessionApi(db::Database& db, Authenticator& auth) : db_(db), auth_(auth) {}
  void register_routes(Router& router);
  HttpResponse login(const HttpRequest& req);
  HttpResponse whoami(const HttpRequest& req);
  HttpResponse logout(const HttpRequest& req);

 private:
  db::Database& db_;
  Authenticator& auth_;
};

class TokenApi {
 public:
  explicit TokenApi(db::Database& db) : db_(db) {}
  void register_routes(Router& router);
  HttpResponse create(const HttpRequest& req);
  HttpResponse list(const HttpRequest& req);
  HttpResponse revoke(const HttpRequest& req, const std::string& id);

 private:
  db::Database& db_;
};

// Throws DomainError(forbidden) unless the caller is an admin.
void require_admin(const RequestContext& ctx);

}  // namespace storefleet::api
