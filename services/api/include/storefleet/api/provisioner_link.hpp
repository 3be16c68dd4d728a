#pragma once
// The API's two links to the provisioner, each on its own thread (cpp-httplib, blocking I/O):
//  - EventStreamClient: GET {url}/events as SSE with Last-Event-ID = the hub's last published id; every event
//    received triggers hub.catch_up() (which reads the event log, so ids arrive in order and gaps are filled);
//    reconnects with exponential backoff.
//  - ProvisionerWaker: POST {url}/wake after each enqueue, coalesced, 200 ms timeout, errors ignored (the
//    provisioner also re-checks the queue on a timer, so a lost ping only delays).
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "storefleet/api/coalescing_task.hpp"

namespace httplib {
class Client;
}

namespace storefleet::api {

// An https:// provisioner URL is verified against `ca_file` (PEM) when given, else the system's CAs.
void trust_provisioner_ca(httplib::Client& client, const std::string& ca_file);

class EventStreamClient {
 public:
  // last_id(): where to resume; on_event(id): called for each event id received.
  // on_event(-1) means "caught up after a reconnect": re-read the log. bearer_token: the shared internal token
  // (sent only when non-empty; never logged).
  EventStreamClient(std::string base_url, std::function<std::int64_t()> last_id,
                    std::function<void(std::int64_t)> on_event, std::string bearer_token = {}, std::string ca_file = {});
  ~EventStreamClient();
  void start();
  void stop();
  bool connected() const { return connected_.load(); }
  std::uint64_t reconnects() const { return reconnects_.load(); }

  // Delay before reconnect attempt n (0-based): 250 ms doubling to 10 s.
  static std::chrono::milliseconds backoff(int attempt);

 private:
  void loop();
  std::string base_url_;
  std::string token_;
  std::string ca_file_;
  std::function<std::int64_t()> last_id_;
  std::function<void(std::int64_t)> on_event_;
  std::atomic<bool> stop_{false}, connected_{false};
  std::atomic<std::uint64_t> reconnects_{0};
  std::mutex mutex_;
  std::condition_variable cv_;
  httplib::Client* current_ = nullptr;  // guarded by mutex_, so stop() can interrupt a blocked read
  std::thread thread_;
};

// POST {url}/wake after a job was queued. Pings that arrive while one is being sent are coalesced into the next.
class ProvisionerWaker {
 public:
  explicit ProvisionerWaker(std::string base_url, std::string bearer_token = {}, std::string ca_file = {});
  ~ProvisionerWaker();
  void start();
  void ping() { task_.poke(); }  // never blocks
  void stop() { task_.stop(); }
  std::uint64_t sent() const { return sent_.load(); }

 private:
  void send();
  std::unique_ptr<httplib::Client> client_;  // null without a provisioner URL
  std::atomic<std::uint64_t> sent_{0};
  CoalescingTask task_{[this] { send(); }};  // last: stopped before the client goes
};

}  // namespace storefleet::api
