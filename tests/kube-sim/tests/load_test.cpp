// Load: 1,000 namespaces x 10 ConfigMaps created over HTTPS by a few clients while 100 cluster-wide watchers
// stream; every watcher must see every ADDED event exactly once, in resourceVersion order.
#include "src/server.hpp"

#include <boost/json.hpp>
#include <httplib.h>

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <thread>

namespace {
constexpr int kNamespaces = 1000;
constexpr int kPerNamespace = 10;
constexpr int kWatchers = 100;
constexpr int kCreators = 4;

std::unique_ptr<httplib::SSLClient> client(int port, const std::string& token) {
  auto c = std::make_unique<httplib::SSLClient>("127.0.0.1", port);
  c->enable_server_certificate_verification(false);  // TLS verification is covered by the helm/kubectl tests
  c->set_bearer_token_auth(token);
  c->set_keep_alive(true);
  c->set_tcp_nodelay(true);
  c->set_read_timeout(120);
  return c;
}

struct WatchResult {
  long added = 0;
  long out_of_order = 0;
  bool ended_early = false;
};
}  // namespace

TEST(KubeSimLoad, ThousandNamespacesHundredWatchersNoEventLost) {
  auto dir = std::filesystem::temp_directory_path() / ("kube-sim-load-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  kubesim::Options opts;
  opts.kubeconfig_out = (dir / "kubeconfig").string();
  opts.threads = 256;
  kubesim::KubeSim sim(opts);
  sim.start();
  const int port = sim.port();
  const std::string token = sim.token();
  auto start = std::chrono::steady_clock::now();

  auto setup = client(port, token);
  auto list = setup->Get("/api/v1/configmaps");
  ASSERT_TRUE(list);
  ASSERT_EQ(list->status, 200);
  auto rv0 = boost::json::parse(list->body).at("metadata").at("resourceVersion").as_string();

  const long expected = static_cast<long>(kNamespaces) * kPerNamespace;
  std::vector<WatchResult> results(kWatchers);
  std::atomic<int> watching{0};
  std::vector<std::thread> watchers;
  for (int w = 0; w < kWatchers; ++w) {
    watchers.emplace_back([&, w] {
      auto c = client(port, token);
      std::string buf;
      unsigned long long last_rv = 0;
      auto& r = results[static_cast<std::size_t>(w)];
      bool counted = false;
      auto res = c->Get(
          "/api/v1/configmaps?watch=true&timeoutSeconds=90&resourceVersion=" + std::string(rv0),
          [&](const httplib::Response&) {
            if (!counted) watching++, counted = true;
            return true;
          },
          [&](const char* data, std::size_t len) {
            buf.append(data, len);
            std::size_t pos;
            while ((pos = buf.find('\n')) != std::string::npos) {
              std::string_view line(buf.data(), pos);
              if (line.starts_with("{\"type\":\"ADDED\"")) {
                ++r.added;
                auto k = line.find("\"resourceVersion\":\"");
                auto rv = std::strtoull(line.data() + k + 19, nullptr, 10);
                if (rv <= last_rv) ++r.out_of_order;
                last_rv = rv;
              }
              buf.erase(0, pos + 1);
            }
            return r.added < expected;  // stop once everything arrived
          });
      r.ended_early = r.added < expected;
      (void)res;
    });
  }
  while (watching < kWatchers && std::chrono::steady_clock::now() - start < std::chrono::seconds(20))
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  ASSERT_EQ(watching.load(), kWatchers);

  std::atomic<int> failures{0};
  std::vector<std::thread> creators;
  for (int t = 0; t < kCreators; ++t) {
    creators.emplace_back([&, t] {
      auto c = client(port, token);
      for (int n = t; n < kNamespaces; n += kCreators) {
        auto ns = "load-" + std::to_string(n);
        auto r = c->Post("/api/v1/namespaces", R"({"apiVersion":"v1","kind":"Namespace","metadata":{"name":")" + ns + "\"}}",
                         "application/json");
        if (!r || r->status != 201) ++failures;
        for (int i = 0; i < kPerNamespace; ++i) {
          auto body = R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cm-)" + std::to_string(i) +
                      R"(","labels":{"storefleet.io/store":")" + ns + R"("}},"data":{"i":")" + std::to_string(i) + "\"}}";
          auto cr = c->Post("/api/v1/namespaces/" + ns + "/configmaps", body, "application/json");
          if (!cr || cr->status != 201) ++failures;
        }
      }
    });
  }
  for (auto& t : creators) t.join();
  EXPECT_EQ(failures.load(), 0);
  for (auto& t : watchers) t.join();
  for (int w = 0; w < kWatchers; ++w) {
    EXPECT_EQ(results[static_cast<std::size_t>(w)].added, expected) << "watcher " << w;
    EXPECT_EQ(results[static_cast<std::size_t>(w)].out_of_order, 0) << "watcher " << w;
  }
  // A label-selected cluster-wide list sees one namespace's objects.
  auto sel = client(port, token)->Get("/api/v1/configmaps?labelSelector=storefleet.io%2Fstore%3Dload-7");
  ASSERT_TRUE(sel);
  EXPECT_EQ(boost::json::parse(sel->body).at("items").as_array().size(), static_cast<std::size_t>(kPerNamespace));
  auto elapsed = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - start);
  std::printf("load: %ld objects, %d watchers, %lld s\n", expected, kWatchers, static_cast<long long>(elapsed.count()));
  sim.stop();
  std::filesystem::remove_all(dir);
}
