// The provisioner's HTTP server over loopback with a stub credentials handler: who gets an answer (token /
// no token), the headers of the answer, that a slow cluster read does not stall the other endpoints, and the
// event stream (replay after Last-Event-ID, then live on notify()).
#include <gtest/gtest.h>
#include <httplib.h>

#include <atomic>
#include <chrono>
#include <future>
#include <mutex>
#include <thread>

#include "storefleet/db/events.hpp"
#include "storefleet/provisioner/http_server.hpp"
#include "temp_dir.hpp"

using namespace storefleet;
using namespace storefleet::provisioner;

namespace {

struct Server {
  test::TempDir dir;
  db::Database db{dir.file("p.db")};
  std::atomic<int> reads{0};
  std::chrono::milliseconds delay{0};
  std::unique_ptr<HttpServer> server;
  unsigned short port = 0;

  explicit Server(std::string token, std::chrono::milliseconds read_delay = {}) : delay(read_delay) {
    HttpHandlers h;
    h.metrics = [] { return std::string("# metrics\n"); };
    h.health_json = [] { return std::string(R"({"status":"ok"})"); };
    h.wake = [] {};
    h.credentials = [this](const std::string& store) {
      ++reads;
      std::this_thread::sleep_for(delay);
      return credentials_reply(store, [](const std::string& s) -> std::optional<StoreCredentials> {
        if (s != "shop") return std::nullopt;
        return StoreCredentials{"admin", "Pw-0123456789", "admin@shop.local", ""};
      });
    };
    server = std::make_unique<HttpServer>(db, h, std::move(token));
    port = server->start("127.0.0.1", 0);
  }
  httplib::Client client() const {
    httplib::Client c("127.0.0.1", port);
    c.set_read_timeout(5, 0);
    return c;
  }
};

}  // namespace

TEST(CredentialsServer, WithTokenEveryCallerNeedsIt) {
  Server s("internal-token-0123456789");
  auto c = s.client();
  auto none = c.Get("/stores/shop/credentials");
  ASSERT_TRUE(none);
  EXPECT_EQ(none->status, 401);  // loopback is not enough once a token is configured
  EXPECT_EQ(none->get_header_value("WWW-Authenticate"), "Bearer");
  EXPECT_EQ(none->body.find("Pw-0123456789"), std::string::npos);
  auto wrong = c.Get("/stores/shop/credentials", {{"Authorization", "Bearer internal-token-012345678"}});
  ASSERT_TRUE(wrong);
  EXPECT_EQ(wrong->status, 401);
  EXPECT_EQ(s.reads, 0);  // refused before the cluster is asked

  const httplib::Headers auth{{"Authorization", "Bearer internal-token-0123456789"}};
  auto ok = c.Get("/stores/shop/credentials", auth);
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200);
  EXPECT_EQ(ok->get_header_value("Cache-Control"), "no-store");
  EXPECT_EQ(ok->get_header_value("Content-Type"), "application/json");
  EXPECT_NE(ok->body.find(R"("password":"Pw-0123456789")"), std::string::npos);

  auto missing = c.Get("/stores/other/credentials", auth);
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);
  EXPECT_EQ(missing->get_header_value("Cache-Control"), "no-store");
  auto bad = c.Get("/stores/Bad_Name/credentials", auth);
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 400);
  auto post = c.Post("/stores/shop/credentials", auth, "", "application/json");
  ASSERT_TRUE(post);
  EXPECT_EQ(post->status, 405);

  // Every internal endpoint wants the token too, loopback callers included; /healthz alone is public and bare.
  for (const auto& [method, path] : std::vector<std::pair<std::string, std::string>>{
           {"POST", "/wake"}, {"GET", "/metrics"}, {"GET", "/events"}}) {
    auto without = method == "POST" ? c.Post(path) : c.Get(path);
    ASSERT_TRUE(without) << path;
    EXPECT_EQ(without->status, 401) << path;
  }
  auto wake = c.Post("/wake", auth, "", "text/plain");
  ASSERT_TRUE(wake);
  EXPECT_EQ(wake->status, 200);
  auto health = c.Get("/healthz");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
  EXPECT_EQ(health->body, R"({"status":"ok"})");
}

