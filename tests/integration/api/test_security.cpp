// Security over real HTTP against the real binary: every documented route needs a credential (the table is the
// OpenAPI document, which a unit test keeps equal to the router); tenants are isolated (REST and SSE); rate
// limits answer 429 + Retry-After; Idempotency-Key replays; sessions and CSRF; no token in the log.
#include <sys/stat.h>
#include <yaml-cpp/yaml.h>

#include <thread>

#include "itest_fixture.hpp"
#include "raw_http.hpp"

namespace storefleet::itest {
namespace {

using namespace std::chrono_literals;

class SecurityTest : public ApiIntegration {
 protected:
  // Issues a tenant token through the API; returns {id, secret}.
  std::pair<std::string, std::string> tenant(const std::string& name, int store_limit = 0) {
    auto r = post_json("/api/tokens", R"({"name":")" + name + R"(","role":"tenant","storeLimit":)" +
                                          std::to_string(store_limit) + "}");
    EXPECT_EQ(r->status, 201) << r->body;
    auto v = json(r);
    return {std::string(v.at("id").as_string()), std::string(v.at("token").as_string())};
  }
  httplib::Result create_as(const std::string& token, const std::string& name, httplib::Headers h = {}) {
    return api().client(token).Post("/api/stores", h, R"({"storeName":")" + name + R"(","engine":"medusa"})",
                                    "application/json");
  }
  std::string log_text() {
    std::ifstream in(log_file_);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }
};

std::string fill_params(std::string path) {
  for (auto [param, value] : {std::pair{"{name}", "some-shop"}, std::pair{"{id}", "tok_0000"}})
    if (auto pos = path.find(param); pos != std::string::npos) path.replace(pos, std::string(param).size(), value);
  return path;
}

TEST_F(SecurityTest, TheDatabaseFilesAreTheOwnersOnly) {
  const auto old_mask = ::umask(022);  // a permissive caller: the API must not depend on it
  start_api();
  ::umask(old_mask);
  ASSERT_EQ(post_json("/api/stores", R"({"storeName":"mode-shop","engine":"medusa"})")->status, 202);
  int checked = 0;
  for (const char* suffix : {"", "-wal", "-shm"}) {
    const auto file = db_file_.string() + suffix;
    struct stat st {};
    if (::stat(file.c_str(), &st) != 0) continue;
    EXPECT_EQ(st.st_mode & 0777, 0600u) << file;
    ++checked;
  }
  EXPECT_GE(checked, 2);  // the database and its WAL at least
}

TEST_F(SecurityTest, EventStreamsPerCredentialAreCapped) {
  ApiOptions o;
  o.unlimited_rates = false;
  o.extra = {"--ip-rate", "0", "--token-rate", "0", "--create-rate-per-min", "0", "--max-streams-per-token", "2"};
  start_api(std::move(o));
  auto [id, t] = tenant("streamer");
  const auto tenant_auth = "Authorization: Bearer " + t + "\r\n";
  auto opened = [&](SseStream& s) {
    for (int i = 0; i < 50 && s.head().empty() && s.pump(100ms);) ++i;
    return s.head();
  };
  auto first = std::make_unique<SseStream>(api().port(), "/api/events", std::nullopt, 0, tenant_auth);
  SseStream second(api().port(), "/api/events", std::nullopt, 0, tenant_auth);
  EXPECT_NE(opened(*first).find(" 200 "), std::string::npos) << first->head();
  EXPECT_NE(opened(second).find(" 200 "), std::string::npos) << second.head();
  auto third = raw_exchange(api().port(), "GET /api/events HTTP/1.1\r\nHost: x\r\n" + tenant_auth + "\r\n");
  EXPECT_EQ(third.status, 429) << third.raw.substr(0, 200);
  EXPECT_FALSE(third.headers["retry-after"].empty());
  SseStream admin(api().port(), "/api/events");  // another credential is not affected
  EXPECT_NE(opened(admin).find(" 200 "), std::string::npos) << admin.head();
  first.reset();  // a stream that ends frees its place
  bool reopened = false;
  for (int i = 0; i < 50 && !reopened; ++i) {
    SseStream again(api().port(), "/api/events", std::nullopt, 0, tenant_auth);
    reopened = opened(again).find(" 200 ") != std::string::npos;
    if (!reopened) std::this_thread::sleep_for(100ms);
  }
  EXPECT_TRUE(reopened);
}

TEST_F(SecurityTest, ConnectionsBeyondTheCapGet503AndTheServerStaysUsable) {
  ApiOptions o;
  o.extra = {"--max-connections", "6"};
  start_api(std::move(o));
  // Keep-alive connections, each answered once so the server certainly holds it, until one is refused: that
  // happens at the sixth (the start-up probe's connection may still count for a moment: the seventh at most).
  std::vector<int> idle;
  std::string refused;
  while (refused.empty() && idle.size() < 10) {
    const int fd = connect_loopback(api().port());
    ASSERT_GE(fd, 0);
    idle.push_back(fd);
    ASSERT_TRUE(send_all(fd, "GET /api/health HTTP/1.1\r\nHost: x\r\n\r\n"));
    pollfd p{fd, POLLIN, 0};
    ASSERT_EQ(::poll(&p, 1, 5000), 1);
    char buf[4096];
    const auto n = ::recv(fd, buf, sizeof buf, 0);
    ASSERT_GT(n, 0);
    std::string answer(buf, static_cast<std::size_t>(n));
    if (answer.rfind("HTTP/1.1 200", 0) != 0) refused = answer;
  }
  EXPECT_GE(idle.size(), 6u);
  EXPECT_LE(idle.size(), 7u);
  EXPECT_EQ(refused.rfind("HTTP/1.1 503", 0), 0u) << refused.substr(0, 200);
  EXPECT_NE(refused.find("\"unavailable\""), std::string::npos);
  for (int fd : idle) ::close(fd);
  bool served = false;
  for (int i = 0; i < 50 && !served; ++i) {
    served = raw_exchange(api().port(), "GET /api/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").status == 200;
    if (!served) std::this_thread::sleep_for(100ms);
  }
  EXPECT_TRUE(served);
  EXPECT_TRUE(api().running());
}

TEST_F(SecurityTest, EveryDocumentedRouteNeedsACredentialExceptThePublicOnes) {
  start_api();
  const auto doc = YAML::LoadFile(STOREFLEET_SOURCE_DIR "/proto-docs/openapi.yaml");
  int checked = 0;
  std::vector<std::string> public_routes;
  for (const auto& path : doc["paths"]) {
    for (const auto& op : path.second) {
      auto method = op.first.as<std::string>();
      if (method == "parameters") continue;
      std::transform(method.begin(), method.end(), method.begin(), [](unsigned char c) { return std::toupper(c); });
      const auto target = fill_params(path.first.as<std::string>());
      const bool is_public = op.second["security"] && op.second["security"].size() == 0;
      for (const std::string& token : {std::string(), std::string("sf_not-a-real-token")}) {
        auto c = api().client(token);
        httplib::Request req;
        req.method = method;
        req.path = target;
        if (method == "POST") {
          req.body = "{}";
          req.set_header("Content-Type", "application/json");
        }
        auto r = c.send(req);
        ASSERT_TRUE(r) << method << " " << target;
        if (is_public) {
          EXPECT_NE(r->status, 401) << method << " " << target;
        } else {
          EXPECT_EQ(r->status, 401) << method << " " << target << " token=" << !token.empty();
          EXPECT_EQ(json(r).at("error").at("code").as_string(), "unauthorized");
          EXPECT_FALSE(r->get_header_value("WWW-Authenticate").empty());
        }
        ++checked;
      }
      if (is_public) public_routes.push_back(method + " " + path.first.as<std::string>());
    }
  }
  EXPECT_GE(checked, 2 * 19);
  std::sort(public_routes.begin(), public_routes.end());
  EXPECT_EQ(public_routes, (std::vector<std::string>{"DELETE /api/session", "GET /api/health", "GET /api/ready",
                                                     "POST /api/session"}));
  // Nothing was created by all those refused requests.
  EXPECT_EQ(json(get("/api/stores")).at("stores").as_array().size(), 0u);
}

TEST_F(SecurityTest, TenantsSeeAndTouchOnlyTheirOwnStoresOverRestAndSse) {
  start_api();
  auto [a_id, a] = tenant("tenant a");
  auto [b_id, b] = tenant("tenant b");
  SseStream a_stream(api().port(), "/api/events", std::nullopt, 0, ApiProcess::auth_header(a));
  SseStream admin_stream(api().port(), "/api/events");
  a_stream.pump(300ms);
  ASSERT_EQ(create_as(b, "b-shop")->status, 202);
  ASSERT_EQ(create_as(a, "a-shop")->status, 202);

  auto ca = api().client(a);
  for (const auto& [method, target] : std::vector<std::pair<std::string, std::string>>{
           {"GET", "/api/stores/b-shop"}, {"GET", "/api/stores/b-shop/status"}, {"GET", "/api/stores/b-shop/events"},
           {"GET", "/api/stores/b-shop/credentials"}, {"DELETE", "/api/stores/b-shop"},
           {"POST", "/api/stores/b-shop/retry"}}) {
    httplib::Request req;
    req.method = method;
    req.path = target;
    auto r = ca.send(req);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 404) << method << " " << target;
  }
  auto list = ca.Get("/api/stores");
  EXPECT_NE(list->body.find("a-shop"), std::string::npos);
  EXPECT_EQ(list->body.find("b-shop"), std::string::npos);
  // A's audit view has its own (refused) attempts on b-shop, nothing done by B.
  const auto a_audit = ca.Get("/api/audit-logs")->body;
  EXPECT_EQ(a_audit.find(b_id), std::string::npos);
  EXPECT_NE(a_audit.find("rejected: not_found"), std::string::npos);
  EXPECT_EQ(ca.Get("/api/tokens")->status, 403);
  EXPECT_EQ(ca.Get("/metrics")->status, 403);
  EXPECT_EQ(json(get("/api/stores/b-shop")).at("status").as_string(), "Queued");  // B's store untouched

