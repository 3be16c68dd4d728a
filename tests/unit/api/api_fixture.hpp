#pragma once
// A real SQLite file in a temp dir with the API's handlers routed over it — no sockets.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <atomic>
#include <filesystem>
#include <random>
#include <string>

#include "storefleet/api/access_api.hpp"
#include "storefleet/api/auth.hpp"
#include "storefleet/api/info_api.hpp"
#include "storefleet/api/json_response.hpp"
#include "storefleet/api/rollout_api.hpp"
#include "storefleet/api/router.hpp"
#include "storefleet/api/store_api.hpp"
#include "storefleet/db/database.hpp"
#include "temp_dir.hpp"

namespace storefleet::test {

class ApiFixture : public ::testing::Test {
 protected:
  ApiFixture()
      : db(dir.file("api.db")),
        stores({&db, "local", [this] { ++events_written; }, [this] { ++wakes; },
                [this](const std::string& store, std::function<void(api::CredentialsReply)> done) {
                  credential_requests.push_back(store);
                  done(provisioner_credentials);  // at once: the deferred answer completes within call()
                }}),
        info({&db, "test", 0, [this] { return provisioner_up.load(); }}),
        auth(db, auth_settings()),
        sessions(db, auth),
        tokens(db),
        rollouts({&db, [this] { ++wakes; }}) {
    stores.register_routes(router);
    rollouts.register_routes(router);
    info.register_routes(router);
    sessions.register_routes(router);
    tokens.register_routes(router);
    ctx = admin_ctx();
  }

  static api::AuthSettings auth_settings() {
    api::AuthSettings s;
    s.admin_secret = "test-admin-token-0123456789";
    return s;
  }
  // Who the handlers see as the caller (what the authenticator would have filled in).
  static api::RequestContext admin_ctx() {
    api::RequestContext c;
    api::apply_identity(c, {"admin", "admin", true, 0}, api::AuthMethod::bearer);
    c.client_ip = "127.0.0.1";
    return c;
  }
  static api::RequestContext tenant_ctx(const std::string& id, int store_limit = 0) {
    api::RequestContext c;
    api::apply_identity(c, {id, id, false, store_limit}, api::AuthMethod::bearer);
    c.client_ip = "127.0.0.2";
    return c;
  }

  api::HttpResponse call(const std::string& method, const std::string& target, const std::string& body = {},
                         std::map<std::string, std::string> headers = {}) {
    if (!body.empty() && !headers.count("Content-Type")) headers["Content-Type"] = "application/json";
    auto req = api::make_request(method, target, headers, body);
    req.ctx = ctx;
    auto r = router.dispatch(req).response;
    if (r.deferred) {  // the route answers later (credentials): deliver it here
      auto later = std::move(r.deferred);
      later([&r](api::HttpResponse final) { r = std::move(final); });
    }
    return r;
  }
  api::HttpResponse create(const std::string& name, const std::string& engine = "woocommerce") {
    return call("POST", "/api/stores",
                boost::json::serialize(boost::json::object{{"storeName", name}, {"engine", engine}}));
  }
  static boost::json::value json(const api::HttpResponse& r) { return boost::json::parse(r.body); }
  static std::string error_code_of(const api::HttpResponse& r) {
    return std::string(json(r).at("error").at("code").as_string());
  }

  TempDir dir;
  db::Database db;
  std::atomic<int> events_written{0}, wakes{0};
  std::atomic<bool> provisioner_up{false};
  api::Router router;
  api::CredentialsReply provisioner_credentials{404, "{}"};
  std::vector<std::string> credential_requests;
  api::StoreApi stores;
  api::InfoApi info;
  api::Authenticator auth;
  api::SessionApi sessions;
  api::TokenApi tokens;
  api::RolloutApi rollouts;
  api::RequestContext ctx;
};

}  // namespace storefleet::test
