// A Kubernetes call gives up within its budget: a worker blocked on an API server that keeps failing must not act
// past its job lease (5 tries × 30 s used to be possible against a 30 s lease).
#include <gtest/gtest.h>
#include <httplib.h>

#include <atomic>
#include <thread>

#include "storefleet/provisioner/cancel_token.hpp"
#include "storefleet/provisioner/kube_client.hpp"

using namespace storefleet::provisioner;
using namespace std::chrono_literals;

namespace {

class FailingApiServer : public ::testing::Test {
 protected:
  void SetUp() override {
    server.Get(".*", [this](const httplib::Request&, httplib::Response& res) {
      ++requests;
      std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms.load()));
      res.status = 503;
      res.set_content(R"({"kind":"Status","code":503})", "application/json");
    });
    port = server.bind_to_any_port("127.0.0.1");
    thread = std::thread([this] { server.listen_after_bind(); });
    while (!server.is_running()) std::this_thread::sleep_for(1ms);
  }
  void TearDown() override {
    server.stop();
    thread.join();
  }
  ClusterConfig config() const {
    ClusterConfig c;
    c.server = "http://127.0.0.1:" + std::to_string(port);
    c.tls = false;
    c.host = "127.0.0.1";
    c.port = std::to_string(port);
    return c;
  }
  httplib::Server server;
  std::thread thread;
  int port = 0;
  std::atomic<int> requests{0};
  std::atomic<int> delay_ms{0};
};

TEST_F(FailingApiServer, RetriesStopWhenTheBudgetIsSpent) {
  RetryPolicy p;
  p.attempts = 50;
  p.base = 100ms;
  p.cap = 100ms;
  p.budget = 450ms;
  KubeClient kube(config(), p);
  const auto t0 = std::chrono::steady_clock::now();
  const auto res = kube.request("GET", "/api/v1/namespaces/x");
  const auto took = std::chrono::steady_clock::now() - t0;
  EXPECT_EQ(res.status, 503);
  EXPECT_LT(took, 600ms);
  EXPECT_GE(requests.load(), 3) << "it still retries inside the budget";
  EXPECT_LT(requests.load(), 50);
}

TEST_F(FailingApiServer, ASlowAnswerIsCutAtTheBudget) {
  delay_ms = 2000;  // each answer takes longer than the whole budget
  RetryPolicy p;
  p.budget = 300ms;
  KubeClient kube(config(), p);
  const auto t0 = std::chrono::steady_clock::now();
  const auto res = kube.request("GET", "/api/v1/namespaces/x", "", "", 30s);
  EXPECT_EQ(res.status, 0) << "no answer within the budget";
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 1s);
}

TEST_F(FailingApiServer, WithoutABudgetEveryTryIsMade) {
  RetryPolicy p;
  p.attempts = 4;
  p.base = 10ms;
  p.cap = 10ms;
  KubeClient kube(config(), p);
  EXPECT_EQ(kube.request("GET", "/api/v1/namespaces/x").status, 503);
  EXPECT_EQ(requests.load(), 4);
}

}  // namespace

// A job whose lease is lost stops calling the API server within ~100 ms, even in the middle of its retries.
TEST_F(FailingApiServer, ACancelledJobStopsRetryingAtOnce) {
  RetryPolicy p;
  p.attempts = 50;
  p.base = 1s;
  p.cap = 1s;
  KubeClient kube(config(), p);
  CancelToken token;
  std::thread lease_keeper([&] {
    std::this_thread::sleep_for(300ms);
    token.cancel();
  });
  CancelScope acting_for(&token);
  const auto t0 = std::chrono::steady_clock::now();
  const auto res = kube.request("GET", "/api/v1/namespaces/x");
  const auto took = std::chrono::steady_clock::now() - t0;
  lease_keeper.join();
  EXPECT_EQ(res.status, 0);
  EXPECT_NE(res.error.find("cancelled"), std::string::npos) << res.error;
  EXPECT_LT(took, 700ms);
  EXPECT_EQ(requests.load(), 1) << "no try after the cancel";
  EXPECT_EQ(kube.request("GET", "/api/v1/namespaces/x").status, 0) << "a cancelled scope makes no call at all";
  EXPECT_EQ(requests.load(), 1);
}
