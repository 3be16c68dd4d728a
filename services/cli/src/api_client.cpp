#include "storefleet/cli/api_client.hpp"

#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>
#include <httplib.h>

#include <thread>

#include "storefleet/cli/exit_codes.hpp"
#include "storefleet/cli/sse_reader.hpp"

namespace storefleet::cli {

std::string url_component(const std::string& s) { return boost::urls::encode(s, boost::urls::unreserved_chars); }

namespace {

// SSE heartbeats arrive every 15 s: a stream silent for a minute is dead.
constexpr int kStreamReadTimeoutS = 60;

// A failure after the connection was made: the request may have reached the server (and been acted on).
// Connection refused / connect timeout never reached it; retrying those only delays "cannot reach the API".
bool may_have_reached_server(httplib::Error e) {
  return e == httplib::Error::Read || e == httplib::Error::Write || e == httplib::Error::Unknown;
}

// What went wrong, in words (httplib's own names are single identifiers like "Connection").
std::string describe(httplib::Error e) {
  switch (e) {
    case httplib::Error::Connection: return "the connection was refused or failed (is the API running there?)";
    case httplib::Error::ConnectionTimeout: return "no connection within 5 seconds";
    case httplib::Error::Read: return "the connection broke or timed out while reading the answer";
    case httplib::Error::Write: return "the connection broke while sending the request";
    case httplib::Error::SSLConnection: return "the TLS handshake failed (is it an https:// server?)";
    case httplib::Error::SSLLoadingCerts: return "the CA certificates could not be loaded (check --cacert)";
    case httplib::Error::Canceled: return "the request was cancelled";
    default: return "transport error " + httplib::to_string(e);
  }
}

}  // namespace

struct ApiClient::Impl {
  Impl(const std::string& server, std::string tok, ClientSettings s)
      : http(server), token(std::move(tok)), settings(s) {
    http.set_connection_timeout(5, 0);
    if (!settings.ca_cert_file.empty()) http.set_ca_cert_path(settings.ca_cert_file);
    http.enable_server_certificate_verification(true);
  }
  httplib::Headers headers(const std::string& idempotency_key = "") const {
    httplib::Headers h{{"Accept", "application/json"}};
    if (!token.empty()) h.emplace("Authorization", "Bearer " + token);
    if (!idempotency_key.empty()) h.emplace("Idempotency-Key", idempotency_key);
    return h;
  }
  // Sends with `send`, again after a transport failure when `repeatable`, then checks the answer.
  boost::json::value call(const std::string& what, bool repeatable, const std::function<httplib::Result()>& send) {
    const auto rt = settings.read_timeout;
    http.set_read_timeout(rt.count() / 1000, (rt.count() % 1000) * 1000);
    auto backoff = settings.retry_backoff;
    int rate_limited = 0;
    for (int attempt = 0;;) {
      auto res = send();
      if (res && res->status == 429 && repeatable && rate_limited < settings.rate_limit_retries) {
        const int wait_s = retry_after_seconds(res->get_header_value("Retry-After"));
        if (wait_s >= 0 && wait_s <= settings.max_retry_after_s) {
          ++rate_limited;
          if (settings.notice)
            settings.notice("rate limited by the API; retrying " + what + " in " + std::to_string(wait_s) + "s");
          std::this_thread::sleep_for(std::chrono::seconds(wait_s));
          continue;
        }
      }
      if (res || !repeatable || attempt >= settings.transport_retries || !may_have_reached_server(res.error()))
        return check(res, what);
      ++attempt;
      std::this_thread::sleep_for(backoff);
      backoff *= 2;
    }
  }
  // Retry-After in delta-seconds (what the API sends); -1 when absent or another form.
  static int retry_after_seconds(const std::string& header) {
    if (header.empty() || header.size() > 6) return -1;
    for (char c : header)
      if (c < '0' || c > '9') return -1;
    return std::stoi(header);
  }
  boost::json::value check(const httplib::Result& res, const std::string& what) {
    if (!res && res.error() == httplib::Error::SSLServerVerification)
      throw ApiError(kUnavailable, 0, "cannot reach the API for " + what +
                                          ": the server's TLS certificate is not trusted (give its CA with --cacert)");
    if (!res) throw ApiError(kUnavailable, 0, "cannot reach the API for " + what + ": " + describe(res.error()));
    if (res->status >= 400)
      throw error_for_response(res->status, res->body, res->get_header_value("Retry-After"), !token.empty());
    if (res->body.empty()) return nullptr;
    boost::system::error_code ec;
    auto v = boost::json::parse(res->body, ec);
    if (ec) throw ApiError(kUnavailable, res->status, "the API answered " + what + " with invalid JSON");
    return v;
  }
  httplib::Client http;
  std::string token;
  ClientSettings settings;
};

ApiClient::ApiClient(const std::string& server, std::string token, ClientSettings settings)
    : impl_(std::make_unique<Impl>(server, std::move(token), settings)) {
  if (!impl_->http.is_valid()) throw ApiError(kUsage, 0, "invalid --server URL: " + server);
}
ApiClient::~ApiClient() = default;

boost::json::value ApiClient::get(const std::string& path) {
  return impl_->call("GET " + path, true, [&] { return impl_->http.Get(path, impl_->headers()); });
}

boost::json::value ApiClient::post(const std::string& path, const boost::json::object& body,
                                   const std::string& idempotency_key) {
  const auto text = boost::json::serialize(body);
  const auto headers = impl_->headers(idempotency_key);
  return impl_->call("POST " + path, !idempotency_key.empty(),
                     [&] { return impl_->http.Post(path, headers, text, "application/json"); });
}

boost::json::value ApiClient::del(const std::string& path, const std::string& idempotency_key) {
  const auto headers = impl_->headers(idempotency_key);
  return impl_->call("DELETE " + path, !idempotency_key.empty(), [&] { return impl_->http.Delete(path, headers); });
}

boost::json::value ApiClient::patch(const std::string& path, const boost::json::object& body,
                                    const std::string& idempotency_key) {
  const auto text = boost::json::serialize(body);
  const auto headers = impl_->headers(idempotency_key);
  return impl_->call("PATCH " + path, !idempotency_key.empty(),
                     [&] { return impl_->http.Patch(path, headers, text, "application/merge-patch+json"); });
}

void ApiClient::stop() { impl_->http.stop(); }

bool ApiClient::follow(const std::string& path, const std::string& last_event_id, const std::function<void()>& on_open,
                       const std::function<bool(const ServerEvent&)>& on_event) {
  impl_->http.set_read_timeout(kStreamReadTimeoutS, 0);
  auto headers = impl_->headers();
  headers.erase("Accept");
  headers.emplace("Accept", "text/event-stream");
  if (!last_event_id.empty()) headers.emplace("Last-Event-ID", last_event_id);
  SseReader reader;
  bool stopped_by_caller = false;
  int status = 0;
  std::string retry_after;
  auto res = impl_->http.Get(
      path, headers,
      [&](const httplib::Response& r) {
        status = r.status;
        if (r.status != 200) {
          retry_after = r.get_header_value("Retry-After");
          return false;
        }
        on_open();
        return true;
      },
      [&](const char* data, size_t len) {
        bool go_on = reader.feed(std::string_view(data, len), on_event);
        if (!go_on) stopped_by_caller = true;
        return go_on;
      });
  if (stopped_by_caller) return true;
  // The body of a refused stream is not read (the handler stopped at the head): the status says enough.
  if (status >= 400) throw error_for_response(status, "", retry_after, !impl_->token.empty());
  (void)res;
  return false;
}

}  // namespace storefleet::cli
