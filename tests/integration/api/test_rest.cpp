// The REST contract against the real binary and a real SQLite file.
#include "fake_provisioner.hpp"
#include "itest_fixture.hpp"
#include "raw_http.hpp"
#include "storefleet/db/stores.hpp"

namespace storefleet::itest {
namespace {

using RestTest = ApiIntegration;

void set_status(db::Database& d, const std::string& name, StoreStatus st) {
  d.write([&](db::Conn& c) {
    auto s = db::StoreRepo::find_live(c, name);
    ASSERT_TRUE(s);
    db::StoreRepo::set_status(c, s->id, st, "set by test", now_ms());
  });
}

TEST_F(RestTest, StoreLifecycleWithoutProvisioner) {
  start_api();  // the provisioner URL points at a closed port: stores are still accepted
  auto r = create_store("it-shop");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 202) << r->body;
  EXPECT_EQ(json(r).at("status").as_string(), "Queued");
  EXPECT_EQ(json(r).at("url").as_string(), "http://it-shop.local");
  EXPECT_EQ(create_store("it-shop")->status, 409);
  auto bad = create_store("It Shop!", "magento");
  EXPECT_EQ(bad->status, 422);
  EXPECT_GE(json(bad).at("error").at("details").as_array().size(), 2u);

  auto list = get("/api/stores");
  ASSERT_EQ(list->status, 200);
  ASSERT_EQ(json(list).at("stores").as_array().size(), 1u);
  EXPECT_EQ(json(list).at("stores").at(0).at("namespace").as_string(), "store-it-shop");
  EXPECT_EQ(get("/api/stores/it-shop")->status, 200);
  EXPECT_EQ(json(get("/api/stores/it-shop/status")).at("status").as_string(), "Queued");
  EXPECT_EQ(json(get("/api/stores/it-shop/events")).at("events").as_array().size(), 1u);
  EXPECT_EQ(get("/api/stores/nope-shop")->status, 404);

  auto c = api().client();
  EXPECT_EQ(c.Post("/api/stores/it-shop/retry")->status, 409);
  set_status(db(), "it-shop", StoreStatus::failed);
  EXPECT_EQ(c.Post("/api/stores/it-shop/retry")->status, 202);
  EXPECT_EQ(json(get("/api/stores/it-shop")).at("status").as_string(), "Queued");

  auto del = c.Delete("/api/stores/it-shop");
  ASSERT_EQ(del->status, 202);
  EXPECT_EQ(json(del).at("status").as_string(), "Deleting");
  EXPECT_EQ(c.Delete("/api/stores/it-shop")->status, 202);
  EXPECT_EQ(c.Delete("/api/stores/nope-shop")->status, 404);

