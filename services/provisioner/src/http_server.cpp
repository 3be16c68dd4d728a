// The only translation unit of the HTTP server that includes Beast.
#include "storefleet/provisioner/http_server.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/json.hpp>

#include <list>
#include <optional>
#include <thread>

#include "storefleet/core/log.hpp"
#include "storefleet/core/sse.hpp"
#include "storefleet/core/tls.hpp"
#include "storefleet/core/store.hpp"
#include "storefleet/db/events.hpp"
#include "storefleet/provisioner/internal_auth.hpp"

namespace net = boost::asio;
namespace ssl = boost::asio::ssl;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;

namespace storefleet::provisioner {

namespace {
constexpr auto kTuple = net::as_tuple(net::use_awaitable);

std::string error_json(const std::string& code, const std::string& message) {
  return boost::json::serialize(boost::json::object{
      {"error", boost::json::object{{"code", code}, {"message", message}, {"details", boost::json::array{}}}}});
}

std::string chunk(const std::string& data) {
  char size[20];
  std::snprintf(size, sizeof size, "%zx\r\n", data.size());
  return size + data + "\r\n";
}

// "/stores/{name}/credentials" → name (unchecked; the handler validates it).
std::optional<std::string> credentials_target(const std::string& path) {
  constexpr std::string_view prefix = "/stores/", suffix = "/credentials";
  if (path.size() <= prefix.size() + suffix.size() || !path.starts_with(prefix) || !path.ends_with(suffix))
    return std::nullopt;
  auto name = path.substr(prefix.size(), path.size() - prefix.size() - suffix.size());
  if (name.find('/') != std::string::npos) return std::nullopt;
  return name;
}

std::int64_t parse_id(std::string_view s) {
  try {
    return s.empty() ? -1 : std::stoll(std::string(s));
  } catch (...) {
    return -1;
  }
}
}  // namespace

struct HttpServer::Impl {
  db::Database& db;
  HttpHandlers handlers;
  std::string token;
  SseTiming timing;
  net::io_context ioc;
  net::thread_pool blocking{2};  // credentials reads wait on the cluster; never on the io thread
  tcp::acceptor acceptor{ioc};
  std::thread thread;
  std::list<std::weak_ptr<net::steady_timer>> subscribers;  // only touched on the io thread
  std::string listen_host;  // set by start() before the first session, for the Host check
  unsigned short listen_port = 0;
  std::mutex tls_mutex;
  std::shared_ptr<ssl::context> tls;  // nullptr: plain HTTP; a reload replaces it for new connections
  std::shared_ptr<ssl::context> current_tls() {
    std::lock_guard lock(tls_mutex);
    return tls;
  }

  Impl(db::Database& d, HttpHandlers h, std::string t, SseTiming tm)
      : db(d), handlers(std::move(h)), token(std::move(t)), timing(tm) {}

  // Everything but /healthz. The token comparison is constant-time (internal_auth).
  AccessDecision internal_decision(const http::request<http::string_body>& req) const {
    return internal_access(token, req[http::field::authorization]);
  }

