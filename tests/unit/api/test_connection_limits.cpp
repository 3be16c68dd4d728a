// The connection cap's default (the API's HTTP server): it follows the process's descriptor limit.
#include <sys/resource.h>

#include <gtest/gtest.h>

#include <algorithm>

#include "storefleet/api/http_server.hpp"

namespace storefleet::test {

// The default --max-connections follows the descriptor limit, keeping 64 for the database, logs and the rest.
TEST(ConnectionCap, DefaultFollowsTheDescriptorLimit) {
  rlimit saved{};
  ASSERT_EQ(::getrlimit(RLIMIT_NOFILE, &saved), 0);
  auto with_soft_limit = [&](rlim_t soft) {
    rlimit lowered = saved;
    lowered.rlim_cur = std::min(soft, saved.rlim_max);
    ::setrlimit(RLIMIT_NOFILE, &lowered);
    const int cap = api::default_max_connections();
    ::setrlimit(RLIMIT_NOFILE, &saved);
    return cap;
  };
  if (saved.rlim_max < 1000) GTEST_SKIP() << "hard descriptor limit too low to test";
  EXPECT_EQ(with_soft_limit(1000), 936);
  EXPECT_EQ(with_soft_limit(256), 192);
  EXPECT_EQ(with_soft_limit(40), 16);  // never below 16
}

}  // namespace storefleet::test
