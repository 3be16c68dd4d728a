#include "storefleet/cli/api_client.hpp"

#include <httplib.h>

#include "storefleet/cli/exit_codes.hpp"
#include "storefleet/cli/sse_reader.hpp"

namespace storefleet::cli {

struct ApiClient::Impl {
  Impl(const std::string& server, std::string tok) : http(server), token(std::move(tok)) {
    http.set_connection_timeout(5, 0);
    http.set_read_timeout(60, 0);  // SSE heartbeats arrive every 15 s
  }
  httplib::Headers headers() const {
    httplib::Headers h{{"Accept", "application/json"}};
    if (!token.empty()) h.emplace("Authorization", "Bearer " + token);
    return h;
  }
  boost::json::value check(const httplib::Result& res, const std::string& what) {
    if (!res) throw ApiError(kUnavailable, 0, "cannot reach the API for " + what + ": " + httplib::to_string(res.error()));
    if (res->status >= 400)
      throw ApiError(res->status >= 500 ? kUnavailable : kRejected, res->status, describe_error_body(res->body, res->status));
    if (res->body.empty()) return nullptr;
    boost::system::error_code ec;
    auto v = boost::json::parse(res->body, ec);
    if (ec) throw ApiError(kUnavailable, res->status, "the API answered " + what + " with invalid JSON");
    return v;
  }
  httplib::Client http;
  std::string token;
};

std::string describe_error_body(const std::string& body, int status) {
  boost::system::error_code ec;
  auto v = boost::json::parse(body, ec);
  std::string out = "HTTP " + std::to_string(status);
  if (ec || !v.is_object()) return out;
  const auto* err = v.as_object().if_contains("error");
  if (!err || !err->is_object()) return out;
  const auto& e = err->as_object();
  if (const auto* m = e.if_contains("message"); m && m->is_string()) out += ": " + std::string(m->as_string());
  if (const auto* d = e.if_contains("details"); d && d->is_array()) {
    for (const auto& item : d->as_array()) {
      if (!item.is_object()) continue;
      const auto* f = item.as_object().if_contains("field");
      const auto* m = item.as_object().if_contains("message");
      out += "\n  - ";
      if (f && f->is_string()) out += std::string(f->as_string()) + ": ";
      if (m && m->is_string()) out += std::string(m->as_string());
    }
  }
  return out;
}

ApiClient::ApiClient(const std::string& server, std::string token)
    : impl_(std::make_unique<Impl>(server, std::move(token))) {
  if (!impl_->http.is_valid()) throw ApiError(kUsage, 0, "invalid --server URL: " + server);
}
ApiClient::~ApiClient() = default;

boost::json::value ApiClient::get(const std::string& path) {
  return impl_->check(impl_->http.Get(path, impl_->headers()), "GET " + path);
}

boost::json::value ApiClient::post(const std::string& path, const boost::json::object& body) {
  return impl_->check(impl_->http.Post(path, impl_->headers(), boost::json::serialize(body), "application/json"),
                      "POST " + path);
}

boost::json::value ApiClient::del(const std::string& path) {
  return impl_->check(impl_->http.Delete(path, impl_->headers()), "DELETE " + path);
}

void ApiClient::stop() { impl_->http.stop(); }

bool ApiClient::follow(const std::string& path, const std::string& last_event_id, const std::function<void()>& on_open,
                       const std::function<bool(const ServerEvent&)>& on_event) {
  auto headers = impl_->headers();
  headers.erase("Accept");
  headers.emplace("Accept", "text/event-stream");
  if (!last_event_id.empty()) headers.emplace("Last-Event-ID", last_event_id);
  SseReader reader;
  bool stopped_by_caller = false;
  int status = 0;
  auto res = impl_->http.Get(
      path, headers,
      [&](const httplib::Response& r) {
        status = r.status;
        if (r.status != 200) return false;
        on_open();
        return true;
      },
      [&](const char* data, size_t len) {
        bool go_on = reader.feed(std::string_view(data, len), on_event);
        if (!go_on) stopped_by_caller = true;
        return go_on;
      });
  if (stopped_by_caller) return true;
  if (status >= 400) throw ApiError(status >= 500 ? kUnavailable : kRejected, status, "HTTP " + std::to_string(status) + " on " + path);
  (void)res;
  return false;
}

}  // namespace storefleet::cli