  static void refuse(http::response<http::string_body>& res, AccessDecision d) {
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

  // GET /stores/{name}/credentials. Nothing but the store name and the status is logged.
  net::awaitable<http::response<http::string_body>> credentials(const http::request<http::string_body>& req,
                                                                std::string store) {
    http::response<http::string_body> res{http::status::ok, req.version()};
    res.keep_alive(req.keep_alive());
    res.set(http::field::content_type, "application/json");
    res.set(http::field::cache_control, "no-store");
    if (req.method() != http::verb::get) {
      res.result(http::status::method_not_allowed);
      res.set(http::field::allow, "GET");
      res.body() = error_json("method_not_allowed", "use GET");
    } else if (const auto d = internal_decision(req); d != AccessDecision::allow) {
      refuse(res, d);
    } else if (!handlers.credentials) {
      res.result(http::status::not_found);
      res.body() = error_json("not_found", "no such endpoint");
    } else {
      HttpReply reply;
      try {
        reply = co_await net::co_spawn(
            blocking, [&]() -> net::awaitable<HttpReply> { co_return handlers.credentials(store); },
            net::use_awaitable);
      } catch (const std::exception&) {
        reply = {500, error_json("internal", "reading credentials failed")};
      }
      res.result(static_cast<http::status>(reply.status));
      res.body() = std::move(reply.body);
    }
    const bool valid_name = validate_store_name(store).empty();
    log::info("http", "credentials request", {{"store", valid_name ? store : "(invalid name)"},
                                              {"status", std::to_string(res.result_int())}});
    res.prepare_payload();
    co_return res;
  }

  http::response<http::string_body> route(const http::request<http::string_body>& req) {
    http::response<http::string_body> res{http::status::ok, req.version()};
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
      if (const auto d = internal_decision(req); d != AccessDecision::allow)
        refuse(res, d);
      else
        reply(http::status::ok, handlers.metrics(), "text/plain; version=0.0.4; charset=utf-8");
    } else if (path == "/wake") {
      if (req.method() != http::verb::post) {
        reply(http::status::method_not_allowed, error_json("method_not_allowed", "use POST"));
        res.set(http::field::allow, "POST");
      } else if (const auto d = internal_decision(req); d != AccessDecision::allow) {
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
    res.prepare_payload();
    return res;
  }

  template <class Stream>
  net::awaitable<void> sse(Stream& stream, const http::request<http::string_body>& req) {
    std::int64_t last = parse_id(req["Last-Event-ID"]);
    if (last < 0) last = db.read([](db::Conn& c) { return db::EventLog::last_id(c); });  // live only
    beast::get_lowest_layer(stream).expires_never();
    const std::string head =
        "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\n"
        "Connection: keep-alive\r\nX-Accel-Buffering: no\r\nTransfer-Encoding: chunked\r\n\r\n" +
        chunk("retry: 2000\n\n");
    if (auto [ec, n] = co_await net::async_write(stream, net::buffer(head), kTuple); ec) co_return;

    auto timer = std::make_shared<net::steady_timer>(stream.get_executor());
    subscribers.push_back(timer);
    auto next_heartbeat = std::chrono::steady_clock::now() + timing.heartbeat;
    while (true) {
      std::vector<db::Event> events;
      try {
        events = db.read([&](db::Conn& c) { return db::EventLog::read_after(c, last, 500); });
      } catch (const std::exception& e) {
        log::warn("sse", "reading events failed", {{"error", e.what()}});
      }
      std::string out;
      for (const auto& e : events) {
        out += sse_frame(e);  // the same frames as the API's (core/sse.hpp)
        last = e.id;
      }
      const auto now = std::chrono::steady_clock::now();
      if (out.empty() && now >= next_heartbeat) out = ": heartbeat\n\n";
      if (!out.empty()) {
        next_heartbeat = now + timing.heartbeat;
        const std::string framed = chunk(out);
        if (auto [ec, n] = co_await net::async_write(stream, net::buffer(framed), kTuple); ec) break;
        if (events.size() == 500) continue;  // more to replay
      }
      timer->expires_at(std::min(next_heartbeat, std::chrono::steady_clock::now() + timing.recheck));
      co_await timer->async_wait(kTuple);  // cancelled by notify()
      if (!acceptor.is_open()) break;
    }
  }

  // One connection: TLS first when configured (the handshake within 10 s), then requests.
  net::awaitable<void> session(tcp::socket socket) {
    if (auto ctx = current_tls()) {
      beast::ssl_stream<beast::tcp_stream> stream(std::move(socket), *ctx);
      beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(10));
      if (auto [ec] = co_await stream.async_handshake(ssl::stream_base::server, kTuple); ec) co_return;
      co_await serve(stream);
    } else {
      beast::tcp_stream stream(std::move(socket));
      co_await serve(stream);
    }
  }

  template <class Stream>
  net::awaitable<void> serve(Stream& stream) {
    beast::flat_buffer buf;
    while (true) {
      http::request<http::string_body> req;
      beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(60));
      if (auto [ec, n] = co_await http::async_read(stream, buf, req, kTuple); ec) break;
      const std::string target(req.target());
      const std::string path = target.substr(0, target.find('?'));
      if (!host_allowed(req[http::field::host], listen_host, listen_port)) {
        http::response<http::string_body> res{http::status::forbidden, req.version()};
        res.set(http::field::content_type, "application/json");
        res.body() = error_json("forbidden", "Host is not this server's address");
        res.keep_alive(false);
        res.prepare_payload();
        co_await http::async_write(stream, res, kTuple);
        break;
      }
      if (auto store = credentials_target(path)) {
        auto res = co_await credentials(req, std::move(*store));
        if (auto [ec, n] = co_await http::async_write(stream, res, kTuple); ec || !res.keep_alive()) break;
        continue;
      }
      if (path == "/events" && req.method() == http::verb::get) {
        if (const auto d = internal_decision(req); d != AccessDecision::allow) {
          http::response<http::string_body> res{http::status::unauthorized, req.version()};
          refuse(res, d);
          res.prepare_payload();
          co_await http::async_write(stream, res, kTuple);
          break;
        }
        co_await sse(stream, req);
        break;
      }
      auto res = route(req);
      if (auto [ec, n] = co_await http::async_write(stream, res, kTuple); ec || !res.keep_alive()) break;
    }
    beast::error_code ignored;
    beast::get_lowest_layer(stream).socket().shutdown(tcp::socket::shutdown_both, ignored);
  }

  net::awaitable<void> accept_loop() {
    while (acceptor.is_open()) {
      auto [ec, socket] = co_await acceptor.async_accept(kTuple);
      if (ec) {
        if (!acceptor.is_open()) break;
        continue;
      }
      net::co_spawn(ioc, session(std::move(socket)), [](std::exception_ptr e) {
        if (!e) return;
        try {
          std::rethrow_exception(e);
        } catch (const std::exception& ex) {
          log::warn("http", "session error", {{"error", ex.what()}});
        }
      });
    }
  }

  void wake_subscribers() {
    for (auto it = subscribers.begin(); it != subscribers.end();) {
      if (auto t = it->lock()) {
        t->cancel();
        ++it;
      } else {
        it = subscribers.erase(it);
      }
    }
  }
};

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
  net::co_spawn(impl_->ioc, impl_->accept_loop(), net::detached);
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
