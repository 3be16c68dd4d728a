#pragma once
// A small REST client for the Storefleet API: JSON in, JSON out, errors as ApiError with the exit code to use.
#include <boost/json.hpp>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>

namespace storefleet::cli {

struct ApiError : std::runtime_error {
  ApiError(int exit_code, int http_status, std::string message)
      : std::runtime_error(std::move(message)), exit_code(exit_code), http_status(http_status) {}
  int exit_code;
  int http_status;  // 0 when the server could not be reached
};

// The message of an error body `{ "error": { "code", "message", "details": [{field, message}] } }`, with details.
std::string describe_error_body(const std::string& body, int status);

struct ServerEvent {
  std::string id, type, data;
};

class ApiClient {
 public:
  ApiClient(const std::string& server, std::string token);
  ~ApiClient();
  boost::json::value get(const std::string& path);
  boost::json::value post(const std::string& path, const boost::json::object& body);
  boost::json::value del(const std::string& path);
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
