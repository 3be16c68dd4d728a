// CoalescingTask: pokes during a run coalesce into one more run; with a rest ratio, the next run waits in
// proportion to how long the last one took.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>
#include <vector>

#include "storefleet/api/coalescing_task.hpp"

namespace storefleet::test {
namespace {

using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

bool wait_until(const std::function<bool()>& done, std::chrono::milliseconds limit = 5000ms) {
  for (const auto until = Clock::now() + limit; Clock::now() < until; std::this_thread::sleep_for(2ms))
    if (done()) return true;
  return done();
}

TEST(CoalescingTask, PokesDuringARunBecomeOneMoreRun) {
  std::atomic<int> runs{0};
  std::atomic<bool> release{false};
  api::CoalescingTask task([&] {
    ++runs;
    while (!release) std::this_thread::sleep_for(1ms);
  });
  task.start();
  task.poke();
  ASSERT_TRUE(wait_until([&] { return runs == 1; }));
  for (int i = 0; i < 50; ++i) task.poke();  // all while the first run is still going
  release = true;
  ASSERT_TRUE(wait_until([&] { return runs == 2; }));
  std::this_thread::sleep_for(50ms);
  EXPECT_EQ(runs, 2) << "fifty pokes during a run cost one more run";
}

TEST(CoalescingTask, AfterARunItRestsInProportionToTheRunsLength) {
  std::mutex m;
  std::vector<std::pair<Clock::time_point, Clock::time_point>> spans;  // (start, end) of each run
  api::CoalescingTask task(
      [&] {
        const auto began = Clock::now();
        std::this_thread::sleep_for(40ms);
        std::lock_guard lock(m);
        spans.emplace_back(began, Clock::now());
      },
      2.0);
  task.start();
  task.poke();
  ASSERT_TRUE(wait_until([&] {
    std::lock_guard lock(m);
    return !spans.empty();
  }));
  task.poke();  // during the rest: waits for it, does not start at once
  task.poke();
  ASSERT_TRUE(wait_until([&] {
    std::lock_guard lock(m);
    return spans.size() == 2;
  }));
  std::this_thread::sleep_for(150ms);
  std::lock_guard lock(m);
  ASSERT_EQ(spans.size(), 2u) << "the two pokes during the rest made one run";
  const auto took = spans[0].second - spans[0].first;
  const auto gap = spans[1].first - spans[0].second;
  EXPECT_GE(gap, took * 2 - 5ms) << "rested twice the run's length before the next one";
}

TEST(CoalescingTask, StopEndsARestAtOnce) {
  api::CoalescingTask task([] { std::this_thread::sleep_for(100ms); }, 100.0);  // a 10 s rest after each run
  task.start();
  task.poke();
  std::this_thread::sleep_for(150ms);  // the run is over, the rest has begun
  const auto began = Clock::now();
  task.stop();
  EXPECT_LT(Clock::now() - began, 1s);
}

}  // namespace
}  // namespace storefleet::test
