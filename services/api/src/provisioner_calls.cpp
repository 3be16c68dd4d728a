#include "storefleet/api/provisioner_calls.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/url/parse.hpp>
#include <openssl/err.h>

#include "storefleet/core/log.hpp"

namespace storefleet::api {
namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;

namespace {

// One exchange on an open stream (plain or TLS), each step bounded by what is left of the deadline.
template <class Stream>
net::awaitable<CredentialsReply> exchange(Stream& stream, http::request<http::empty_body>& req,
                                          const std::function<void()>& arm) {
  arm();
  co_await http::async_write(stream, req, net::use_awaitable);
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(64 * 1024);
  arm();
  co_await http::async_read(stream, buffer, parser, net::use_awaitable);
  auto res = parser.release();
  co_return CredentialsReply{static_cast<int>(res.result_int()), std::move(res.body())};
}

}  // namespace

ProvisionerCalls::ProvisionerCalls(const std::string& base_url, std::string bearer_token, const std::string& ca_file,
                                   std::chrono::milliseconds deadline)
    : tls_(net::ssl::context::tls_client), token_(std::move(bearer_token)), deadline_(deadline) {
  auto url = boost::urls::parse_uri(base_url);
  if (!url || (url->scheme() != "http" && url->scheme() != "https") || url->host().empty())
    throw std::invalid_argument("provisioner URL must be http://host:port or https://host:port: " + base_url);
  https_ = url->scheme() == "https";
  host_ = std::string(url->host());
  port_ = url->has_port() ? std::string(url->port()) : (https_ ? "443" : "80");
  if (https_) {
    tls_.set_options(net::ssl::context::no_tlsv1 | net::ssl::context::no_tlsv1_1);
    if (ca_file.empty())
      tls_.set_default_verify_paths();
    else
      tls_.load_verify_file(ca_file);
    tls_.set_verify_mode(net::ssl::verify_peer);
  }
  thread_ = std::thread([ioc = ioc_.get()] {
    auto guard = net::make_work_guard(*ioc);
    ioc->run();
  });
}

ProvisionerCalls::~ProvisionerCalls() { shutdown(); }

void ProvisionerCalls::shutdown() {
  if (!ioc_) return;
  ioc_->stop();
  if (thread_.joinable()) thread_.join();
  completions_->stop();
  completions_->join();
  ioc_.reset();          // destroys the calls still pending, and their `done`
  completions_.reset();  // and replies not yet handed over
}

void ProvisionerCalls::fetch_credentials(const std::string& store, std::function<void(CredentialsReply)> done) {
  // `store` passed validate_store_name ([a-z0-9-]): safe in a path as is.
  get("/stores/" + store + "/credentials", std::move(done));
}

void ProvisionerCalls::get(std::string path, std::function<void(CredentialsReply)> done) {
  auto call = [this, path]() -> net::awaitable<CredentialsReply> {
    auto ex = co_await net::this_coro::executor;
    const auto deadline = std::chrono::steady_clock::now() + deadline_;
    tcp::resolver resolver(ex);
    auto endpoints = co_await resolver.async_resolve(host_, port_, net::use_awaitable);
    http::request<http::empty_body> req{http::verb::get, path, 11};
    req.set(http::field::host, host_);
    req.set(http::field::accept, "application/json");
    if (!token_.empty()) req.set(http::field::authorization, "Bearer " + token_);
    if (!https_) {
      beast::tcp_stream stream(ex);
      auto arm = [&] { stream.expires_at(deadline); };
      arm();
      co_await stream.async_connect(endpoints, net::use_awaitable);
      co_return co_await exchange(stream, req, arm);
    }
    beast::ssl_stream<beast::tcp_stream> stream(ex, tls_);
    auto arm = [&] { beast::get_lowest_layer(stream).expires_at(deadline); };
    if (!SSL_set_tlsext_host_name(stream.native_handle(), host_.c_str()))
      throw beast::system_error(static_cast<int>(::ERR_get_error()), net::error::get_ssl_category());
    stream.set_verify_callback(net::ssl::host_name_verification(host_));
    arm();
    co_await beast::get_lowest_layer(stream).async_connect(endpoints, net::use_awaitable);
    arm();
    co_await stream.async_handshake(net::ssl::stream_base::client, net::use_awaitable);
    co_return co_await exchange(stream, req, arm);
  };
  if (!ioc_) return;  // shut down: the call is dropped, as pending ones are
  net::co_spawn(*ioc_, std::move(call),
                [this, done = std::move(done)](std::exception_ptr failure, CredentialsReply reply) mutable {
                  if (failure) {
                    try {
                      std::rethrow_exception(failure);
                    } catch (const std::exception& e) {
                      log::warn("provisioner-link", "credentials request failed", {{"error", e.what()}});
                    }
                    reply = {};
                  }
                  net::post(*completions_, [done = std::move(done), reply = std::move(reply)]() mutable {
                    done(std::move(reply));
                  });
                });
}

}  // namespace storefleet::api
