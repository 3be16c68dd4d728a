#pragma once
// Rate limiting: one token bucket per key (API token, client IP). Pure and thread-safe; time is passed in so
// tests need no clock. A refused request learns how long to wait (Retry-After).
#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>

namespace storefleet {

struct BucketPolicy {
  double capacity = 60;        // burst
  double refill_per_sec = 1;   // sustained rate
};

class TokenBuckets {
 public:
  explicit TokenBuckets(BucketPolicy p, std::size_t max_keys = 100000) : policy_(p), max_keys_(max_keys) {}

  struct Verdict {
    bool allowed = true;
    std::chrono::seconds retry_after{0};  // when refused: whole seconds until one token is back (≥ 1)
  };
  Verdict take(const std::string& key, std::int64_t now_ms, double cost = 1.0);

 private:
  struct Bucket {
    double tokens;
    std::int64_t updated_ms;
  };
  BucketPolicy policy_;
  std::size_t max_keys_;
  std::mutex mutex_;
  std::unordered_map<std::string, Bucket> buckets_;
};

}  // namespace storefleet