  // Tenant A's stream carries a-shop's event and not b-shop's; the admin's carries both.
  auto seen_a = a_stream.ids(1, 5s);
  ASSERT_EQ(seen_a.size(), 1u);
  EXPECT_NE(a_stream.text().find("a-shop"), std::string::npos);
  EXPECT_EQ(a_stream.text().find("b-shop"), std::string::npos);
  EXPECT_EQ(admin_stream.ids(2, 5s).size(), 2u);
}

TEST_F(SecurityTest, StoreLimitAndRevocation) {
  start_api();
  auto [id, secret] = tenant("limited", 1);
  EXPECT_EQ(create_as(secret, "one-shop")->status, 202);
  auto second = create_as(secret, "two-shop");
  EXPECT_EQ(second->status, 403);
  EXPECT_EQ(json(second).at("error").at("code").as_string(), "store_limit_reached");
  SseStream open_stream(api().port(), "/api/events", std::nullopt, 0, ApiProcess::auth_header(secret));
  open_stream.pump(300ms);
  ASSERT_NE(open_stream.head().find(" 200 "), std::string::npos);
  EXPECT_EQ(api().client().Delete(("/api/tokens/" + id).c_str())->status, 200);
  EXPECT_EQ(api().client(secret).Get("/api/stores")->status, 401);
  // The stream opened with the revoked token is ended at once, not left running.
  for (int i = 0; i < 50 && !open_stream.closed(); ++i) open_stream.pump(100ms);
  EXPECT_TRUE(open_stream.closed());
}

TEST_F(SecurityTest, RateLimitsAnswer429WithRetryAfter) {
  ApiOptions o;
  o.unlimited_rates = false;
  o.extra = {"--ip-rate", "0", "--token-rate", "1", "--token-burst", "5", "--create-rate-per-min", "1",
             "--create-burst", "1"};
  start_api(std::move(o));
  auto [id, t] = tenant("creator");
  EXPECT_EQ(create_as(t, "first-shop")->status, 202);
  auto again = create_as(t, "second-shop");
  EXPECT_EQ(again->status, 429);
  EXPECT_GE(std::stoi(again->get_header_value("Retry-After")), 1);
  int limited = 0;
  for (int i = 0; i < 8; ++i)
    if (api().client(t).Get("/api/stores")->status == 429) ++limited;
  EXPECT_GE(limited, 3);  // burst 5 with 2 already spent, refilled at 1/s
  // Another credential is not affected.
  EXPECT_EQ(get("/api/stores")->status, 200);
}

TEST_F(SecurityTest, IdempotencyKeyReplaysOverHttp) {
  start_api();
  httplib::Headers key{{"Idempotency-Key", "create-7f3a"}};
  auto first = create_as(kAdminToken, "idem-shop", key);
  ASSERT_EQ(first->status, 202);
  auto again = create_as(kAdminToken, "idem-shop", key);
  EXPECT_EQ(again->status, 202);
  EXPECT_EQ(again->body, first->body);
  EXPECT_EQ(again->get_header_value("Idempotent-Replayed"), "true");
  auto other = create_as(kAdminToken, "other-shop", key);
  EXPECT_EQ(other->status, 422);
  EXPECT_EQ(json(other).at("error").at("code").as_string(), "idempotency_key_reused");
  EXPECT_EQ(json(get("/api/stores")).at("stores").as_array().size(), 1u);
}

TEST_F(SecurityTest, SessionCookieLoginCsrfAndLogout) {
  start_api();
  httplib::Client anon = api().client("");
  auto login = anon.Post("/api/session", std::string(R"({"token":")") + kAdminToken + R"("})", "application/json");
  ASSERT_EQ(login->status, 200);
  const auto set_cookie = login->get_header_value("Set-Cookie");
  EXPECT_NE(set_cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(set_cookie.find("SameSite=Strict"), std::string::npos);
  const auto cookie = set_cookie.substr(0, set_cookie.find(';'));
  const std::string origin = "http://127.0.0.1:" + std::to_string(api().port());

  EXPECT_EQ(anon.Get("/api/stores", {{"Cookie", cookie}})->status, 200);
  const std::string body = R"({"storeName":"cookie-shop","engine":"medusa"})";
  EXPECT_EQ(anon.Post("/api/stores", {{"Cookie", cookie}}, body, "application/json")->status, 403);
  EXPECT_EQ(anon.Post("/api/stores", {{"Cookie", cookie}, {"Origin", "http://evil.example"}}, body,
                      "application/json")->status, 403);
  EXPECT_EQ(anon.Post("/api/stores", {{"Cookie", cookie}, {"Origin", origin}}, body, "application/json")->status, 202);
  SseStream by_cookie(api().port(), "/api/events", std::nullopt, 0, "Cookie: " + cookie + "\r\n");
  by_cookie.pump(300ms);
  EXPECT_NE(by_cookie.head().find(" 200 "), std::string::npos) << by_cookie.head();

  EXPECT_EQ(anon.Delete("/api/session", {{"Cookie", cookie}, {"Origin", origin}})->status, 204);
  for (int i = 0; i < 50 && !by_cookie.closed(); ++i) by_cookie.pump(100ms);
  EXPECT_TRUE(by_cookie.closed());  // logging out ends the session's open stream
  EXPECT_EQ(anon.Get("/api/stores", {{"Cookie", cookie}})->status, 401);
  EXPECT_EQ(anon.Post("/api/session", R"({"token":"wrong"})", "application/json")->status, 401);
}

TEST_F(SecurityTest, TokensNeverReachTheLogAndNoServerBanner) {
  start_api();
  auto [id, secret] = tenant("logged");
  api().client(secret).Get("/api/stores?token=" + secret);
  api().client("sf_wrong-token-value").Get("/api/stores");
  httplib::Client anon = api().client("");
  anon.Post("/api/session", R"({"token":")" + secret + R"("})", "application/json");
  auto r = get("/api/health");
  EXPECT_FALSE(r->has_header("Server"));
  EXPECT_EQ(r->get_header_value("X-Content-Type-Options"), "nosniff");
  api().stop(SIGTERM);
  const auto log = log_text();
  ASSERT_FALSE(log.empty());
  EXPECT_EQ(log.find(secret), std::string::npos);
  EXPECT_EQ(log.find(kAdminToken), std::string::npos);
  EXPECT_EQ(log.find("sf_wrong-token-value"), std::string::npos);
  EXPECT_EQ(log.find("sf_"), std::string::npos);
}

}  // namespace
}  // namespace storefleet::itest
