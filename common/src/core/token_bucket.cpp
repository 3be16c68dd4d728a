#include "storefleet/core/token_bucket.hpp"

#include <algorithm>
#include <cmath>

namespace storefleet {

TokenBuckets::Verdict TokenBuckets::take(const std::string& key, std::int64_t now_ms, double cost) {
  std::lock_guard lock(mutex_);
  if (buckets_.size() >= max_keys_ && !buckets_.contains(key)) {
    // Bound memory under a flood of new keys: forget buckets that have refilled completely (they hold no state).
    std::erase_if(buckets_, [&](const auto& kv) {
      double refilled = kv.second.tokens + (now_ms - kv.second.updated_ms) / 1000.0 * policy_.refill_per_sec;
      return refilled >= policy_.capacity;
    });
  }
  auto [it, inserted] = buckets_.try_emplace(key, Bucket{policy_.capacity, now_ms});
  Bucket& b = it->second;
  if (!inserted && now_ms > b.updated_ms) {
    b.tokens = std::min(policy_.capacity, b.tokens + (now_ms - b.updated_ms) / 1000.0 * policy_.refill_per_sec);
    b.updated_ms = now_ms;
  }
  if (b.tokens >= cost) {
    b.tokens -= cost;
    return {};
  }
  double missing = cost - b.tokens;
  auto wait = static_cast<std::int64_t>(std::ceil(missing / policy_.refill_per_sec));
  return {false, std::chrono::seconds(std::max<std::int64_t>(1, wait))};
}

}  // namespace storefleet
