#include "storefleet/api/rate_limits.hpp"

#include <algorithm>

#include "storefleet/api/json_response.hpp"

namespace storefleet::api {

namespace {
std::optional<TokenBuckets> make(double per_sec, double burst) {
  if (per_sec <= 0) return std::nullopt;
  return std::optional<TokenBuckets>(std::in_place, BucketPolicy{std::max(1.0, burst), per_sec});
}
}  // namespace

RateLimits::RateLimits(const RateLimitSettings& s)
    : ip_(make(s.ip_rate, s.ip_burst)),
      credential_(make(s.token_rate, s.token_burst)),
      create_(make(s.create_per_min / 60.0, s.create_burst)),
      auth_failure_(make(s.auth_failure_per_min / 60.0, s.auth_failure_burst)) {}

HttpResponse rate_limited_response(std::int64_t retry_after_seconds, const std::string& what) {
  const auto secs = std::max<std::int64_t>(1, retry_after_seconds);
  auto r = error_response(Errc::rate_limited, "too many " + what + "; retry in " + std::to_string(secs) + " s");
  r.set_header("Retry-After", std::to_string(secs));
  return r;
}

std::optional<HttpResponse> RateLimits::take(TokenBuckets* b, const std::string& key, std::int64_t now_ms,
                                             const char* what) {
  if (!b) return std::nullopt;
  auto v = b->take(key, now_ms);
  if (v.allowed) return std::nullopt;
  return rate_limited_response(v.retry_after.count(), what);
}

std::optional<HttpResponse> RateLimits::per_ip(const std::string& ip, std::int64_t now_ms) {
  return take(ip_ ? &*ip_ : nullptr, ip, now_ms, "requests from this address");
}
std::optional<HttpResponse> RateLimits::per_credential(const std::string& actor, std::int64_t now_ms) {
  return take(credential_ ? &*credential_ : nullptr, actor, now_ms, "requests with this token");
}
std::optional<HttpResponse> RateLimits::create(const std::string& actor, std::int64_t now_ms) {
  return take(create_ ? &*create_ : nullptr, actor, now_ms, "store creations with this token");
}
std::optional<HttpResponse> RateLimits::auth_failure(const std::string& ip, std::int64_t now_ms) {
  return take(auth_failure_ ? &*auth_failure_ : nullptr, ip, now_ms, "failed authentications from this address");
}

}  // namespace storefleet::api
