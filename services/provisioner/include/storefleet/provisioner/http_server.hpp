#pragma once
// The provisioner's HTTP side (Boost.Beast, one io thread, one coroutine per connection):
//   GET /events   Server-Sent Events from the event log (Last-Event-ID replay, heartbeats)
//   GET /healthz  liveness + whether the informers have synced
//   GET /metrics  Prometheus text
//   POST /wake    "a job was enqueued": wakes the worker at once
#include <functional>
#include <memory>
#include <string>

#include "storefleet/db/database.hpp"

namespace storefleet::provisioner {

struct HttpHandlers {
  std::function<std::string()> metrics;      // Prometheus text
  std::function<std::string()> health_json;  // {"status":"ok",...}
  std::function<void()> wake;
};

struct SseTiming {
  std::chrono::milliseconds heartbeat{15000};
  std::chrono::milliseconds recheck{500};  // events written by the API into the shared log are seen this fast
};

class HttpServer {
 public:
  // `internal_token`: when not empty, /events and /wake from non-loopback peers need `Authorization: Bearer`.
  HttpServer(db::Database& db, HttpHandlers handlers, std::string internal_token = "", SseTiming timing = {});
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds and starts serving on its own thread; returns the bound port (port 0 picks a free one).
  unsigned short start(const std::string& host, unsigned short port);
  // New events were appended: push them to subscribers now (thread-safe).
  void notify();
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The SSE text for one event (`id:`, `event:`, `data:` lines and a blank line). Pure; exposed for tests.
std::string sse_frame(std::int64_t id, const std::string& type, const std::string& data_json);

}  // namespace storefleet::provisioner
