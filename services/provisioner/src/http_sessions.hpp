#pragma once
// The provisioner's connection sessions (included by http_server.cpp only: the one Beast translation unit), in the
// API's style (Beast's advanced_server_flex): one session object per connection, templated on the stream (plain
// TCP or TLS over TCP), each step a completion handler. One io thread runs them all, so the io thread is their
// strand; credentials reads go to a small pool and come back to it with net::post. An event stream is handed to an
// SseSession that replays the event log and then waits on a timer that notify() cancels.
#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/json.hpp>

#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <type_traits>

#include "storefleet/core/log.hpp"
#include "storefleet/core/sse.hpp"
#include "storefleet/core/store.hpp"
#include "storefleet/db/events.hpp"
#include "storefleet/provisioner/http_server.hpp"
#include "storefleet/provisioner/internal_auth.hpp"

namespace storefleet::provisioner {
namespace net = boost::asio;
namespace ssl = boost::asio::ssl;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;
using TlsStream = beast::ssl_stream<beast::tcp_stream>;
using Request = http::request<http::string_body>;
using Response = http::response<http::string_body>;

inline std::string error_json(const std::string& code, const std::string& message) {
  return boost::json::serialize(boost::json::object{
      {"error", boost::json::object{{"code", code}, {"message", message}, {"details", boost::json::array{}}}}});
}

struct HttpServer::Impl {
  Impl(db::Database& d, HttpHandlers h, std::string t, SseTiming tm)
      : db(d), handlers(std::move(h)), token(std::move(t)), timing(tm) {}

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
  // Everything but /healthz. The token comparison is constant-time (internal_auth).
  AccessDecision decide(const Request& req) const { return internal_access(token, req[http::field::authorization]); }
  void accept();
  void wake_subscribers();
  // /healthz, /metrics, /wake and the errors (everything answered at once, on the io thread).
  Response route(const Request& req);
  // GET /stores/{name}/credentials once the pool has the handler's reply (or refused before asking it).
  Response credentials_response(const Request& req, const std::string& store, std::optional<HttpReply> reply);
};

void refuse(Response& res, AccessDecision d);
// "/stores/{name}/credentials" → name (unchecked; the handler validates it).
std::optional<std::string> credentials_target(const std::string& path);

// An event stream: the head, then the log's events after Last-Event-ID (all of them, 500 a read), then new ones as
// notify() or the recheck timer finds them, with heartbeats. It ends when a write fails or the server stops.
template <class Stream>
class SseSession : public std::enable_shared_from_this<SseSession<Stream>> {
 public:
  SseSession(Stream&& stream, HttpServer::Impl& srv, std::int64_t last)
      : stream_(std::move(stream)), srv_(srv), last_(last), timer_(std::make_shared<net::steady_timer>(srv.ioc)) {}

  void start() {
    beast::get_lowest_layer(stream_).expires_never();
    out_ = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\n"
           "Connection: keep-alive\r\nX-Accel-Buffering: no\r\nTransfer-Encoding: chunked\r\n\r\n" +
           chunk(sse_retry_frame());
    srv_.subscribers.push_back(timer_);
    next_heartbeat_ = std::chrono::steady_clock::now() + srv_.timing.heartbeat;
    net::async_write(stream_, net::buffer(out_), [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
      if (!ec) self->pump();
    });
  }

 private:
  static std::string chunk(const std::string& data) {
    char size[20];
    std::snprintf(size, sizeof size, "%zx\r\n", data.size());
    return size + data + "\r\n";
  }

  // Writes what the log holds after last_ (or a heartbeat when due), then waits.
  void pump() {
    std::vector<db::Event> events;
    try {
      events = srv_.db.read([&](db::Conn& c) { return db::EventLog::read_after(c, last_, kPage); });
    } catch (const std::exception& e) {
      log::warn("sse", "reading events failed", {{"error", e.what()}});
    }
    std::string frames;
    for (const auto& e : events) {
      frames += sse_frame(e);  // the same frames as the API's (core/sse.hpp)
      last_ = e.id;
    }
    const auto now = std::chrono::steady_clock::now();
    if (frames.empty() && now >= next_heartbeat_) frames = std::string(kSseHeartbeat);
    if (frames.empty()) return wait();
    next_heartbeat_ = now + srv_.timing.heartbeat;
    out_ = chunk(frames);
    const bool more = events.size() == kPage;  // still replaying
    net::async_write(stream_, net::buffer(out_),
                     [self = this->shared_from_this(), more](beast::error_code ec, std::size_t) {
                       if (ec) return;  // the client went away
                       if (more) return self->pump();
                       self->wait();
                     });
  }

