// CredentialsClient against a real HTTP server on loopback: the internal token is sent, a slow provisioner
// holds at most one API thread (a second concurrent read is refused at once), an unreachable one is status 0.
#include <gtest/gtest.h>
#include <httplib.h>

#include <atomic>
#include <chrono>
#include <future>
#include <thread>

#include "storefleet/api/provisioner_link.hpp"
#include "storefleet/api/store_api.hpp"

namespace storefleet::test {
namespace {

using namespace std::chrono_literals;

class FakeProvisioner {
 public:
  FakeProvisioner() {
    server_.Get(R"(/stores/([a-z0-9-]+)/credentials)", [this](const httplib::Request& req, httplib::Response& res) {
      last_auth_ = req.get_header_value("Authorization");
      received_ = true;
      std::this_thread::sleep_for(delay_.load());
      res.set_content(R"({"storeName":")" + std::string(req.matches[1]) + R"(","username":"admin","password":"pw"})",
                      "application/json");
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ~FakeProvisioner() {
    server_.stop();
    thread_.join();
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  std::string last_auth_;
  std::atomic<std::chrono::milliseconds> delay_{std::chrono::milliseconds(0)};
  std::atomic<bool> received_{false};

 private:
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
};

TEST(CredentialsClient, SendsTheInternalTokenAndReturnsTheAnswer) {
  FakeProvisioner prov;
  api::CredentialsClient client(prov.url(), "internal-secret");
  auto r = client.fetch("a-shop");
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(r.body.find(R"("storeName":"a-shop")"), std::string::npos);
  EXPECT_EQ(prov.last_auth_, "Bearer internal-secret");
}

TEST(CredentialsClient, ASecondConcurrentReadIsRefusedAtOnce) {
  FakeProvisioner prov;
  prov.delay_ = 800ms;
  api::CredentialsClient client(prov.url(), "");
  auto slow = std::async(std::launch::async, [&] { return client.fetch("a-shop"); });
  for (int i = 0; i < 500 && !prov.received_; ++i) std::this_thread::sleep_for(10ms);
  ASSERT_TRUE(prov.received_);  // the first read is now waiting on the provisioner
  const auto started = std::chrono::steady_clock::now();
  auto second = client.fetch("b-shop");
  EXPECT_EQ(second.status, api::kCredentialsBusy);
  EXPECT_LT(std::chrono::steady_clock::now() - started, 300ms);  // refused at once, not after the slow one
  EXPECT_EQ(slow.get().status, 200);
  prov.delay_ = 0ms;
  EXPECT_EQ(client.fetch("b-shop").status, 200);  // the slot is free again
}

TEST(CredentialsClient, UnreachableProvisionerIsStatusZero) {
  std::string url;
  {
    FakeProvisioner gone;
    url = gone.url();
  }
  api::CredentialsClient client(url, "");
  EXPECT_EQ(client.fetch("a-shop").status, 0);
}

}  // namespace
}  // namespace storefleet::test
