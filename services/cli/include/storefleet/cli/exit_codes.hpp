#pragma once
// Exit codes scripts can rely on (documented in `storefleet --help`).
namespace storefleet::cli {

enum ExitCode : int {
  kOk = 0,
  kUsage = 2,          // bad flags or arguments, unreadable --token-file
  kRejected = 3,       // the API refused the request (other 4xx): invalid name, exists, unknown store, not ready
  kUnavailable = 4,    // server unreachable or 5xx
  kStoreFailed = 5,    // --wait: the store ended Failed (its reason is printed)
  kTimedOut = 6,       // --wait: no final status before --wait-timeout
  kUnauthorized = 7,   // 401: no token, or the token is wrong or revoked
  kForbidden = 8,      // 403: the token may not do this (admin only, store limit reached)
  kRateLimited = 9,    // 429: too many requests; Retry-After is printed
};

}  // namespace storefleet::cli
