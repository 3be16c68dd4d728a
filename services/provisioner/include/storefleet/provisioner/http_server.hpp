#pragma once
// The provisioner's HTTP side (Boost.Beast, one io thread, one session object per connection, as in the API):
//   GET /events   Server-Sent Events from the event log (Last-Event-ID replay, heartbeats)
//   GET /healthz  liveness + whether the informers have synced
//   GET /metrics  Prometheus text
//   POST /wake    "a job was enqueued": wakes the worker at once
//   GET /stores/{name}/credentials  a store's admin login (see internal_auth.hpp for who may ask)
#include <functional>
#include <memory>
#include <string>

#include "storefleet/db/database.hpp"
#include "storefleet/provisioner/store_credentials.hpp"

namespace storefleet::provisioner {

struct HttpHandlers {
  std::function<std::string()> metrics;      // Prometheus text
  std::function<std::string()> health_json;  // {"status":"ok"}: public, so nothing internal
  std::function<void()> wake;
  // Answers GET /stores/{name}/credentials once access is granted (it may block on the cluster: it runs off the
  // io thread). Unset → 404.
  std::function<HttpReply(const std::string& store)> credentials;
};

struct SseTiming {
  std::chrono::milliseconds heartbeat{15000};
  std::chrono::milliseconds recheck{500};  // events written by the API into the shared log are seen this fast
};

class HttpServer {
 public:
  // `internal_token`: every endpoint but /healthz needs `Authorization: Bearer <internal_token>` from every peer
  // (empty: they all answer 403). Bound to loopback, only loopback Host names are answered (DNS rebinding).
  HttpServer(db::Database& db, HttpHandlers handlers, std::string internal_token = "", SseTiming timing = {});
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds and starts serving on its own thread; returns the bound port (port 0 picks a free one).
  unsigned short start(const std::string& host, unsigned short port);
  // Serve HTTPS (TLS 1.2+) with this certificate chain and key to connections accepted from now on; call again to
  // reload (open streams keep theirs). Throws std::runtime_error when the files do not load (nothing changes).
  void use_tls(const std::string& cert_file, const std::string& key_file);
  // New events were appended: push them to subscribers now (thread-safe).
  void notify();
  void stop();

  struct Impl;  // defined in http_sessions.hpp, which the sessions share

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace storefleet::provisioner
