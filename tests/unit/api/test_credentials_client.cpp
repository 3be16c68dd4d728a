// ProvisionerCalls against a real HTTP server on loopback: the internal token is sent and the answer returned;
// a hung provisioner costs each waiting call its deadline and nothing more (calls run side by side, not one at a
// time); an unreachable one is status 0 at once.
#include <gtest/gtest.h>
#include <httplib.h>

#include <atomic>
#include <chrono>
#include <future>
#include <thread>
#include <vector>

#include "storefleet/api/provisioner_calls.hpp"

namespace storefleet::test {
namespace {

using namespace std::chrono_literals;

class FakeProvisioner {
 public:
  FakeProvisioner() {
    server_.new_task_queue = [] { return new httplib::ThreadPool(16); };
    server_.Get(R"(/stores/([a-z0-9-]+)/credentials)", [this](const httplib::Request& req, httplib::Response& res) {
      last_auth_ = req.get_header_value("Authorization");
      ++received_;
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
  std::atomic<int> received_{0};

 private:
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
};

api::CredentialsReply fetch(api::ProvisionerCalls& calls, const std::string& store) {
  std::promise<api::CredentialsReply> p;
  auto f = p.get_future();
  calls.fetch_credentials(store, [&p](api::CredentialsReply r) { p.set_value(std::move(r)); });
  return f.get();
}

TEST(ProvisionerCalls, SendsTheInternalTokenAndReturnsTheAnswer) {
  FakeProvisioner prov;
  api::ProvisionerCalls calls(prov.url(), "internal-secret");
  auto r = fetch(calls, "a-shop");
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(r.body.find(R"("storeName":"a-shop")"), std::string::npos);
  EXPECT_EQ(prov.last_auth_, "Bearer internal-secret");
}

TEST(ProvisionerCalls, AHungProvisionerCostsEachCallItsDeadlineAndCallsRunSideBySide) {
  FakeProvisioner prov;
  prov.delay_ = 2000ms;  // longer than the deadline
  api::ProvisionerCalls calls(prov.url(), "", "", 400ms);
  const auto started = std::chrono::steady_clock::now();
  std::vector<std::promise<api::CredentialsReply>> answers(4);  // within httplib's listen backlog (5)
  for (std::size_t i = 0; i < answers.size(); ++i)
    calls.fetch_credentials("shop-" + std::to_string(i),
                            [&answers, i](api::CredentialsReply r) { answers[i].set_value(std::move(r)); });
  for (auto& a : answers) EXPECT_EQ(a.get_future().get().status, 0);
  const auto took = std::chrono::steady_clock::now() - started;
  EXPECT_GE(took, 350ms);    // each waited for its deadline...
  EXPECT_LT(took, 1200ms);   // ...at the same time, not one after another (4 × 400 ms)
  EXPECT_EQ(prov.received_.load(), 4);
}

TEST(ProvisionerCalls, UnreachableProvisionerIsStatusZero) {
  std::string url;
  {
    FakeProvisioner gone;
    url = gone.url();
  }
  api::ProvisionerCalls calls(url, "");
  EXPECT_EQ(fetch(calls, "a-shop").status, 0);
}

TEST(ProvisionerCalls, ShutdownDropsPendingCallsWithoutAnsweringThem) {
  FakeProvisioner prov;
  prov.delay_ = 1500ms;
  std::atomic<int> answered{0};
  auto owner = std::make_shared<int>(7);  // stands for the connection a pending call keeps alive
  std::weak_ptr<int> watch = owner;
  {
    api::ProvisionerCalls calls(prov.url(), "", "", 5000ms);
    calls.fetch_credentials("a-shop", [&answered, owner](api::CredentialsReply) { ++answered; });
    owner.reset();
    for (int i = 0; i < 200 && prov.received_ == 0; ++i) std::this_thread::sleep_for(10ms);
    ASSERT_EQ(prov.received_.load(), 1);  // the call is waiting on the provisioner
    calls.shutdown();
    EXPECT_TRUE(watch.expired());  // what the call held is released by shutdown, not later
  }
  EXPECT_EQ(answered.load(), 0);
}

TEST(ProvisionerCalls, RefusesAUrlItCannotUse) {
  EXPECT_THROW(api::ProvisionerCalls("ftp://127.0.0.1:1", ""), std::invalid_argument);
  EXPECT_THROW(api::ProvisionerCalls("not a url", ""), std::invalid_argument);
}

}  // namespace
}  // namespace storefleet::test
