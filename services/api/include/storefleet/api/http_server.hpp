#pragma once
// The Boost.Beast HTTP/1.1 server (PIMPL keeps Beast in one translation unit): a session per connection on its
// own strand, GET /api/events handed to an SSE session with a bounded write queue, periodic tasks on the same
// io_context, and graceful shutdown on SIGTERM/SIGINT (stop accepting, finish in-flight requests, end SSE
// streams with a retry hint).
#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>

#include "storefleet/api/client_address.hpp"
#include "storefleet/api/request_pipeline.hpp"
#include "storefleet/api/sse_hub.hpp"

namespace storefleet::api {

struct ServerOptions {
  std::string host = "127.0.0.1";
  unsigned short port = 3001;
  int threads = 2;
  int workers = 4;  // request handling (database reads/writes, provisioner calls) runs here, never on `threads`
  std::size_t body_limit = 64 * 1024;
  std::size_t sse_buffer_bytes = 1 << 20;  // bytes buffered for a stalled SSE client before it is dropped
  std::chrono::milliseconds sse_stall{1000}; // how long a write may be stuck before the client counts as slow
  std::chrono::milliseconds sse_heartbeat{15000};
  std::chrono::seconds idle_timeout{30};
  std::chrono::seconds first_request_timeout{10};  // a new connection's first request must arrive by then
  std::chrono::seconds shutdown_grace{5};
  // Connections at once (HTTP and event streams); beyond, a new one gets 503 and is closed. 0: the process's
  // descriptor limit less a reserve for the database, logs and helm-free work (see default_max_connections).
  int max_connections = 0;
  int max_streams_per_token = 20;  // open /api/events streams per credential; beyond: 429 (0 = no limit)
  TrustedProxies trusted_proxies;  // peers whose Forwarded / X-Forwarded-For names the client
  std::string tls_cert_file, tls_key_file;  // both set: TLS on every connection; SIGHUP re-reads them
};

// The descriptor limit (RLIMIT_NOFILE) less 64 for everything that is not a client connection, at least 16.
int default_max_connections();

class HttpServer {
 public:
  HttpServer(ServerOptions opts, RequestPipeline& pipeline, SseHub& hub);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds (throws std::system_error when the address is taken). Returns the bound port.
  unsigned short listen();
  // Runs `task` every `interval` on the server's threads until shutdown.
  void every(std::chrono::milliseconds interval, std::function<void()> task);
  // Serves until a signal or stop(); returns when every thread is done.
  void run();
  void stop();  // graceful, callable from any thread

  struct Impl;  // defined in http_server.cpp (the sessions there use it)

 private:
  std::shared_ptr<Impl> impl_;
};

}  // namespace storefleet::api