  auto metrics = json(get("/api/metrics"));
  EXPECT_EQ(metrics.at("stores").at("total").as_int64(), 1);
  EXPECT_EQ(metrics.at("activity").at("created").as_int64(), 1);
  auto audit = json(get("/api/audit-logs?limit=10&store=it-shop"));
  std::vector<std::string> accepted, rejected;
  for (const auto& row : audit.at("logs").as_array())
    (row.at("outcome").as_string() == "accepted" ? accepted : rejected)
        .push_back(std::string(row.at("action").as_string()) + " " + std::string(row.at("outcome").as_string()));
  EXPECT_EQ(accepted, (std::vector<std::string>{"store.delete accepted", "store.retry accepted",
                                                "store.create accepted"}));
  EXPECT_EQ(rejected, (std::vector<std::string>{"store.retry rejected: conflict", "store.create rejected: conflict"}));
  EXPECT_EQ(audit.at("logs").at(0).at("action").as_string(), "store.delete");
  EXPECT_EQ(json(get("/api/health")).at("status").as_string(), "ok");
  auto ready = get("/api/ready");
  EXPECT_EQ(ready->status, 503);
  EXPECT_EQ(json(ready).at("provisioner").as_string(), "disconnected");
}

TEST_F(RestTest, HelpListsTheInterfaceFlags) {
  const auto out = dir_ / "help.txt";
  const std::string cmd = std::string(STOREFLEET_API_BIN) + " --help > " + out.string() + " 2>&1";
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  std::ifstream in(out);
  std::stringstream ss;
  ss << in.rdbuf();
  for (auto flag : {"--listen", "--db", "--provisioner-url", "--dashboard-dir", "--threads", "--cors-origin",
                    "--store-domain", "--log-level"})
    EXPECT_NE(ss.str().find(flag), std::string::npos) << flag;
}

TEST_F(RestTest, StoreDomainShapesTheUrl) {
  start_api(options("", {"--store-domain", "203.0.113.7.nip.io"}));
  auto r = create_store("nip-shop");
  ASSERT_EQ(r->status, 202);
  EXPECT_EQ(json(r).at("url").as_string(), "http://nip-shop.203.0.113.7.nip.io");
}

TEST_F(RestTest, PaginationOverHttp) {
  start_api();
  for (int i = 0; i < 7; ++i) ASSERT_EQ(create_store("page-" + std::to_string(i))->status, 202);
  std::vector<std::string> names;
  std::string cursor;
  for (int guard = 0; guard < 10; ++guard) {
    auto v = json(get("/api/stores?limit=3" + (cursor.empty() ? "" : "&cursor=" + cursor)));
    for (const auto& s : v.at("stores").as_array()) names.emplace_back(s.at("store_name").as_string());
    if (v.at("next_cursor").is_null()) break;
    cursor = std::string(v.at("next_cursor").as_string());
  }
  EXPECT_EQ(names.size(), 7u);
}

TEST_F(RestTest, WakesTheProvisionerAndIsReadyWhenItsStreamIsUp) {
  FakeProvisioner prov;
  const std::string token = "internal-" + random_hex(16);
  {
    std::ofstream f(dir_ / "internal.token");
    f << token << "\n";
  }
  start_api(options(prov.url(), {"--internal-token-file", (dir_ / "internal.token").string()}));
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (get("/api/ready")->status != 200 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_EQ(get("/api/ready")->status, 200);
  ASSERT_EQ(create_store("wake-shop")->status, 202);
  while (prov.wakes == 0 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  EXPECT_GE(prov.wakes.load(), 1);
  ASSERT_FALSE(prov.last_event_ids().empty());
  EXPECT_EQ(prov.last_event_ids().front(), "0");
  for (const auto& auth : prov.authorizations()) EXPECT_EQ(auth, "Bearer " + token);
  std::ifstream in(log_file_);
  std::stringstream log;
  log << in.rdbuf();
  EXPECT_EQ(log.str().find(token), std::string::npos) << "the internal token leaked into the log";
  // SIGTERM while the provisioner stream is open: the link thread is interrupted, exit is clean and quick.
  const auto t0 = std::chrono::steady_clock::now();
  EXPECT_EQ(api().stop(SIGTERM), 0);
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(3));
}

TEST_F(RestTest, BodyLimitAndContentTypes) {
  start_api();
  const auto before = snapshot();
  auto big = post_json("/api/stores", R"({"storeName":")" + std::string(70 * 1024, 'a') + R"(","engine":"medusa"})");
  ASSERT_TRUE(big);
  EXPECT_EQ(big->status, 413);
  EXPECT_EQ(json(big).at("error").at("code").as_string(), "payload_too_large");
  auto c = api().client();
  EXPECT_EQ(c.Post("/api/stores", R"({"storeName":"ct-shop","engine":"medusa"})", "text/plain")->status, 415);
  EXPECT_EQ(snapshot(), before);
}

TEST_F(RestTest, PrometheusMetrics) {
  start_api();
  ASSERT_EQ(create_store("prom-shop")->status, 202);
  auto r = get("/metrics");
  ASSERT_EQ(r->status, 200);
  EXPECT_NE(r->get_header_value("Content-Type").find("text/plain"), std::string::npos);
  for (auto needle : {R"(storefleet_api_http_requests_total{route="/api/stores",method="POST",status="202"} 1)",
                      "storefleet_api_http_request_duration_seconds_bucket{le=\"+Inf\"}", "storefleet_api_sse_clients 0",
                      "storefleet_api_queue_depth 1", R"(storefleet_api_stores{status="Queued"} 1)"})
    EXPECT_NE(r->body.find(needle), std::string::npos) << needle << "\n" << r->body;
}

TEST_F(RestTest, CorsAllowlist) {
  start_api(options("", {"--cors-origin", "http://localhost:5173"}));
  auto ok = get("/api/stores", {{"Origin", "http://localhost:5173"}});
  EXPECT_EQ(ok->get_header_value("Access-Control-Allow-Origin"), "http://localhost:5173");
  auto other = get("/api/stores", {{"Origin", "https://evil.example"}});
  EXPECT_FALSE(other->has_header("Access-Control-Allow-Origin"));
  auto pre = raw_exchange(api().port(),
                          "OPTIONS /api/stores HTTP/1.1\r\nHost: x\r\nOrigin: http://localhost:5173\r\n"
                          "Access-Control-Request-Method: POST\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(pre.status, 204);
  EXPECT_EQ(pre.headers["access-control-allow-origin"], "http://localhost:5173");
}

TEST_F(RestTest, DashboardStaticFiles) {
  auto dist = dir_ / "dist";
  std::filesystem::create_directories(dist / "assets");
  std::ofstream(dist / "index.html") << "<!doctype html><title>Storefleet</title>";
  std::ofstream(dist / "assets" / "index-AbCd1234.js") << "export{}";
  std::ofstream(dir_ / "outside.txt") << "outside-the-dashboard";
  start_api(options("", {}, dist));
  auto index = get("/");
  ASSERT_EQ(index->status, 200);
  EXPECT_EQ(index->get_header_value("Cache-Control"), "no-cache");
  EXPECT_NE(index->get_header_value("Content-Type").find("text/html"), std::string::npos);
  auto js = get("/assets/index-AbCd1234.js");
  EXPECT_EQ(js->get_header_value("Cache-Control"), "public, max-age=31536000, immutable");
  EXPECT_NE(js->get_header_value("Content-Type").find("javascript"), std::string::npos);
  EXPECT_EQ(get("/stores/some-shop")->body, index->body);  // SPA fallback
  EXPECT_EQ(get("/assets/nope-AbCd1234.js")->status, 404);
  for (auto target : {"/../outside.txt", "/assets/../../outside.txt", "/%2e%2e/outside.txt", "/..%2Foutside.txt",
                      "/assets%2F..%2F..%2Foutside.txt", "/%00", "/..\\outside.txt"}) {
    auto r = raw_exchange(api().port(), std::string("GET ") + target + " HTTP/1.1\r\nHost: x\r\n\r\n");
    EXPECT_GE(r.status, 400) << target;
    EXPECT_LT(r.status, 500) << target;
    EXPECT_EQ(r.body.find("outside-the-dashboard"), std::string::npos) << target;
  }
  auto head = raw_exchange(api().port(), "HEAD / HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(head.status, 200);
  EXPECT_TRUE(head.body.empty());
}

}  // namespace
}  // namespace storefleet::itest
