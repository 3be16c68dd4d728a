// GET /api/events against the real binary: order, gap filling from the event log, Last-Event-ID replay, API
// restarts, 2,000 concurrent clients, slow-client dropping, graceful shutdown.
#include <sys/resource.h>

#include "fake_provisioner.hpp"
#include "itest_fixture.hpp"
#include "raw_http.hpp"

namespace storefleet::itest {
namespace {

using namespace std::chrono_literals;
using EventsTest = ApiIntegration;

std::vector<std::int64_t> range(std::int64_t from, std::int64_t to) {
  std::vector<std::int64_t> v;
  for (auto i = from; i <= to; ++i) v.push_back(i);
  return v;
}

// Waits until the stream's response head (and the retry hint) arrived: the client is subscribed.
void wait_subscribed(SseStream& s) {
  const auto deadline = std::chrono::steady_clock::now() + 5s;
  while (s.text().find("retry:") == std::string::npos && std::chrono::steady_clock::now() < deadline) s.pump(50ms);
  ASSERT_NE(s.head().find(" 200 "), std::string::npos) << s.head();
  ASSERT_NE(s.head().find("text/event-stream"), std::string::npos);
}

std::int64_t metric(ApiProcess& api, const std::string& name) {
  auto r = api.client().Get("/metrics");
  if (!r) return -1;
  auto pos = r->body.find("\n" + name + " ");
  if (pos == std::string::npos) return -1;
  return std::stoll(r->body.substr(pos + name.size() + 2));
}

TEST_F(EventsTest, InOrderAndGapsInTheProvisionerStreamAreFilledFromTheLog) {
  FakeProvisioner prov;
  // A long poll interval: delivery below must come from the provisioner's stream, not the safety-net timer.
  start_api(options(prov.url(), {"--event-poll-ms", "60000"}));
  while (api().client().Get("/api/ready")->status != 200) std::this_thread::sleep_for(20ms);
  SseStream s(api().port(), "/api/events");
  wait_subscribed(s);
  std::int64_t last = 0;
  for (int i = 0; i < 20; ++i) last = append_event(i % 2 ? "odd-shop" : "even-shop");
  prov.announce(last);  // the stream only mentions id 20: ids 1..19 are a gap
  EXPECT_EQ(s.ids(20, 5s), range(1, 20));
  ASSERT_EQ(create_store("direct-shop")->status, 202);  // the API's own event goes straight to the hub
  EXPECT_EQ(s.ids(1, 5s), (std::vector<std::int64_t>{21}));
}

TEST_F(EventsTest, LastEventIdReplaysFromTheLogWithStoreFilter) {
  for (int i = 0; i < 10; ++i) append_event(i < 5 ? "a-shop" : "b-shop");
  start_api();
  SseStream resume(api().port(), "/api/events", 4);
  EXPECT_EQ(resume.ids(6, 5s), range(5, 10));
  SseStream filtered(api().port(), "/api/events?store=b-shop", 0);
  EXPECT_EQ(filtered.ids(5, 5s), range(6, 10));
  append_event("a-shop");  // id 11: published by the API's periodic catch-up; filtered out for b-shop
  append_event("b-shop");  // id 12
  EXPECT_EQ(resume.ids(2, 5s), (std::vector<std::int64_t>{11, 12}));
  EXPECT_EQ(filtered.ids(1, 5s), (std::vector<std::int64_t>{12}));
}

TEST_F(EventsTest, SurvivesAnApiRestartWithoutLoss) {
  start_api();
  auto first = std::make_unique<SseStream>(api().port(), "/api/events");
  wait_subscribed(*first);
  for (auto n : {"r-one", "r-two", "r-three"}) ASSERT_EQ(create_store(n)->status, 202);
  auto seen = first->ids(3, 5s);
  ASSERT_EQ(seen, range(1, 3));
  // SIGTERM: the stream ends with a retry hint and the process exits cleanly.
  EXPECT_EQ(api().stop(SIGTERM), 0);
  while (first->pump(100ms)) {
  }
  EXPECT_TRUE(first->closed());
  EXPECT_NE(first->text().rfind("retry: 2000"), std::string::npos);
  EXPECT_GT(first->text().rfind("retry: 2000"), first->text().find("id: 3"));
  // Events written while the API is down (by the provisioner, say) are not lost.
  for (int i = 0; i < 3; ++i) append_event("r-two");
  api().start();
  SseStream second(api().port(), "/api/events", seen.back());
  EXPECT_EQ(second.ids(3, 5s), range(4, 6));
  ASSERT_EQ(create_store("r-four")->status, 202);
  EXPECT_EQ(second.ids(1, 5s), (std::vector<std::int64_t>{7}));
}

TEST_F(EventsTest, HeartbeatCommentsKeepIdleStreamsAlive) {
  start_api(options("", {"--sse-heartbeat-ms", "100"}));
  SseStream s(api().port(), "/api/events");
  wait_subscribed(s);
  const auto deadline = std::chrono::steady_clock::now() + 3s;
  std::size_t beats = 0;
  while (std::chrono::steady_clock::now() < deadline && beats < 3) {
    s.pump(50ms);
    beats = 0;
    for (auto pos = s.text().find(": heartbeat\n\n"); pos != std::string::npos;
         pos = s.text().find(": heartbeat\n\n", pos + 1))
      ++beats;
  }
  EXPECT_GE(beats, 3u) << s.text();
  EXPECT_NE(s.head().find("Cache-Control: no-cache"), std::string::npos) << s.head();
}

TEST_F(EventsTest, TwoThousandClientsEachReceiveTheEvent) {
  rlimit lim{};
  getrlimit(RLIMIT_NOFILE, &lim);
  if (lim.rlim_cur < 4500 && lim.rlim_max >= 4500) {
    lim.rlim_cur = std::min<rlim_t>(lim.rlim_max, 8192);
    setrlimit(RLIMIT_NOFILE, &lim);  // inherited by the API process started below
  }
  if (lim.rlim_cur < 4500) GTEST_SKIP() << "needs 4500 file descriptors, have " << lim.rlim_cur;
  start_api();
  constexpr int kClients = 2000;
  std::vector<int> fds;
  const std::string req =
      "GET /api/events HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n" + ApiProcess::auth_header() + "\r\n";
  for (int i = 0; i < kClients; ++i) {
    int fd = connect_loopback(api().port());
    ASSERT_GE(fd, 0) << "connect " << i;
    ASSERT_TRUE(send_all(fd, req));
    fds.push_back(fd);
  }
  const auto deadline = std::chrono::steady_clock::now() + 30s;
  while (metric(api(), "storefleet_api_sse_clients") < kClients && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(100ms);
  ASSERT_EQ(metric(api(), "storefleet_api_sse_clients"), kClients);
  ASSERT_EQ(create_store("fanout-shop")->status, 202);
  std::vector<std::string> got(kClients);
  std::vector<pollfd> pfds;
  for (int fd : fds) pfds.push_back({fd, POLLIN, 0});
  int done = 0;
  std::vector<bool> finished(kClients, false);
  char buf[4096];
  while (done < kClients && std::chrono::steady_clock::now() < deadline) {
    if (::poll(pfds.data(), pfds.size(), 200) <= 0) continue;
    for (int i = 0; i < kClients; ++i) {
      if (finished[i] || !(pfds[i].revents & POLLIN)) continue;
      auto n = ::recv(pfds[i].fd, buf, sizeof buf, 0);
      if (n <= 0) {
        finished[i] = true;
        pfds[i].events = 0;
        continue;
      }
      got[i].append(buf, static_cast<std::size_t>(n));
      if (got[i].find("id: 1\nevent: store.status\n") != std::string::npos) {
        finished[i] = true;
        pfds[i].events = 0;
        ++done;
      }
    }
  }
  int received = 0;
  for (const auto& g : got) received += g.find("\"store\":\"fanout-shop\"") != std::string::npos;
  EXPECT_EQ(received, kClients);
  for (int fd : fds) ::close(fd);
}

TEST_F(EventsTest, SlowClientIsDroppedWhileOthersKeepUp) {
  start_api(options("", {"--sse-buffer-kib", "256", "--event-poll-ms", "20"}));
  SseStream fast(api().port(), "/api/events");
  wait_subscribed(fast);
  SseStream slow(api().port(), "/api/events", std::nullopt, /*rcvbuf=*/4096);  // never read below
  const std::string pad = R"({"pad":")" + std::string(4000, 'p') + R"("})";
  constexpr int kBatches = 200, kPerBatch = 10;
  std::vector<std::int64_t> fast_ids;
  for (int b = 0; b < kBatches; ++b) {
    db().write([&](db::Conn& c) {
      for (int i = 0; i < kPerBatch; ++i)
        db::EventLog::append(c, db::Event{0, "store.step", "slow-shop", "", "", pad, now_ms()});
    });
    const auto until = std::chrono::steady_clock::now() + 15ms;
    while (std::chrono::steady_clock::now() < until)
      while (auto m = fast.next(1ms)) fast_ids.push_back(std::stoll(*m->id));
  }
  auto rest = fast.ids(kBatches * kPerBatch - fast_ids.size(), 10s);
  fast_ids.insert(fast_ids.end(), rest.begin(), rest.end());
  EXPECT_EQ(fast_ids, range(1, kBatches * kPerBatch));
  EXPECT_GE(metric(api(), "storefleet_api_sse_dropped_total"), 1);
  // The slow client's connection was closed by the server: draining it ends in EOF, short of the last event.
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  while (slow.pump(100ms) && std::chrono::steady_clock::now() < deadline) {
  }
  EXPECT_TRUE(slow.closed());
  EXPECT_EQ(slow.text().find("id: " + std::to_string(kBatches * kPerBatch) + "\n"), std::string::npos);
}

}  // namespace
}  // namespace storefleet::itest
