// The only translation unit of the Kubernetes client that includes Beast.
#include "storefleet/provisioner/kube_client.hpp"

#include <array>
#include <atomic>

#include "storefleet/provisioner/cancel_token.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include <algorithm>
#include <thread>

namespace net = boost::asio;
namespace ssl = boost::asio::ssl;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;

namespace storefleet::provisioner {

bool is_retryable_status(int status) noexcept { return status == 0 || status == 429 || status >= 500; }

std::chrono::milliseconds retry_delay(int attempt, const std::optional<int>& retry_after, const RetryPolicy& p) {
  if (retry_after && *retry_after >= 0)
    return std::min<std::chrono::milliseconds>(std::chrono::seconds(*retry_after), p.retry_after_cap);
  const int shift = std::clamp(attempt - 1, 0, 16);
  return std::min<std::chrono::milliseconds>(p.base * (1LL << shift), p.cap);
}

namespace {

constexpr auto kUseTuple = net::as_tuple(net::use_awaitable);

struct Call {
  // request
  std::string method, target, body, content_type;
  std::chrono::milliseconds timeout{30000};
  // streaming
  const std::function<void(std::string_view)>* on_data = nullptr;
  // result
  int status = 0;
  bool clean = false;
  std::string response_body;
  std::optional<int> retry_after;
  std::string error;
  bool done = false;
};

template <class Stream>
net::awaitable<void> exchange(Stream& stream, Call& call, const ClusterConfig& cfg) {
  auto& lowest = beast::get_lowest_layer(stream);
  http::request<http::string_body> req{http::string_to_verb(call.method), cfg.base_path + call.target, 11};
  req.set(http::field::host, cfg.host + ":" + cfg.port);
  req.set(http::field::user_agent, "storefleet-provisioner");
  req.set(http::field::accept, "application/json");
  if (!cfg.token.empty()) req.set(http::field::authorization, "Bearer " + cfg.token);
  if (!call.body.empty() || call.method == "POST" || call.method == "PUT" || call.method == "PATCH") {
    req.set(http::field::content_type, call.content_type);
    req.body() = call.body;
  }
  req.prepare_payload();
  lowest.expires_after(call.timeout);
  if (auto [ec, n] = co_await http::async_write(stream, req, kUseTuple); ec) {
    call.error = "write: " + ec.message();
    co_return;
  }
  beast::flat_buffer buf;
  if (!call.on_data) {
    http::response_parser<http::string_body> parser;
    parser.body_limit(256u * 1024 * 1024);
    if (auto [ec, n] = co_await http::async_read(stream, buf, parser, kUseTuple); ec) {
      call.error = "read: " + ec.message();
      co_return;
    }
    auto& res = parser.get();
    call.status = res.result_int();
    call.response_body = std::move(res.body());
    if (auto it = res.find(http::field::retry_after); it != res.end()) {
      try {
        call.retry_after = std::stoi(std::string(it->value()));
      } catch (...) {
      }
    }
    call.clean = true;
    co_return;
  }
  // Streaming: read the header, then the body piece by piece as the server flushes it.
  http::response_parser<http::buffer_body> parser;
  parser.body_limit(boost::none);
  lowest.expires_after(call.timeout);
  if (auto [ec, n] = co_await http::async_read_header(stream, buf, parser, kUseTuple); ec) {
    call.error = "read header: " + ec.message();
    co_return;
  }
  call.status = parser.get().result_int();
  std::array<char, 16384> chunk{};
  while (!parser.is_done()) {
    parser.get().body().data = chunk.data();
    parser.get().body().size = chunk.size();
    lowest.expires_after(call.timeout);  // for streams, `timeout` is the idle limit
    // read_some returns as soon as some body arrived (a watch event), not when the buffer is full.
    auto [ec, n] = co_await http::async_read_some(stream, buf, parser, kUseTuple);
    if (ec == http::error::need_buffer) ec = {};
    const std::size_t got = chunk.size() - parser.get().body().size;
    if (got > 0) {
      if (call.status == 200)
        (*call.on_data)(std::string_view(chunk.data(), got));
      else if (call.response_body.size() < 65536)
        call.response_body.append(chunk.data(), got);
    }
    if (ec) {
      call.error = "read body: " + ec.message();
      co_return;
    }
  }
  call.clean = true;
}

}  // namespace

struct KubeClient::Impl {
  ClusterConfig cfg;
  RetryPolicy retry;
  ssl::context tls{ssl::context::tls_client};

  Impl(ClusterConfig c, RetryPolicy r) : cfg(std::move(c)), retry(r) {
    tls.set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3 |
                    ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1);
    if (cfg.insecure) {
      tls.set_verify_mode(ssl::verify_none);
    } else {
      tls.set_verify_mode(ssl::verify_peer);
      if (!cfg.ca_pem.empty())
        tls.add_certificate_authority(net::buffer(cfg.ca_pem));
      else
        tls.set_default_verify_paths();
    }
    if (!cfg.client_cert_pem.empty()) {
      tls.use_certificate_chain(net::buffer(cfg.client_cert_pem));
      tls.use_private_key(net::buffer(cfg.client_key_pem), ssl::context::pem);
    }
  }