TEST(CredentialsServer, WithoutATokenNothingButHealthIsAnswered) {
  Server s("");
  auto c = s.client();
  auto creds = c.Get("/stores/shop/credentials");
  ASSERT_TRUE(creds);
  EXPECT_EQ(creds->status, 403);
  auto wake = c.Post("/wake");
  ASSERT_TRUE(wake);
  EXPECT_EQ(wake->status, 403);
  EXPECT_EQ(s.reads, 0);
}

TEST(CredentialsServer, AForeignHostIsRefused) {  // a browser DNS-rebound onto 127.0.0.1
  Server s("internal-token-0123456789");
  auto c = s.client();
  auto r = c.Get("/healthz", {{"Host", "evil.example:" + std::to_string(s.port)}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 403);
  auto ok = c.Get("/healthz", {{"Host", "localhost:" + std::to_string(s.port)}});
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200);
}

TEST(CredentialsServer, SlowClusterReadDoesNotStallOtherRequests) {
  Server s("internal-token-0123456789", std::chrono::milliseconds(1500));
  auto slow = std::async(std::launch::async, [&] {
    auto c = s.client();
    auto r = c.Get("/stores/shop/credentials", {{"Authorization", "Bearer internal-token-0123456789"}});
    return r ? r->status : 0;
  });
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (s.reads == 0 && std::chrono::steady_clock::now() < give_up) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  ASSERT_EQ(s.reads, 1);
  const auto t0 = std::chrono::steady_clock::now();
  auto c = s.client();
  auto health = c.Get("/healthz");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::milliseconds(1000));
  EXPECT_EQ(slow.get(), 200);
}

namespace {
std::int64_t append_event(db::Database& d, const std::string& reason) {
  return d.write([&](db::Conn& c) {
    db::Event e;
    e.type = "store.status";
    e.store = "shop";
    e.status = "Installing";
    e.reason = reason;
    e.at = 1;
    e.data_json = "{}";
    return db::EventLog::append(c, e);
  });
}
}  // namespace

TEST(CredentialsServer, EventStreamReplaysAfterLastEventIdThenFollowsNotify) {
  Server s("internal-token-0123456789");
  const auto first = append_event(s.db, "one");
  append_event(s.db, "two");
  append_event(s.db, "three");
  std::mutex m;
  std::string received;
  std::atomic<bool> stop{false};
  auto reader = std::async(std::launch::async, [&] {
    auto c = s.client();
    c.Get("/events",
          {{"Authorization", "Bearer internal-token-0123456789"}, {"Last-Event-ID", std::to_string(first)}},
          [&](const char* data, size_t n) {
            std::lock_guard lock(m);
            received.append(data, n);
            return !stop.load();
          });
  });
  auto wait_for = [&](const std::string& text) {
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (std::chrono::steady_clock::now() < give_up) {
      {
        std::lock_guard lock(m);
        if (received.find(text) != std::string::npos) return true;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return false;
  };
  ASSERT_TRUE(wait_for("\"reason\":\"three\""));  // the replay: the events after Last-Event-ID...
  {
    std::lock_guard lock(m);
    EXPECT_EQ(received.find("\"reason\":\"one\""), std::string::npos);  // ...and not the one it names
    EXPECT_NE(received.find("retry: 2000"), std::string::npos);
    EXPECT_LT(received.find("\"reason\":\"two\""), received.find("\"reason\":\"three\""));
  }
  const auto t0 = std::chrono::steady_clock::now();
  append_event(s.db, "four");
  s.server->notify();
  ASSERT_TRUE(wait_for("\"reason\":\"four\""));  // followed live
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::milliseconds(450));  // notify, not the 500 ms recheck
  stop = true;
  append_event(s.db, "five");  // gives the reader a chunk to notice it should stop on
  s.server->notify();
  reader.wait();
}
