#pragma once
// A small REST client for the Storefleet API: JSON in, JSON out, bearer token, errors as ApiError with the exit
// code to use. Requests that are safe to repeat (GET, or a write with an Idempotency-Key) are re-sent after a
// transport failure once the request may have reached the server (read/write error or timeout).
#include <boost/json.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>

namespace storefleet::cli {

struct ApiError : std::runtime_error {
  ApiError(int exit_code, int http_status, std::string message, int retry_after_s = -1)
      : std::runtime_error(std::move(message)), exit_code(exit_code), http_status(http_status),
        retry_after_s(retry_after_s) {}
  int exit_code;
  int http_status;    // 0 when the server could not be reached
  int retry_after_s;  // 429: the server's Retry-After in seconds; -1 when absent
};

// The message of an error body `{ "error": { "code", "message", "details": [{field, message}] } }`, with details.
std::string describe_error_body(const std::string& body, int status);

// The error for an HTTP answer >= 400: exit code by status (401 → 7, 403 → 8, 429 → 9, other 4xx → 3, 5xx → 4),
// the server's message, and a hint saying what to do (which token to give, when to retry).
ApiError error_for_response(int status, const std::string& body, const std::string& retry_after_header,
                            bool token_sent);

// A path segment or query value, percent-encoded.
std::string url_component(const std::string& s);

struct ServerEvent {
  std::string id, type, data;
};

struct ClientSettings {
  std::chrono::milliseconds read_timeout{30000};  // plain requests; SSE follows use their own, longer one
  int transport_retries = 2;                      // extra attempts after a read/write failure or timeout
  std::chrono::milliseconds retry_backoff{1000};  // before the 1st retry; doubles each time
  std::string ca_cert_file;                       // PEM CA(s) an https:// server's certificate must chain to
  // 429 with a Retry-After of at most this many seconds: a request safe to repeat waits and is sent again
  // (up to rate_limit_retries times), saying so through `notice`.
  int max_retry_after_s = 30;
  int rate_limit_retries = 3;
  std::function<void(const std::string&)> notice;
};

class ApiClient {
 public:
  ApiClient(const std::string& server, std::string token, ClientSettings settings = {});
  ~ApiClient();
  boost::json::value get(const std::string& path);
  // An empty idempotency_key sends no Idempotency-Key header (and the request is then never re-sent).
  boost::json::value post(const std::string& path, const boost::json::object& body,
                          const std::string& idempotency_key = "");
  boost::json::value del(const std::string& path, const std::string& idempotency_key = "");
  // A JSON merge patch (application/merge-patch+json).
  boost::json::value patch(const std::string& path, const boost::json::object& body,
                           const std::string& idempotency_key = "");
  // Follows an SSE stream; calls `on_open` once connected and `on_event` per event until it returns false.
  // Returns false when the connection ended or failed.
  bool follow(const std::string& path, const std::string& last_event_id, const std::function<void()>& on_open,
              const std::function<bool(const ServerEvent&)>& on_event);
  // Ends a follow() running on another thread.
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace storefleet::cli
