#pragma once
// A small Kubernetes REST client (Boost.Beast + OpenSSL, kept behind PIMPL so only one translation unit pays
// for Beast). Every call opens its own connection, which keeps calls from different threads independent.
#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "storefleet/provisioner/kubeconfig.hpp"

namespace storefleet::provisioner {

struct KubeResponse {
  int status = 0;          // 0: no HTTP answer (connect/TLS/timeout error, see `error`)
  std::string body;
  std::optional<int> retry_after_seconds;
  std::string error;
  bool ok() const noexcept { return status >= 200 && status < 300; }
};

struct RetryPolicy {
  int attempts = 5;                                 // total tries for 429 / 5xx / network errors
  std::chrono::milliseconds base{200};
  std::chrono::milliseconds cap{5000};
  std::chrono::milliseconds retry_after_cap{10000}; // never sleep longer than this for a Retry-After
  // All tries and waits of one request() together (0: unbounded). The provisioner sets it below its job lease,
  // so a worker never keeps acting past a lease it could not extend while it was blocked in a call.
  std::chrono::milliseconds budget{0};
};

// Delay before retry number `attempt` (1-based) honouring Retry-After (pure; exposed for tests).
std::chrono::milliseconds retry_delay(int attempt, const std::optional<int>& retry_after_seconds, const RetryPolicy& p);
bool is_retryable_status(int status) noexcept;

struct StreamResult {
  int status = 0;          // HTTP status of the response (0: no answer)
  bool clean = false;      // the server ended the body properly (e.g. watch timeoutSeconds)
  std::string body;        // the body when status != 200 (a Status object)
  std::string error;
};

// Requests (not watches) every KubeClient of this process sent, by HTTP method: GET (a get or a list), POST, PUT,
// PATCH, DELETE. For /metrics: how much the provisioner itself reads from the API server.
std::vector<std::pair<std::string, std::uint64_t>> kube_requests_by_method();

class KubeClient {
 public:
  explicit KubeClient(ClusterConfig cfg, RetryPolicy retry = {});
  ~KubeClient();
  KubeClient(const KubeClient&) = delete;
  KubeClient& operator=(const KubeClient&) = delete;

  // One request, retried on 429/5xx/network errors with backoff and Retry-After. `target` is the path + query.
  KubeResponse request(std::string_view method, const std::string& target, const std::string& body = {},
                       const std::string& content_type = "application/json",
                       std::chrono::milliseconds timeout = std::chrono::seconds(30));
  // The same without retries.
  KubeResponse request_once(std::string_view method, const std::string& target, const std::string& body = {},
                            const std::string& content_type = "application/json",
                            std::chrono::milliseconds timeout = std::chrono::seconds(30));

  // GET `target` and hand each piece of the body to `on_data` as it arrives (watch streams). Returns when the
  // body ends, nothing arrives for `idle`, or `stop` becomes true (checked every 200 ms).
  StreamResult stream(const std::string& target, const std::function<void(std::string_view)>& on_data,
                      std::chrono::milliseconds idle, const std::atomic<bool>& stop);

  const ClusterConfig& config() const noexcept;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace storefleet::provisioner