  void wait() {
    timer_->expires_at(std::min(next_heartbeat_, std::chrono::steady_clock::now() + srv_.timing.recheck));
    timer_->async_wait([self = this->shared_from_this()](beast::error_code) {  // cancelled by notify()
      if (self->srv_.acceptor.is_open()) self->pump();
    });
  }

  static constexpr std::size_t kPage = 500;
  Stream stream_;
  HttpServer::Impl& srv_;
  std::int64_t last_;
  std::shared_ptr<net::steady_timer> timer_;
  std::chrono::steady_clock::time_point next_heartbeat_;
  std::string out_;  // the write in flight
};

// One connection: TLS first when configured (the handshake within 10 s), then requests, one at a time.
template <class Stream>
class HttpSession : public std::enable_shared_from_this<HttpSession<Stream>> {
 public:
  HttpSession(Stream&& stream, HttpServer::Impl& srv) : stream_(std::move(stream)), srv_(srv) {}

  void run() {
    if constexpr (std::is_same_v<Stream, TlsStream>) {
      beast::get_lowest_layer(stream_).expires_after(std::chrono::seconds(10));
      stream_.async_handshake(ssl::stream_base::server,
                              [self = this->shared_from_this()](beast::error_code ec) {
                                if (!ec) self->read();
                              });
    } else {
      read();
    }
  }

 private:
  void read() {
    req_ = {};
    beast::get_lowest_layer(stream_).expires_after(std::chrono::seconds(60));
    http::async_read(stream_, buffer_, req_, [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
      if (ec) return self->close();
      self->on_request();
    });
  }

  void on_request() {
    const std::string target(req_.target());
    const std::string path = target.substr(0, target.find('?'));
    if (!host_allowed(req_[http::field::host], srv_.listen_host, srv_.listen_port)) {
      Response res{http::status::forbidden, req_.version()};
      res.set(http::field::content_type, "application/json");
      res.body() = error_json("forbidden", "Host is not this server's address");
      res.keep_alive(false);
      return send(std::move(res));
    }
    if (auto store = credentials_target(path)) return credentials(std::move(*store));
    if (path == "/events" && req_.method() == http::verb::get) {
      if (const auto d = srv_.decide(req_); d != AccessDecision::allow) {
        Response res{http::status::unauthorized, req_.version()};
        refuse(res, d);
        res.keep_alive(false);
        return send(std::move(res));
      }
      std::int64_t last = -1;
      try {
        const auto header = req_["Last-Event-ID"];
        if (!header.empty()) last = std::stoll(std::string(header));
      } catch (...) {
        last = -1;
      }
      if (last < 0) last = srv_.db.read([](db::Conn& c) { return db::EventLog::last_id(c); });  // live only
      return std::make_shared<SseSession<Stream>>(std::move(stream_), srv_, last)->start();
    }
    send(srv_.route(req_));
  }

  // Asked on the pool (the handler may wait on the cluster), answered back on the io thread.
  void credentials(std::string store) {
    const bool can_ask =
        req_.method() == http::verb::get && srv_.decide(req_) == AccessDecision::allow && srv_.handlers.credentials;
    if (!can_ask) return send(srv_.credentials_response(req_, store, std::nullopt));
    net::post(srv_.blocking, [self = this->shared_from_this(), store = std::move(store)] {
      HttpReply reply;
      try {
        reply = self->srv_.handlers.credentials(store);
      } catch (const std::exception&) {
        reply = {500, error_json("internal", "reading credentials failed")};
      }
      net::post(self->srv_.ioc, [self, store, reply = std::move(reply)]() mutable {
        self->send(self->srv_.credentials_response(self->req_, store, std::move(reply)));
      });
    });
  }

  void send(Response res) {
    res.prepare_payload();
    auto owned = std::make_shared<Response>(std::move(res));
    http::async_write(stream_, *owned, [self = this->shared_from_this(), owned](beast::error_code ec, std::size_t) {
      if (ec || !owned->keep_alive()) return self->close();
      self->read();
    });
  }

  void close() {
    beast::error_code ignored;
    beast::get_lowest_layer(stream_).socket().shutdown(tcp::socket::shutdown_both, ignored);
  }

  Stream stream_;
  HttpServer::Impl& srv_;
  beast::flat_buffer buffer_;
  Request req_;
};

}  // namespace storefleet::provisioner
