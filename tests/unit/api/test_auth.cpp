// Authenticator: credentials (admin token, issued tokens, sessions), public routes, CSRF, rate limits — with a
// real SQLite file, no sockets.
#include <gtest/gtest.h>

#include "api_fixture.hpp"
#include "storefleet/api/cors.hpp"
#include "storefleet/core/util.hpp"
#include "storefleet/db/tokens.hpp"

namespace storefleet::test {
namespace {

using api::AuthMethod;

api::HttpRequest request(const std::string& method, const std::string& target,
                         std::map<std::string, std::string> headers = {}) {
  auto r = api::make_request(method, target, std::move(headers));
  r.ctx.client_ip = "10.0.0.1";
  return r;
}

std::map<std::string, std::string> bearer(const std::string& t) { return {{"authorization", "Bearer " + t}}; }

class AuthTest : public ApiFixture {
 protected:
  db::IssuedToken issue(db::Role role, int limit = 0) {
    return db.write([&](db::Conn& c) { return db::TokenRepo::issue(c, "t", role, limit, now_ms()); });
  }
};

TEST(AuthHelpers, BearerTokenParsing) {
  EXPECT_FALSE(api::bearer_token(request("GET", "/api/stores")).has_value());
  EXPECT_EQ(api::bearer_token(request("GET", "/", {{"authorization", "Bearer abc"}})), "abc");
  EXPECT_EQ(api::bearer_token(request("GET", "/", {{"authorization", "bearer   abc  "}})), "abc");
  EXPECT_EQ(api::bearer_token(request("GET", "/", {{"authorization", "Basic abc"}})), "");  // presented, wrong
}

TEST(AuthHelpers, CookieParsing) {
  auto r = request("GET", "/", {{"cookie", "a=1; sf_session=xyz ; b=2"}});
  EXPECT_EQ(api::cookie_value(r, "sf_session"), "xyz");
  EXPECT_EQ(api::cookie_value(r, "b"), "2");
  EXPECT_FALSE(api::cookie_value(r, "sf").has_value());
  EXPECT_FALSE(api::cookie_value(request("GET", "/"), "sf_session").has_value());
}

TEST(AuthHelpers, PublicRoutesAreFewAndExplicit) {
  struct Case {
    const char* method;
    const char* path;
    bool is_public;
  } cases[] = {
      {"GET", "/api/health", true},     {"HEAD", "/api/health", true},    {"GET", "/api/ready", true},
      {"POST", "/api/session", true},   {"DELETE", "/api/session", true}, {"GET", "/api/session", false},
      {"POST", "/api/health", false},   {"GET", "/api/stores", false},    {"GET", "/metrics", false},
      {"GET", "/api/events", false},    {"GET", "/api/tokens", false},    {"GET", "/api/audit-logs", false},
  };
  for (const auto& c : cases) EXPECT_EQ(api::is_public_route(c.method, c.path), c.is_public) << c.method << c.path;
}

TEST(AuthHelpers, SameOriginWrite) {
  std::vector<std::string> trusted{"https://dash.example"};
  EXPECT_TRUE(api::same_origin_write(request("POST", "/", {{"host", "a:1"}, {"origin", "http://a:1"}}), trusted));
  EXPECT_TRUE(api::same_origin_write(request("POST", "/", {{"host", "a:1"}, {"origin", "https://a:1"}}), trusted));
  EXPECT_TRUE(api::same_origin_write(request("POST", "/", {{"host", "a:1"}, {"origin", "https://dash.example"}}),
                                     trusted));
  EXPECT_FALSE(api::same_origin_write(request("POST", "/", {{"host", "a:1"}, {"origin", "http://evil"}}), trusted));
  EXPECT_FALSE(api::same_origin_write(request("POST", "/", {{"host", "a:1"}}), trusted));  // no Origin
  EXPECT_FALSE(api::same_origin_write(request("POST", "/", {{"host", "a:1"}, {"origin", "null"}}), trusted));
}

TEST_F(AuthTest, MissingCredentialIs401WithChallengeExceptOnPublicRoutes) {
  auto req = request("GET", "/api/stores");
  auto refused = auth(req);
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 401);
  EXPECT_EQ(refused->header("WWW-Authenticate"), "Bearer realm=\"storefleet\"");
  auto health = request("GET", "/api/health");
  EXPECT_FALSE(auth(health));
  EXPECT_EQ(health.ctx.actor, "anonymous");
}

TEST_F(AuthTest, AdminTokenSeesEverything) {
  auto req = request("GET", "/api/stores", bearer("test-admin-token-0123456789"));
  EXPECT_FALSE(auth(req));
  EXPECT_EQ(req.ctx.actor, "admin");
  EXPECT_TRUE(req.ctx.admin);
  EXPECT_FALSE(req.ctx.owner_filter.has_value());
  EXPECT_EQ(req.ctx.auth, AuthMethod::bearer);
}

TEST_F(AuthTest, WrongOrMalformedTokenIs401) {
  for (auto h : {std::string("Bearer test-admin-token-012345678"), std::string("Bearer "), std::string("Basic x")}) {
    auto req = request("GET", "/api/stores", {{"authorization", h}});
    auto refused = auth(req);
    ASSERT_TRUE(refused) << h;
    EXPECT_EQ(refused->status, 401) << h;
  }
}

TEST_F(AuthTest, TenantTokenIsRestrictedToItsOwnStores) {
  auto t = issue(db::Role::tenant, 3);
  auto req = request("GET", "/api/stores", bearer(t.secret));
  EXPECT_FALSE(auth(req));
  EXPECT_EQ(req.ctx.actor, t.token.id);
  EXPECT_FALSE(req.ctx.admin);
  EXPECT_EQ(req.ctx.owner_filter, t.token.id);
  EXPECT_EQ(req.ctx.owner_for_new_stores, t.token.id);
  EXPECT_EQ(req.ctx.store_limit, 3);
}

TEST_F(AuthTest, RevokedTokenAndItsSessionsStopWorking) {
  auto t = issue(db::Role::tenant);
  auto session = db.write([&](db::Conn& c) {
    return db::SessionRepo::create(c, t.token.id, db::Role::tenant, now_ms() + 60000, now_ms());
  });
  auto by_cookie = request("GET", "/api/stores", {{"cookie", "sf_session=" + session}});
  EXPECT_FALSE(auth(by_cookie));
  EXPECT_EQ(by_cookie.ctx.auth, AuthMethod::session_cookie);
  db.write([&](db::Conn& c) { db::TokenRepo::revoke(c, t.token.id, now_ms()); });
  auto again = request("GET", "/api/stores", bearer(t.secret));
  ASSERT_TRUE(auth(again));
  auto cookie_again = request("GET", "/api/stores", {{"cookie", "sf_session=" + session}});
  auto refused = auth(cookie_again);
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 401);
}

