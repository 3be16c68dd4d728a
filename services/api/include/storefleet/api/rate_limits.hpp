#pragma once
// The API's rate limits: token buckets per credential, per client IP, for store creation (per credential) and
// for failed authentications (per IP, so guessing tokens is slow). A refused request gets 429 + Retry-After.
#include <cstdint>
#include <optional>
#include <string>

#include "storefleet/api/http_types.hpp"
#include "storefleet/core/token_bucket.hpp"

namespace storefleet::api {

struct RateLimitSettings {
  double token_rate = 20, token_burst = 100;      // per credential, requests/s
  double ip_rate = 50, ip_burst = 200;            // per client IP, requests/s
  double create_per_min = 30, create_burst = 10;  // store creations per credential
  double auth_failure_per_min = 30, auth_failure_burst = 20;  // per client IP
};

class RateLimits {
 public:
  explicit RateLimits(const RateLimitSettings& s);
  // Each returns a 429 response when the bucket is empty (a rate of 0 turns that limit off).
  std::optional<HttpResponse> per_ip(const std::string& ip, std::int64_t now_ms);
  std::optional<HttpResponse> per_credential(const std::string& actor, std::int64_t now_ms);
  std::optional<HttpResponse> create(const std::string& actor, std::int64_t now_ms);
  std::optional<HttpResponse> auth_failure(const std::string& ip, std::int64_t now_ms);

 private:
  static std::optional<HttpResponse> take(TokenBuckets* b, const std::string& key, std::int64_t now_ms,
                                          const char* what);
  std::optional<TokenBuckets> ip_, credential_, create_, auth_failure_;
};

// 429 with Retry-After (whole seconds, at least 1).
HttpResponse rate_limited_response(std::int64_t retry_after_seconds, const std::string& what);

}  // namespace storefleet::api
