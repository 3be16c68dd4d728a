#pragma once
// Exit codes scripts can rely on (documented in `storefleet --help`).
namespace storefleet::cli {

enum ExitCode : int {
  kOk = 0,
  kUsage = 2,          // bad flags or arguments
  kRejected = 3,       // the API refused the request (4xx): invalid name, exists, unknown store, unauthorized
  kUnavailable = 4,    // server unreachable or 5xx
  kStoreFailed = 5,    // --wait: the store ended Failed (its reason is printed)
  kTimedOut = 6,       // --wait: no final status before --wait-timeout
};

}  // namespace storefleet::cli
