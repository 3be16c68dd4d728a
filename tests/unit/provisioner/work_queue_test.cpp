// The reconciler's work queue: client-go workqueue semantics, tested with real threads and a real clock.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "storefleet/provisioner/work_queue.hpp"

using namespace storefleet::provisioner;
using namespace std::chrono_literals;

namespace {

std::optional<std::string> get_soon(WorkQueue& q, std::chrono::milliseconds within = 20ms) {
  return q.get_until(WorkQueue::Clock::now() + within);
}

TEST(WorkQueue, AddsOfAWaitingKeyAreOneEntryInFirstAddOrder) {
  WorkQueue q;
  for (const char* k : {"b", "a", "b", "c", "a"}) q.add(k);
  EXPECT_EQ(q.stats().depth, 3u);
  EXPECT_EQ(q.stats().adds, 3u);
  EXPECT_EQ(get_soon(q), "b");
  EXPECT_EQ(get_soon(q), "a");
  EXPECT_EQ(get_soon(q), "c");
  EXPECT_EQ(get_soon(q), std::nullopt);
}

TEST(WorkQueue, AKeyBeingProcessedIsNotHandedOutAgainUntilDone) {
  WorkQueue q;
  q.add("shop");
  ASSERT_EQ(get_soon(q), "shop");
  q.add("shop");  // a watch event while it is processed
  q.add("shop");
  EXPECT_EQ(get_soon(q), std::nullopt) << "a second worker must not get the key";
  q.done("shop");
  EXPECT_EQ(get_soon(q), "shop") << "the adds made while processing run once more, once";
  q.done("shop");
  EXPECT_EQ(get_soon(q), std::nullopt);
}

TEST(WorkQueue, DoneWithoutReAddForgetsTheKey) {
  WorkQueue q;
  q.add("shop");
  ASSERT_EQ(get_soon(q), "shop");
  q.done("shop");
  EXPECT_EQ(get_soon(q), std::nullopt);
  EXPECT_EQ(q.stats().depth, 0u);
}

TEST(WorkQueue, NoKeyIsEverProcessedByTwoThreadsAtOnce) {
  WorkQueue q;
  std::atomic<int> inside[4]{};
  std::atomic<bool> overlap{false};
  std::atomic<int> processed{0};
  std::vector<std::thread> workers;
  for (int w = 0; w < 4; ++w)
    workers.emplace_back([&] {
      while (auto k = q.get()) {
        const int i = (*k)[0] - 'a';
        if (inside[i].fetch_add(1) != 0) overlap = true;
        std::this_thread::sleep_for(100us);
        inside[i].fetch_sub(1);
        ++processed;
        q.done(*k);
      }
    });
  for (int n = 0; n < 2000; ++n) q.add(std::string(1, static_cast<char>('a' + n % 4)));
  for (auto st = q.stats(); st.depth > 0 || st.processing > 0; st = q.stats()) std::this_thread::sleep_for(1ms);
  q.shut_down();
  for (auto& t : workers) t.join();
  EXPECT_FALSE(overlap.load());
  EXPECT_GE(processed.load(), 4);
  EXPECT_LT(processed.load(), 2000) << "adds of a waiting key must coalesce";
}

TEST(WorkQueue, AddAfterWaitsAndKeepsTheEarliestDelayOfAKey) {
  WorkQueue q;
  q.add_after("late", 150ms);
  q.add_after("late", 30ms);   // sooner: replaces
  q.add_after("late", 500ms);  // later: ignored
  EXPECT_EQ(get_soon(q, 10ms), std::nullopt);
  const auto t0 = WorkQueue::Clock::now();
  EXPECT_EQ(get_soon(q, 1s), "late");
  EXPECT_LT(WorkQueue::Clock::now() - t0, 120ms);
  q.done("late");
  EXPECT_EQ(get_soon(q, 600ms), std::nullopt) << "the replaced and ignored delays must not fire later";
}

TEST(WorkQueue, RateLimitedRetriesBackOffExponentiallyUntilForgotten) {
  WorkQueue q(20ms, 80ms);
  std::vector<std::chrono::milliseconds> waits;
  for (int i = 0; i < 4; ++i) {
    q.add_rate_limited("flaky");
    const auto t0 = WorkQueue::Clock::now();
    ASSERT_EQ(get_soon(q, 1s), "flaky");
    waits.push_back(std::chrono::duration_cast<std::chrono::milliseconds>(WorkQueue::Clock::now() - t0));
    q.done("flaky");
  }
  EXPECT_GE(waits[0], 20ms);
  EXPECT_GE(waits[1], 40ms);
  EXPECT_GE(waits[2], 80ms);
  EXPECT_GE(waits[3], 80ms);  // capped
  EXPECT_LT(waits[3], 160ms);
  EXPECT_EQ(q.failures("flaky"), 4);
  EXPECT_EQ(q.stats().retries, 4u);
  q.forget("flaky");
  EXPECT_EQ(q.failures("flaky"), 0);
  q.add_rate_limited("flaky");
  const auto t0 = WorkQueue::Clock::now();
  ASSERT_EQ(get_soon(q, 1s), "flaky");
  EXPECT_LT(WorkQueue::Clock::now() - t0, 60ms) << "after forget() the backoff starts over";
}

TEST(WorkQueue, ShutDownWakesBlockedWorkers) {
  WorkQueue q;
  std::optional<std::string> got = "not yet";
  std::thread t([&] { got = q.get(); });
  std::this_thread::sleep_for(20ms);
  q.shut_down();
  t.join();
  EXPECT_EQ(got, std::nullopt);
  q.add("x");
  EXPECT_EQ(q.stats().depth, 0u);
}

TEST(WorkQueue, LongestRunningProcessorIsReported) {
  WorkQueue q;
  q.add("slow");
  ASSERT_EQ(get_soon(q), "slow");
  std::this_thread::sleep_for(30ms);
  EXPECT_GE(q.stats().longest_running_seconds, 0.025);
  q.done("slow");
  EXPECT_EQ(q.stats().longest_running_seconds, 0);
}

}  // namespace
