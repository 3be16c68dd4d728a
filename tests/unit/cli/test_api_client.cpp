// ApiClient against a real HTTP server on loopback: the bearer token and Idempotency-Key it sends, re-sending a
// write that timed out with the same key (and never one without a key), and 401/429 mapped to exit codes.
#include <gtest/gtest.h>
#include <httplib.h>

#include <atomic>
#include <mutex>
#include <thread>
#include <vector>

#include "storefleet/cli/api_client.hpp"
#include "storefleet/cli/exit_codes.hpp"

using namespace storefleet::cli;
using namespace std::chrono_literals;

namespace {

class FakeApi : public ::testing::Test {
 protected:
  void SetUp() override {
    port_ = server_.bind_to_any_port("127.0.0.1");
    ASSERT_GT(port_, 0);
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    // bind_to_any_port already listens: connections queue until the accept loop runs.
  }
  void TearDown() override {
    server_.stop();
    thread_.join();
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  // Records the headers of every request to `path`.
  void record(const httplib::Request& r) {
    std::lock_guard lock(m_);
    auths_.push_back(r.get_header_value("Authorization"));
    keys_.push_back(r.get_header_value("Idempotency-Key"));
  }
  std::vector<std::string> keys() {
    std::lock_guard lock(m_);
    return keys_;
  }
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
  std::mutex m_;
  std::vector<std::string> auths_, keys_;
};

// Plain tests: a generous read timeout, so a loaded machine never turns an answer into a re-send.
ClientSettings quick() {
  ClientSettings s;
  s.read_timeout = 5000ms;
  s.retry_backoff = 10ms;
  s.max_retry_after_s = -1;  // a 429 is final (the test below turns waiting on)
  return s;
}

// Timeout tests: the first answer (kSlowAnswer) comes after the client gave up waiting for it.
constexpr auto kSlowAnswer = 1500ms;
ClientSettings impatient() {
  auto s = quick();
  s.read_timeout = 500ms;
  return s;
}

}  // namespace

TEST_F(FakeApi, SendsBearerTokenAndIdempotencyKey) {
  server_.Post("/api/stores", [&](const httplib::Request& r, httplib::Response& res) {
    record(r);
    res.status = 202;
    res.set_content(R"({"status":"Queued"})", "application/json");
  });
  ApiClient api(url(), "sf_secret", quick());
  auto v = api.post("/api/stores", {{"storeName", "a"}}, "key-1");
  EXPECT_EQ(v.as_object().at("status").as_string(), "Queued");
  std::lock_guard lock(m_);
  ASSERT_EQ(auths_.size(), 1u);
  EXPECT_EQ(auths_[0], "Bearer sf_secret");
  EXPECT_EQ(keys_[0], "key-1");
}

TEST_F(FakeApi, NoTokenSendsNoAuthorizationHeader) {
  server_.Get("/api/stores", [&](const httplib::Request& r, httplib::Response& res) {
    record(r);
    res.set_content(R"({"stores":[]})", "application/json");
  });
  ApiClient api(url(), "", quick());
  api.get("/api/stores");
  std::lock_guard lock(m_);
  ASSERT_EQ(auths_.size(), 1u);
  EXPECT_EQ(auths_[0], "");
}

TEST_F(FakeApi, WriteThatTimedOutIsResentWithTheSameKey) {
  std::atomic<int> calls{0};
  server_.Delete("/api/stores/a", [&](const httplib::Request& r, httplib::Response& res) {
    record(r);
    if (calls++ == 0) std::this_thread::sleep_for(kSlowAnswer);
    res.status = 202;
    res.set_content(R"({"status":"Deleting"})", "application/json");
  });
  ApiClient api(url(), "t", impatient());
  auto v = api.del("/api/stores/a", "key-2");
  EXPECT_EQ(v.as_object().at("status").as_string(), "Deleting");
  const auto k = keys();
  ASSERT_GE(k.size(), 2u);  // a third only if the machine was too loaded to answer the second in time
  for (const auto& key : k) EXPECT_EQ(key, "key-2");
}

TEST_F(FakeApi, WriteWithoutKeyIsNeverResent) {
  std::atomic<int> calls{0};
  server_.Post("/api/tokens", [&](const httplib::Request& r, httplib::Response& res) {
    record(r);
    calls++;
    std::this_thread::sleep_for(kSlowAnswer);
    res.status = 201;
  });
  ApiClient api(url(), "t", impatient());
  try {
    api.post("/api/tokens", {{"name", "x"}});
    FAIL() << "a timed-out request must fail";
  } catch (const ApiError& e) {
    EXPECT_EQ(e.exit_code, kUnavailable);
  }
  std::this_thread::sleep_for(1000ms);  // a re-sent request (after a 10 ms backoff) would have arrived by now
  EXPECT_EQ(calls.load(), 1);
}

TEST_F(FakeApi, RateLimitAndUnauthorizedMapToExitCodes) {
  server_.Get("/api/stores", [&](const httplib::Request&, httplib::Response& res) {
    res.status = 429;
    res.set_header("Retry-After", "3");
    res.set_content(R"({"error":{"code":"rate_limited","message":"too many requests"}})", "application/json");
  });
  server_.Get("/api/tokens", [&](const httplib::Request&, httplib::Response& res) {
    res.status = 401;
    res.set_content(R"({"error":{"code":"unauthorized","message":"authentication required"}})", "application/json");
  });
  ApiClient api(url(), "", quick());
  try {
    api.get("/api/stores");
    FAIL();
  } catch (const ApiError& e) {
    EXPECT_EQ(e.exit_code, kRateLimited);
    EXPECT_EQ(e.retry_after_s, 3);
  }
  try {
    api.get("/api/tokens");
    FAIL();
  } catch (const ApiError& e) {
    EXPECT_EQ(e.exit_code, kUnauthorized);
    EXPECT_NE(std::string(e.what()).find("STOREFLEET_TOKEN"), std::string::npos);
  }
}

TEST_F(FakeApi, AShortRetryAfterIsWaitedOutOnlyForRepeatableRequests) {
  std::atomic<int> gets{0}, posts{0};
  server_.Get("/api/stores", [&](const httplib::Request&, httplib::Response& res) {
    if (gets++ == 0) {
      res.status = 429;
      res.set_header("Retry-After", "1");
      return;
    }
    res.set_content(R"({"stores":[]})", "application/json");
  });
  server_.Post("/api/stores", [&](const httplib::Request&, httplib::Response& res) {
    ++posts;
    res.status = 429;
    res.set_header("Retry-After", "1");
  });
  auto settings = quick();
  settings.max_retry_after_s = 5;
  std::vector<std::string> notices;
  settings.notice = [&](const std::string& n) { notices.push_back(n); };
  ApiClient api(url(), "", settings);
  const auto t0 = std::chrono::steady_clock::now();
  EXPECT_TRUE(api.get("/api/stores").as_object().at("stores").as_array().empty());
  EXPECT_GE(std::chrono::steady_clock::now() - t0, 900ms);  // it did wait for the Retry-After
  EXPECT_EQ(gets.load(), 2);
  ASSERT_EQ(notices.size(), 1u);
  EXPECT_NE(notices[0].find("retrying GET /api/stores in 1s"), std::string::npos) << notices[0];
  try {
    api.post("/api/stores", {{"storeName", "x"}});  // no Idempotency-Key: never sent twice
    FAIL();
  } catch (const ApiError& e) {
    EXPECT_EQ(e.exit_code, kRateLimited);
  }
  EXPECT_EQ(posts.load(), 1);
}

TEST_F(FakeApi, RefusedEventStreamReportsTheStatus) {
  server_.Get("/api/events", [&](const httplib::Request&, httplib::Response& res) { res.status = 401; });
  ApiClient api(url(), "bad", quick());
  try {
    api.follow("/api/events", "", [] {}, [](const ServerEvent&) { return true; });
    FAIL();
  } catch (const ApiError& e) {
    EXPECT_EQ(e.exit_code, kUnauthorized);
    EXPECT_NE(std::string(e.what()).find("refused"), std::string::npos) << e.what();
  }
}