  net::awaitable<void> run(Call& call) {
    auto ex = co_await net::this_coro::executor;
    tcp::resolver resolver(ex);
    auto [rec, endpoints] = co_await resolver.async_resolve(cfg.host, cfg.port, kUseTuple);
    if (rec) {
      call.error = "resolve " + cfg.host + ": " + rec.message();
      co_return;
    }
    if (cfg.tls) {
      beast::ssl_stream<beast::tcp_stream> stream(ex, tls);
      beast::get_lowest_layer(stream).expires_after(call.timeout);
      if (auto [ec, ep] = co_await beast::get_lowest_layer(stream).async_connect(endpoints, kUseTuple); ec) {
        call.error = "connect " + cfg.host + ":" + cfg.port + ": " + ec.message();
        co_return;
      }
      if (!SSL_set_tlsext_host_name(stream.native_handle(), cfg.host.c_str())) {
        call.error = "TLS SNI setup failed";
        co_return;
      }
      if (!cfg.insecure) stream.set_verify_callback(ssl::host_name_verification(cfg.host));
      if (auto [ec] = co_await stream.async_handshake(ssl::stream_base::client, kUseTuple); ec) {
        call.error = "TLS handshake with " + cfg.host + ": " + ec.message();
        co_return;
      }
      co_await exchange(stream, call, cfg);
      beast::error_code ignored;
      beast::get_lowest_layer(stream).socket().shutdown(tcp::socket::shutdown_both, ignored);
    } else {
      beast::tcp_stream stream(ex);
      stream.expires_after(call.timeout);
      if (auto [ec, ep] = co_await stream.async_connect(endpoints, kUseTuple); ec) {
        call.error = "connect " + cfg.host + ":" + cfg.port + ": " + ec.message();
        co_return;
      }
      co_await exchange(stream, call, cfg);
      beast::error_code ignored;
      stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
    }
  }

  // Runs one call to completion (or until `stop`), on a private io_context.
  void execute(Call& call, const std::atomic<bool>* stop) {
    net::io_context ioc;
    net::co_spawn(ioc, run(call), [&](std::exception_ptr e) {
      if (e) {
        try {
          std::rethrow_exception(e);
        } catch (const std::exception& ex) {
          call.error = ex.what();
        }
      }
      call.done = true;
    });
    while (!call.done) {
      ioc.run_for(std::chrono::milliseconds(200));
      if (stop && stop->load()) {
        call.error = "stopped";
        break;
      }
      if (ioc.stopped() && !call.done) break;
    }
  }
};

KubeClient::KubeClient(ClusterConfig cfg, RetryPolicy retry) : impl_(std::make_unique<Impl>(std::move(cfg), retry)) {}
KubeClient::~KubeClient() = default;

const ClusterConfig& KubeClient::config() const noexcept { return impl_->cfg; }

namespace {
constexpr std::array<std::string_view, 5> kMethods{"GET", "POST", "PUT", "PATCH", "DELETE"};
std::array<std::atomic<std::uint64_t>, kMethods.size()> request_counts{};
}  // namespace

std::vector<std::pair<std::string, std::uint64_t>> kube_requests_by_method() {
  std::vector<std::pair<std::string, std::uint64_t>> out;
  for (std::size_t i = 0; i < kMethods.size(); ++i) out.emplace_back(kMethods[i], request_counts[i].load());
  return out;
}

KubeResponse KubeClient::request_once(std::string_view method, const std::string& target, const std::string& body,
                                      const std::string& content_type, std::chrono::milliseconds timeout) {
  for (std::size_t i = 0; i < kMethods.size(); ++i)
    if (kMethods[i] == method) request_counts[i].fetch_add(1, std::memory_order_relaxed);
  Call call;
  call.method = method;
  call.target = target;
  call.body = body;
  call.content_type = content_type;
  call.timeout = timeout;
  impl_->execute(call, nullptr);
  return KubeResponse{call.status, std::move(call.response_body), call.retry_after, std::move(call.error)};
}

KubeResponse KubeClient::request(std::string_view method, const std::string& target, const std::string& body,
                                 const std::string& content_type, std::chrono::milliseconds timeout) {
  KubeResponse res;
  const auto& policy = impl_->retry;
  const auto started = std::chrono::steady_clock::now();
  const auto left = [&] {
    return policy.budget - std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
  };
  const auto cancelled = [&] {
    res = KubeResponse{};
    res.error = "cancelled: the job's lease was lost";
    return res;
  };
  for (int attempt = 1;; ++attempt) {
    if (CancelScope::cancelled()) return cancelled();  // a lost lease: no further side effect
    const auto this_try = policy.budget.count() > 0 ? std::clamp(left(), std::chrono::milliseconds(1), timeout) : timeout;
    res = request_once(method, target, body, content_type, this_try);
    if (!is_retryable_status(res.status) || attempt >= policy.attempts) return res;
    const auto delay = retry_delay(attempt, res.retry_after_seconds, policy);
    if (policy.budget.count() > 0 && left() <= delay) return res;  // no time for another try
    // Sleep in slices, so a cancelled job stops waiting within 100 ms.
    for (auto until = std::chrono::steady_clock::now() + delay; std::chrono::steady_clock::now() < until;) {
      if (CancelScope::cancelled()) return cancelled();
      std::this_thread::sleep_for(std::min<std::chrono::nanoseconds>(std::chrono::milliseconds(100),
                                                                     until - std::chrono::steady_clock::now()));
    }
  }
}

StreamResult KubeClient::stream(const std::string& target, const std::function<void(std::string_view)>& on_data,
                                std::chrono::milliseconds idle, const std::atomic<bool>& stop) {
  Call call;
  call.method = "GET";
  call.target = target;
  call.timeout = idle;
  call.on_data = &on_data;
  impl_->execute(call, &stop);
  return StreamResult{call.status, call.clean, std::move(call.response_body), std::move(call.error)};
}

}  // namespace storefleet::provisioner
