// The helm pool runs at most `size` tasks at once, in the order they were submitted, and reports queue waits.
#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <thread>

#include "storefleet/provisioner/helm_pool.hpp"

using namespace storefleet::provisioner;
using namespace std::chrono_literals;

TEST(HelmPool, RunsAtMostItsSizeAtOnceInSubmissionOrder) {
  std::atomic<int> running{0}, most{0}, done{0};
  std::mutex m;
  std::vector<int> started;
  std::atomic<int> waits{0};
  HelmPool pool(2, [&](double) { ++waits; });
  pool.start();
  for (int i = 0; i < 8; ++i) {
    pool.submit([&, i] {
      {
        std::lock_guard lock(m);
        started.push_back(i);
      }
      const int now = ++running;
      for (int seen = most.load(); now > seen && !most.compare_exchange_weak(seen, now);) {
      }
      std::this_thread::sleep_for(30ms);
      --running;
      ++done;
    });
  }
  for (int i = 0; i < 200 && done < 8; ++i) std::this_thread::sleep_for(10ms);
  pool.stop();
  EXPECT_EQ(done.load(), 8);
  EXPECT_EQ(most.load(), 2);
  EXPECT_EQ(waits.load(), 8);
  // FIFO: a task never starts before one submitted earlier has started.
  ASSERT_EQ(started.size(), 8u);
  for (std::size_t i = 2; i < started.size(); ++i) EXPECT_LT(started[i - 2], started[i]);
}

TEST(HelmPool, StoppingDropsTasksNotYetStarted) {
  std::atomic<int> ran{0};
  HelmPool pool(1);
  pool.start();
  pool.submit([&] {
    std::this_thread::sleep_for(100ms);
    ++ran;
  });
  std::this_thread::sleep_for(20ms);
  for (int i = 0; i < 5; ++i) pool.submit([&] { ++ran; });
  EXPECT_EQ(pool.waiting(), 5u);
  pool.stop();
  EXPECT_EQ(ran.load(), 1) << "the running task ends; the waiting ones are dropped";
  pool.submit([&] { ++ran; });
  EXPECT_EQ(pool.waiting(), 0u) << "a stopped pool takes nothing";
}
