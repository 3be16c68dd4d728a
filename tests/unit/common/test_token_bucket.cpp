#include <gtest/gtest.h>

#include "storefleet/core/token_bucket.hpp"

using namespace storefleet;

TEST(TokenBucket, BurstThenRefusalWithRetryAfterThenRefill) {
  TokenBuckets b({.capacity = 3, .refill_per_sec = 0.5});
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(b.take("ip-1", 0).allowed) << i;
  auto refused = b.take("ip-1", 0);
  EXPECT_FALSE(refused.allowed);
  EXPECT_EQ(refused.retry_after.count(), 2) << "one token refills in 2 s at 0.5/s";
  EXPECT_TRUE(b.take("ip-2", 0).allowed) << "keys are independent";
  EXPECT_FALSE(b.take("ip-1", 1999).allowed);
  EXPECT_TRUE(b.take("ip-1", 2000).allowed);
  EXPECT_FALSE(b.take("ip-1", 2000).allowed);
}

TEST(TokenBucket, CostlierRequestsDrainFaster) {
  TokenBuckets b({.capacity = 10, .refill_per_sec = 1});
  EXPECT_TRUE(b.take("t", 0, 5).allowed);
  EXPECT_TRUE(b.take("t", 0, 5).allowed);
  auto v = b.take("t", 0, 5);
  EXPECT_FALSE(v.allowed);
  EXPECT_EQ(v.retry_after.count(), 5);
}

TEST(TokenBucket, RefillNeverExceedsCapacity) {
  TokenBuckets b({.capacity = 2, .refill_per_sec = 100});
  EXPECT_TRUE(b.take("k", 0).allowed);
  int allowed = 0;
  for (int i = 0; i < 5; ++i) allowed += b.take("k", 1'000'000).allowed;
  EXPECT_EQ(allowed, 2);
}

TEST(TokenBucket, MemoryStaysBoundedUnderManyKeys) {
  TokenBuckets b({.capacity = 1, .refill_per_sec = 1}, 100);
  for (int i = 0; i < 1000; ++i) b.take("ip-" + std::to_string(i), i * 2000);
  // Old keys refilled and were forgotten; a recent one is still limited.
  EXPECT_FALSE(b.take("ip-999", 999 * 2000).allowed);
}
