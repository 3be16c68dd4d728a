#pragma once
// One client connection of the benchmark tools: plain TCP, or TLS (boost::asio::ssl) verifying the server's
// certificate against a CA file and its address (the benches' self-signed certificate names IP 127.0.0.1).
// The same calls either way, so a tool gains HTTPS by passing a TLS context (`--tls-ca FILE`).
#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>

#include <memory>
#include <string>

namespace bench {

namespace net = boost::asio;
namespace ssl = boost::asio::ssl;

// A client TLS context trusting exactly the PEM file `ca_file` (TLS 1.2 or newer); nullptr for plain HTTP.
inline std::shared_ptr<ssl::context> client_tls(const std::string& ca_file) {
  if (ca_file.empty()) return nullptr;
  auto ctx = std::make_shared<ssl::context>(ssl::context::tls_client);
  ctx->set_options(ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1);
  ctx->load_verify_file(ca_file);
  ctx->set_verify_mode(ssl::verify_peer);
  // Idle connections by the thousand (SSE subscribers): give read/write buffers back between records.
  SSL_CTX_set_mode(ctx->native_handle(), SSL_MODE_RELEASE_BUFFERS);
  return ctx;
}

class Stream {
 public:
  Stream(net::io_context& io, const std::shared_ptr<ssl::context>& tls) : plain_(io) {
    if (tls) tls_ = std::make_unique<ssl::stream<net::ip::tcp::socket>>(io, *tls);
  }

  net::ip::tcp::socket& socket() { return tls_ ? tls_->next_layer() : plain_; }
  bool is_tls() const { return tls_ != nullptr; }

  // Connects (TCP_NODELAY) and, with TLS, completes the handshake checking the certificate names the address.
  template <class Handler>
  void async_connect(const net::ip::tcp::endpoint& ep, Handler&& h) {
    socket().async_connect(ep, [this, ep, h = std::forward<Handler>(h)](boost::system::error_code ec) mutable {
      if (ec) return h(ec);
      socket().set_option(net::ip::tcp::no_delay(true), ec);
      if (!tls_) return h(boost::system::error_code{});
      tls_->set_verify_callback(ssl::host_name_verification(ep.address().to_string()));
      tls_->async_handshake(ssl::stream_base::client, std::move(h));
    });
  }

  template <class Buffers, class Handler>
  void async_write(const Buffers& b, Handler&& h) {
    if (tls_)
      net::async_write(*tls_, b, std::forward<Handler>(h));
    else
      net::async_write(plain_, b, std::forward<Handler>(h));
  }

  template <class Buffers, class Handler>
  void async_read_some(const Buffers& b, Handler&& h) {
    if (tls_)
      tls_->async_read_some(b, std::forward<Handler>(h));
    else
      plain_.async_read_some(b, std::forward<Handler>(h));
  }

  // Closes the TCP connection (no TLS close_notify: the benches only ever abandon connections).
  void close() {
    boost::system::error_code ignored;
    socket().close(ignored);
  }

 private:
  net::ip::tcp::socket plain_;  // unused with TLS (the TLS stream owns its own socket)
  std::unique_ptr<ssl::stream<net::ip::tcp::socket>> tls_;
};

}  // namespace bench
