#pragma once
// Everything between "bytes parsed into a request" and "response to serialise", without sockets: CORS
// preflight, routing, static-file fallback, security headers, metrics and the access log. Authentication
// (issue 10) belongs here too: it fills req.ctx before dispatch.
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <variant>

#include "storefleet/api/audit_trail.hpp"
#include "storefleet/api/cors.hpp"
#include "storefleet/api/http_types.hpp"
#include "storefleet/api/prometheus.hpp"
#include "storefleet/api/router.hpp"
#include "storefleet/api/static_files.hpp"

namespace storefleet::api {

// What the transport knows about a request before it becomes an HttpRequest.
struct RawRequest {
  std::string method;
  std::string target;
  std::map<std::string, std::string> headers;
  std::string body;
  std::string client_ip;
};

// A valid GET /api/events: what the SSE session needs to subscribe, and the response head to send.
struct SseStart {
  std::optional<std::string> store;
  std::optional<std::int64_t> last_event_id;
  std::optional<std::string> owner;  // a tenant sees only its own stores' events
  std::string actor, session_id;     // whose stream it is: ended on revoke / logout
  HttpResponse head;  // status 200, headers only
};

// Runs before every API route and event stream (not static files or CORS preflights): fills req.ctx (actor,
// owner_filter, owner_for_new_stores) or answers by itself (401, 429, ...). Issue 10 plugs in here.
using AuthHook = std::function<std::optional<HttpResponse>(HttpRequest& req)>;

class RequestPipeline {
 public:
  RequestPipeline(Router& router, const StaticFiles& statics, CorsPolicy cors, RequestMetrics& metrics);
  void set_authenticator(AuthHook auth) { auth_ = std::move(auth); }
  void set_audit_sink(AuditSink sink) { audit_ = std::move(sink); }
  // Served over HTTPS: every response tells browsers to use HTTPS only for this host (HSTS).
  void set_https_only(bool on) { https_only_ = on; }

  // The whole exchange: authenticate, route, audit, decorate, record. `done` gets the response, at once or, for
  // a deferred one, on the thread that completes it.
  void handle_async(const RawRequest& raw, std::function<void(HttpResponse)> done);
  // The same, waiting for the answer: for callers that know their route is never deferred (probes, tests).
  HttpResponse handle(const RawRequest& raw);
  // GET /api/events → SseStart, or an error response (bad Last-Event-ID, bad store filter, ...).
  std::variant<SseStart, HttpResponse> prepare_sse(const RawRequest& raw);
  static bool is_event_stream(const std::string& method, const std::string& target);

  // Records metrics and the access-log line for a finished exchange.
  void record(const std::string& method, const std::string& path, const std::string& route, int status,
              const std::string& client_ip, std::chrono::steady_clock::duration elapsed);

 private:
  HttpResponse dispatch(HttpRequest& req, std::string& route);
  std::optional<HttpResponse> authenticate(HttpRequest& req) const;
  void finish(const HttpRequest& req, HttpResponse& resp) const;
  Router& router_;
  const StaticFiles& statics_;
  CorsPolicy cors_;
  RequestMetrics& metrics_;
  AuthHook auth_;
  AuditSink audit_;
  bool https_only_ = false;
};

}  // namespace storefleet::api