TEST_F(AuthTest, AdminSessionsEndWhenTheAdminTokenIsRotated) {
  const api::Identity admin{"admin", "admin", true, 0};
  auto session = db.write([&](db::Conn& c) {
    return db::SessionRepo::create(c, "admin", db::Role::admin, now_ms() + 60000, now_ms(), auth.session_binding(admin));
  });
  auto before = request("GET", "/api/stores", {{"cookie", "sf_session=" + session}});
  EXPECT_FALSE(auth(before));
  // The service restarts with a new admin token file: the same session row now answers 401.
  auto rotated_settings = auth_settings();
  rotated_settings.admin_secret = "rotated-admin-token-9876543210";
  api::Authenticator rotated(db, rotated_settings);
  auto after = request("GET", "/api/stores", {{"cookie", "sf_session=" + session}});
  auto refused = rotated(after);
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 401);
  // A session stored without a binding (opened before sessions had one) is over too.
  auto unbound = db.write([&](db::Conn& c) {
    return db::SessionRepo::create(c, "admin", db::Role::admin, now_ms() + 60000, now_ms());
  });
  auto old = request("GET", "/api/stores", {{"cookie", "sf_session=" + unbound}});
  ASSERT_TRUE(auth(old));
}

TEST_F(AuthTest, ACorsOriginWithATrailingSlashVouchesForCookieWritesToo) {
  auto settings = auth_settings();
  settings.trusted_origins = {"https://dash.example/"};  // as typed in --cors-origin
  api::Authenticator slashed(db, settings);
  auto session = db.write([&](db::Conn& c) {
    return db::SessionRepo::create(c, "admin", db::Role::admin, now_ms() + 60000, now_ms(),
                                   slashed.session_binding({"admin", "admin", true, 0}));
  });
  auto write = request("POST", "/api/stores", {{"cookie", "sf_session=" + session}, {"host", "api:1"},
                                               {"origin", "https://dash.example"}});
  EXPECT_FALSE(slashed(write));  // the browser's Origin has no slash; the CORS policy accepts it too
  EXPECT_TRUE(api::CorsPolicy({"https://dash.example/"}).allows("https://dash.example"));
}

