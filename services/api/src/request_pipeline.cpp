#include "storefleet/api/request_pipeline.hpp"

#include <charconv>
#include <future>

#include "storefleet/api/json_response.hpp"
#include "storefleet/core/log.hpp"
#include "storefleet/core/store.hpp"

namespace storefleet::api {

RequestPipeline::RequestPipeline(Router& router, const StaticFiles& statics, CorsPolicy cors,
                                 RequestMetrics& metrics)
    : router_(router), statics_(statics), cors_(std::move(cors)), metrics_(metrics) {}

bool RequestPipeline::is_event_stream(const std::string& method, const std::string& target) {
  if (method != "GET") return false;
  std::string_view path(target);
  path = path.substr(0, path.find('?'));
  return path == "/api/events";
}

void RequestPipeline::finish(const HttpRequest& req, HttpResponse& resp) const {
  cors_.decorate(req, resp);
  resp.set_header("X-Content-Type-Options", "nosniff");
  if (https_only_) resp.set_header("Strict-Transport-Security", "max-age=31536000");
  if (req.path.rfind("/api/", 0) == 0) resp.set_header("Cache-Control", "no-store");
  if (resp.content_type.rfind("text/html", 0) == 0) {
    // The dashboard loads only its own bundle and talks only to this origin.
    resp.set_header("Content-Security-Policy",
                    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
                    "form-action 'self'; frame-ancestors 'none'");
    resp.set_header("Referrer-Policy", "no-referrer");
    resp.set_header("X-Frame-Options", "DENY");
  }
}

std::optional<HttpResponse> RequestPipeline::authenticate(HttpRequest& req) const {
  if (!auth_) return std::nullopt;
  try {
    return auth_(req);
  } catch (const DomainError& e) {
    return error_response(e);
  }
}

HttpResponse RequestPipeline::dispatch(HttpRequest& req, std::string& route) {
  if (auto pre = cors_.preflight(req)) {
    route = "preflight";
    return *pre;
  }
  const bool api_path = req.path == "/api" || req.path.rfind("/api/", 0) == 0 || req.path == "/metrics";
  if (req.method == "OPTIONS") {
    route = "options";
    auto allow = api_path ? router_.allowed_methods(req.path) : std::string("GET, HEAD");
    if (allow.empty()) return error_response(Errc::not_found, "no such endpoint");
    HttpResponse r;
    r.status = 204;
    r.content_type.clear();
    r.set_header("Allow", allow + ", OPTIONS");
    return r;
  }
  if (api_path) {
    if (auto refused = authenticate(req)) {
      // Named by the route it was meant for (bounded metric labels, readable audit actions).
      route = router_.pattern_for(req.method, req.path);
      if (route.empty()) route = "auth";
      return *refused;
    }
    auto result = router_.dispatch(req);
    route = std::move(result.route);
    return std::move(result.response);
  }
  route = "static";
  return guarded([&] { return statics_.serve(req); });
}

void RequestPipeline::handle_async(const RawRequest& raw, std::function<void(HttpResponse)> done) {
  const auto started = std::chrono::steady_clock::now();
  std::string route = "unmatched";
  HttpRequest req;
  HttpResponse resp;
  try {
    req = make_request(raw.method, raw.target, raw.headers, raw.body);
    req.ctx.client_ip = raw.client_ip;
    resp = dispatch(req, route);
  } catch (const DomainError& e) {
    req.path = raw.target.substr(0, raw.target.find('?'));
    resp = error_response(e);
  }
  auto complete = [this, req = std::move(req), route, method = raw.method, ip = raw.client_ip, started,
                   done = std::move(done)](HttpResponse final) mutable {
    if (audit_) audit_(req, final, route);
    finish(req, final);
    record(method, req.path, route, final.status, ip, std::chrono::steady_clock::now() - started);
    done(std::move(final));
  };
  if (!resp.deferred) return complete(std::move(resp));
  auto later = std::move(resp.deferred);
  later(std::move(complete));
}

HttpResponse RequestPipeline::handle(const RawRequest& raw) {
  std::promise<HttpResponse> answer;
  auto got = answer.get_future();
  handle_async(raw, [&answer](HttpResponse r) { answer.set_value(std::move(r)); });
  return got.get();
}

namespace {
// The stream's parameters: ?store= filter and Last-Event-ID (header, or ?lastEventId= for clients that cannot
// set headers). Throws DomainError(bad_request).
SseStart parse_event_stream_request(const HttpRequest& req) {
  SseStart start;
  if (auto it = req.query.find("store"); it != req.query.end() && !it->second.empty()) {
    if (!validate_store_name(it->second, "store").empty())
      throw DomainError(Errc::bad_request, "invalid store filter", {{"store", "is not a valid store name"}});
    start.store = it->second;
  }
  auto last = req.header("last-event-id");
  if (last.empty())
    if (auto it = req.query.find("lastEventId"); it != req.query.end()) last = it->second;
  if (!last.empty()) {
    std::int64_t id = 0;
    auto [p, ec] = std::from_chars(last.data(), last.data() + last.size(), id);
    if (ec != std::errc() || p != last.data() + last.size() || id < 0)
      throw DomainError(Errc::bad_request, "invalid Last-Event-ID", {{"Last-Event-ID", "must be an event id"}});
    start.last_event_id = id;
  }
  start.head.content_type = "text/event-stream";
  return start;
}
}  // namespace

std::variant<SseStart, HttpResponse> RequestPipeline::prepare_sse(const RawRequest& raw) {
  const auto started = std::chrono::steady_clock::now();
  HttpRequest req;
  std::variant<SseStart, HttpResponse> out;
  try {
    req = make_request(raw.method, raw.target, raw.headers, raw.body);
    req.ctx.client_ip = raw.client_ip;
    if (auto refused = authenticate(req)) {
      finish(req, *refused);
      out = std::move(*refused);
    } else {
      auto start = parse_event_stream_request(req);
      start.owner = req.ctx.owner_filter;
      start.actor = req.ctx.actor;
      start.session_id = req.ctx.session_id;
      finish(req, start.head);
      start.head.set_header("Cache-Control", "no-cache");
      start.head.set_header("X-Accel-Buffering", "no");  // proxies must not buffer the stream
      out = std::move(start);
    }
  } catch (const DomainError& e) {
    req.path = "/api/events";
    auto resp = error_response(e);
    finish(req, resp);
    out = std::move(resp);
  }
  const int status = std::holds_alternative<SseStart>(out) ? 200 : std::get<HttpResponse>(out).status;
  record(raw.method, "/api/events", "/api/events", status, raw.client_ip, std::chrono::steady_clock::now() - started);
  return out;
}

void RequestPipeline::record(const std::string& method, const std::string& path, const std::string& route,
                             int status, const std::string& client_ip, std::chrono::steady_clock::duration elapsed) {
  const double seconds = std::chrono::duration<double>(elapsed).count();
  metrics_.observe(route, method, status, seconds);
  // Path only: query strings may carry things that do not belong in a log.
  log::info("http", "request",
            {{"method", method}, {"path", path.substr(0, 200)}, {"status", std::to_string(status)},
             {"ms", std::to_string(static_cast<long long>(seconds * 1000))}, {"ip", client_ip}});
}

}  // namespace storefleet::api
