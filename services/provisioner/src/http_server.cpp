// The only translation unit of the HTTP server that includes Beast (the sessions are in http_sessions.hpp).
#include "storefleet/provisioner/http_server.hpp"

#include "http_sessions.hpp"
#include "storefleet/core/tls.hpp"

namespace storefleet::provisioner {

void refuse(Response& res, AccessDecision d) {
  res.set(http::field::content_type, "application/json");
  if (d == AccessDecision::unauthorized) {
    res.result(http::status::unauthorized);
    res.set(http::field::www_authenticate, "Bearer");
    res.body() = error_json("unauthorized", "missing or wrong bearer token");
  } else {
    res.result(http::status::forbidden);
    res.body() = error_json("forbidden", "no internal token is configured");
  }
}

std::optional<std::string> credentials_target(const std::string& path) {
  constexpr std::string_view prefix = "/stores/", suffix = "/credentials";
  if (path.size() <= prefix.size() + suffix.size() || !path.starts_with(prefix) || !path.ends_with(suffix))
    return std::nullopt;
  auto name = path.substr(prefix.size(), path.size() - prefix.size() - suffix.size());
  if (name.find('/') != std::string::npos) return std::nullopt;
  return name;
}

Response HttpServer::Impl::credentials_response(const Request& req, const std::string& store,
                                                std::optional<HttpReply> reply) {
  Response res{http::status::ok, req.version()};
  res.keep_alive(req.keep_alive());
  res.set(http::field::content_type, "application/json");
  res.set(http::field::cache_control, "no-store");
  if (req.method() != http::verb::get) {
    res.result(http::status::method_not_allowed);
    res.set(http::field::allow, "GET");
    res.body() = error_json("method_not_allowed", "use GET");
  } else if (const auto d = decide(req); d != AccessDecision::allow) {
    refuse(res, d);
  } else if (!reply) {
    res.result(http::status::not_found);
    res.body() = error_json("not_found", "no such endpoint");
  } else {
    res.result(static_cast<http::status>(reply->status));
    res.body() = std::move(reply->body);
  }
  // Nothing but the store name and the status is logged.
  const bool valid_name = validate_store_name(store).empty();
  log::info("http", "credentials request", {{"store", valid_name ? store : "(invalid name)"},
                                            {"status", std::to_string(res.result_int())}});
  return res;
}

Response HttpServer::Impl::route(const Request& req) {
  Response res{http::status::ok, req.version()};
  res.keep_alive(req.keep_alive());
  res.set(http::field::content_type, "application/json");
  const std::string target(req.target());
  const std::string path = target.substr(0, target.find('?'));
  auto reply = [&](http::status st, std::string body, const char* type = "application/json") {
    res.result(st);
    res.set(http::field::content_type, type);
    res.body() = std::move(body);
  };
  if (path == "/healthz" && req.method() == http::verb::get) {
    reply(http::status::ok, handlers.health_json());
  } else if (path == "/metrics" && req.method() == http::verb::get) {
    if (const auto d = decide(req); d != AccessDecision::allow)
      refuse(res, d);
    else
      reply(http::status::ok, handlers.metrics(), "text/plain; version=0.0.4; charset=utf-8");
  } else if (path == "/wake") {
    if (req.method() != http::verb::post) {
      reply(http::status::method_not_allowed, error_json("method_not_allowed", "use POST"));
      res.set(http::field::allow, "POST");
    } else if (const auto d = decide(req); d != AccessDecision::allow) {
      refuse(res, d);
    } else {
      handlers.wake();
      reply(http::status::ok, R"({"ok":true})");
    }
  } else if (path == "/healthz" || path == "/metrics" || path == "/events") {
    reply(http::status::method_not_allowed, error_json("method_not_allowed", "use GET"));
    res.set(http::field::allow, "GET");
  } else {
    reply(http::status::not_found, error_json("not_found", "no such endpoint"));
  }
  return res;
}

void HttpServer::Impl::accept() {
  acceptor.async_accept([this](beast::error_code ec, tcp::socket socket) {
    if (!acceptor.is_open()) return;
    if (!ec) {
      if (auto ctx = current_tls())
        std::make_shared<HttpSession<TlsStream>>(TlsStream(std::move(socket), *ctx), *this)->run();
      else
        std::make_shared<HttpSession<beast::tcp_stream>>(beast::tcp_stream(std::move(socket)), *this)->run();
    }
    accept();
  });
}

void HttpServer::Impl::wake_subscribers() {
  for (auto it = subscribers.begin(); it != subscribers.end();) {
    if (auto t = it->lock()) {
      t->cancel();
      ++it;
    } else {
      it = subscribers.erase(it);
    }
  }
}

HttpServer::HttpServer(db::Database& db, HttpHandlers handlers, std::string internal_token, SseTiming timing)
    : impl_(std::make_unique<Impl>(db, std::move(handlers), std::move(internal_token), timing)) {}

HttpServer::~HttpServer() { stop(); }

unsigned short HttpServer::start(const std::string& host, unsigned short port) {
  const tcp::endpoint ep(net::ip::make_address(host), port);
  impl_->acceptor.open(ep.protocol());
  impl_->acceptor.set_option(net::socket_base::reuse_address(true));
  impl_->acceptor.bind(ep);
  impl_->acceptor.listen();
  const auto bound = impl_->acceptor.local_endpoint().port();
  impl_->listen_host = host;
  impl_->listen_port = bound;
  impl_->accept();
  impl_->thread = std::thread([this] { impl_->ioc.run(); });
  return bound;
}

void HttpServer::use_tls(const std::string& cert_file, const std::string& key_file) {
  auto ctx = make_server_tls_context(cert_file, key_file);  // throws: the caller keeps what it had
  std::lock_guard lock(impl_->tls_mutex);
  impl_->tls = std::move(ctx);
}

void HttpServer::notify() {
  net::post(impl_->ioc, [impl = impl_.get()] { impl->wake_subscribers(); });
}

void HttpServer::stop() {
  if (!impl_ || !impl_->thread.joinable()) return;
  net::post(impl_->ioc, [impl = impl_.get()] {
    beast::error_code ec;
    impl->acceptor.close(ec);
    impl->wake_subscribers();
    impl->ioc.stop();
  });
  impl_->thread.join();
  impl_->blocking.join();  // a credentials read in flight finishes (bounded by its timeout)
}

}  // namespace storefleet::provisioner