TEST_F(AuthTest, CookieWritesNeedOurOriginBearerWritesDoNot) {
  auto session = db.write([&](db::Conn& c) {
    return db::SessionRepo::create(c, "admin", db::Role::admin, now_ms() + 60000, now_ms(),
                                   auth.session_binding({"admin", "admin", true, 0}));
  });
  auto cross = request("POST", "/api/stores", {{"cookie", "sf_session=" + session}, {"host", "h:1"},
                                               {"origin", "http://evil.example"}});
  auto refused = auth(cross);
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 403);
  auto same = request("POST", "/api/stores", {{"cookie", "sf_session=" + session}, {"host", "h:1"},
                                              {"origin", "http://h:1"}});
  EXPECT_FALSE(auth(same));
  auto read = request("GET", "/api/stores", {{"cookie", "sf_session=" + session}});
  EXPECT_FALSE(auth(read));  // reads need no Origin
  auto bearer_write = request("POST", "/api/stores", bearer("test-admin-token-0123456789"));
  EXPECT_FALSE(auth(bearer_write));
}

TEST_F(AuthTest, ExpiredSessionIs401) {
  auto session = db.write([&](db::Conn& c) {
    return db::SessionRepo::create(c, "admin", db::Role::admin, now_ms() - 1, now_ms() - 100);
  });
  auto req = request("GET", "/api/stores", {{"cookie", "sf_session=" + session}});
  auto refused = auth(req);
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 401);
}

TEST(AuthLimits, PerTokenPerIpCreateAndFailureBucketsAnswer429WithRetryAfter) {
  TempDir dir;
  db::Database database(dir.file("a.db"));
  api::AuthSettings s;
  s.admin_secret = "test-admin-token-0123456789";
  s.limits.token_rate = 1;
  s.limits.token_burst = 3;
  s.limits.ip_rate = 0;  // off
  s.limits.create_per_min = 1;
  s.limits.create_burst = 1;
  s.limits.auth_failure_burst = 2;
  api::Authenticator auth(database, s);
  auto create = [&] {
    auto r = request("POST", "/api/stores", bearer(s.admin_secret));
    return auth(r);
  };
  EXPECT_FALSE(create());
  auto second = create();  // the creation bucket (burst 1) is empty
  ASSERT_TRUE(second);
  EXPECT_EQ(second->status, 429);
  EXPECT_GE(std::stoi(second->header("Retry-After")), 1);
  auto read = request("GET", "/api/stores", bearer(s.admin_secret));
  EXPECT_FALSE(auth(read));  // the third request with this token
  auto fourth = request("GET", "/api/stores", bearer(s.admin_secret));
  auto third = auth(fourth);  // the token bucket (burst 3) is empty after three requests
  ASSERT_TRUE(third);
  EXPECT_EQ(third->status, 429);
  EXPECT_NE(third->body.find("rate_limited"), std::string::npos);

  int refused_401 = 0, refused_429 = 0;
  for (int i = 0; i < 4; ++i) {
    auto bad = request("GET", "/api/stores", bearer("wrong-token"));
    auto r = auth(bad);
    ASSERT_TRUE(r);
    (r->status == 401 ? refused_401 : refused_429)++;
  }
  EXPECT_EQ(refused_401, 2);
  EXPECT_EQ(refused_429, 2);
}

TEST(AuthLimits, PerIpLimitAppliesOnlyWithoutAValidCredential) {
  TempDir dir;
  db::Database database(dir.file("a.db"));
  api::AuthSettings s;
  s.admin_secret = "test-admin-token-0123456789";
  s.limits.ip_rate = 1;
  s.limits.ip_burst = 2;
  s.limits.token_rate = 0;  // off: only the per-IP bucket is under test
  s.limits.auth_failure_burst = 100;
  api::Authenticator auth(database, s);
  auto status_of = [&](api::HttpRequest r) {
    auto refused = auth(r);
    return refused ? refused->status : 200;
  };
  // An anonymous flood from one address (logins, wrong tokens) empties that address's bucket...
  std::vector<int> statuses;
  for (int i = 0; i < 3; ++i) statuses.push_back(status_of(request("POST", "/api/session")));
  EXPECT_EQ(statuses, (std::vector<int>{200, 200, 429}));
  EXPECT_EQ(status_of(request("GET", "/api/stores", bearer("wrong-token"))), 429);
  // ...but an authenticated admin behind the same address is limited per credential only,
  for (int i = 0; i < 5; ++i) EXPECT_EQ(status_of(request("GET", "/api/stores", bearer(s.admin_secret))), 200);
  // and probes are never limited.
  for (int i = 0; i < 5; ++i) EXPECT_EQ(status_of(request("GET", "/api/health")), 200);
  EXPECT_EQ(status_of(request("HEAD", "/api/ready")), 200);
  auto other_ip = request("POST", "/api/session");
  other_ip.ctx.client_ip = "10.0.0.2";
  EXPECT_EQ(status_of(other_ip), 200);
}

}  // namespace
}  // namespace storefleet::test
