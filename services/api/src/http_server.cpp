// The only Beast translation unit of the API: listener, HTTP session, SSE session.
#include "storefleet/api/http_server.hpp"

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <sys/resource.h>

#include <mutex>
#include <thread>
#include <vector>

#include "storefleet/api/json_response.hpp"
#include "storefleet/api/request_parsing.hpp"
#include "storefleet/core/log.hpp"

namespace storefleet::api {
namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;

class HttpSession;

struct HttpServer::Impl {
  Impl(ServerOptions o, RequestPipeline& p, SseHub& h)
      : opts(std::move(o)), pipeline(p), hub(h), ioc(std::max(1, opts.threads)), acceptor(net::make_strand(ioc)),
        signals(ioc, SIGTERM, SIGINT) {
    if (opts.max_connections <= 0) opts.max_connections = default_max_connections();
  }

  ServerOptions opts;
  RequestPipeline& pipeline;
  SseHub& hub;
  // Declared before ioc: sessions destroyed while ioc shuts down still update these.
  std::atomic<bool> stopping{false};
  std::atomic<int> live_connections{0};  // HTTP and SSE sessions alive (for the shutdown wait)
  net::io_context ioc;
  tcp::acceptor acceptor;
  net::signal_set signals;
  std::mutex sessions_mutex;
  std::vector<std::weak_ptr<HttpSession>> sessions;  // to close idle keep-alive connections at shutdown
  std::vector<std::shared_ptr<net::steady_timer>> timers;
  std::vector<std::shared_ptr<std::function<void()>>> ticks;

  void accept();
  void begin_shutdown();
  void refuse_busy(tcp::socket s);
};

namespace {

std::string client_ip_of(const tcp::socket& s) {
  beast::error_code ec;
  auto ep = s.remote_endpoint(ec);
  return ec ? std::string() : ep.address().to_string();
}

// Raw bytes of a response head for the SSE stream (the body follows frame by frame, ended by closing).
std::string sse_head(const HttpResponse& r) {
  std::string h = "HTTP/1.1 200 OK\r\nContent-Type: " + r.content_type + "\r\n";
  for (const auto& [k, v] : r.headers) h += k + ": " + v + "\r\n";
  h += "Connection: close\r\n\r\n";
  return h;
}

}  // namespace

class SseSession : public SseSubscriber, public std::enable_shared_from_this<SseSession> {
 public:
  SseSession(beast::tcp_stream&& stream, HttpServer::Impl& srv) : stream_(std::move(stream)), srv_(srv) {
    ++srv_.live_connections;
  }
  ~SseSession() override { --srv_.live_connections; }

  void start(const SseStart& start) {
    stream_.expires_never();
    // Start the read first: Beast gives an operation the timeout set before it starts, and write_pending()
    // sets a 30 s write timeout that a read started after it would inherit, closing idle streams at 30 s.
    read_until_closed();
    auto first = sse_head(start.head);
    first += srv_.hub.subscribe(weak_from_this(), start.store, start.last_event_id, start.owner,
                                 {start.actor, start.session_id});
    // The replay may be large; only live frames count against the client's buffer limit.
    pending_ = std::move(first);
    write_pending();
  }
  void deliver(SseFrame frame) override {
    net::post(stream_.get_executor(), [self = shared_from_this(), f = std::move(frame)] { self->enqueue(*f); });
  }
  void finish(SseFrame last) override {
    net::post(stream_.get_executor(), [self = shared_from_this(), f = std::move(last)] {
      self->enqueue(*f);
      self->finishing_ = true;
      if (!self->writing_) self->close();
    });
  }

 private:
  // Frames wait in one byte buffer (the write queue) while a write is in flight; they go out together.
  // A client is slow when its buffer is over the limit and its current write has been stuck for a while, or
  // when the buffer passes a hard cap; a burst to a client that keeps reading is not a reason to drop it.
  void enqueue(const std::string& frame) {
    if (closed_ || finishing_) return;
    const auto size = pending_.size() + frame.size();
    const bool stuck = writing_ && std::chrono::steady_clock::now() - write_started_ > srv_.opts.sse_stall;
    if ((size > srv_.opts.sse_buffer_bytes && stuck) || size > srv_.opts.sse_buffer_bytes * 8) {
      srv_.hub.note_dropped();
      log::warn("sse", "slow client dropped", {{"buffered_bytes", std::to_string(pending_.size())}});
      return close();
    }
    pending_ += frame;
    if (!writing_) write_pending();
  }
  void write_pending() {
    if (pending_.empty()) return;
    writing_ = true;
    write_started_ = std::chrono::steady_clock::now();
    inflight_.swap(pending_);
    pending_.clear();
    stream_.expires_after(std::chrono::seconds(30));  // a client that stops reading cannot pin us forever
    net::async_write(stream_, net::buffer(inflight_),
                     [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_write(ec); });
  }
  void on_write(beast::error_code ec) {
    writing_ = false;
    if (ec) return close();
    inflight_.clear();
    if (!pending_.empty()) return write_pending();
    stream_.expires_never();
    if (finishing_) close();
  }
  void read_until_closed() {
    // Clients send nothing after the request; a completed read means they went away.
    stream_.async_read_some(net::buffer(scratch_), [self = shared_from_this()](beast::error_code ec, std::size_t) {
      if (ec) return self->close();
      self->read_until_closed();
    });
  }
  void close() {
    if (closed_) return;
    closed_ = true;
    pending_.clear();
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
    stream_.close();
  }

  beast::tcp_stream stream_;
  HttpServer::Impl& srv_;
  std::string pending_, inflight_;
  std::chrono::steady_clock::time_point write_started_{};
  std::array<char, 512> scratch_{};
  bool writing_ = false, finishing_ = false, closed_ = false;
};

class HttpSession : public std::enable_shared_from_this<HttpSession> {
 public:
  HttpSession(tcp::socket&& socket, HttpServer::Impl& srv) : stream_(std::move(socket)), srv_(srv) {
    ++srv_.live_connections;
  }
  ~HttpSession() { --srv_.live_connections; }

  void start() {
    net::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->read(); });
  }
  // Called at shutdown: an idle keep-alive connection is closed now, a busy one after its response.
  void close_if_idle() {
    net::post(stream_.get_executor(), [self = shared_from_this()] {
      if (!self->busy_ && !self->handed_off_) self->close();
    });
  }

 private:
  void read() {
    busy_ = false;
    if (srv_.stopping) return close();
    parser_.emplace();
    parser_->body_limit(srv_.opts.body_limit);
    parser_->header_limit(16 * 1024);
    // A connection that has not sent a whole first request soon holds a descriptor for nothing (slowloris).
    stream_.expires_after(served_any_ ? srv_.opts.idle_timeout
                                      : std::min(srv_.opts.idle_timeout, srv_.opts.first_request_timeout));
    http::async_read(stream_, buffer_, *parser_,
                     [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_read(ec); });
  }

  void on_read(beast::error_code ec) {
    busy_ = true;
    served_any_ = true;
    if (ec == http::error::end_of_stream || ec == beast::error::timeout || ec == net::error::operation_aborted ||
        ec == net::error::eof || ec == net::error::connection_reset)
      return close();
    if (ec == http::error::body_limit) {
      return reply_and_close(error_response(Errc::payload_too_large, "request body too large"), "POST", true);
    }
    if (ec) {  // malformed HTTP: answer once and hang up (the stream position is unknown)
      const bool started = buffer_.size() > 0 || parser_->got_some();
      if (!started) return close();
      return reply_and_close(error_response(Errc::bad_request, "malformed HTTP request"), "", true);
    }
    auto req = parser_->release();
    std::vector<std::pair<std::string, std::string>> fields;
    for (const auto& f : req) fields.emplace_back(f.name_string(), f.value());
    if (auto why = ambiguous_framing(fields))  // what follows on this connection cannot be trusted: hang up
      return reply_and_close(error_response(Errc::bad_request, *why), std::string(req.method_string()), true);
    RawRequest raw;
    raw.method = std::string(req.method_string());
    raw.target = std::string(req.target());
    for (const auto& f : req) raw.headers[std::string(f.name_string())] = std::string(f.value());
    raw.body = std::move(req.body());
    raw.client_ip = client_ip_of(stream_.socket());

    if (RequestPipeline::is_event_stream(raw.method, raw.target)) {
      auto start = srv_.pipeline.prepare_sse(raw);
      if (auto* s = std::get_if<SseStart>(&start); s && srv_.opts.max_streams_per_token > 0 &&
                                                     srv_.hub.streams_of_actor(s->actor) >=
                                                         static_cast<std::size_t>(srv_.opts.max_streams_per_token)) {
        // One credential must not hold every descriptor of the process with idle streams.
        auto refused = error_response(Errc::rate_limited, "too many open event streams for this credential");
        refused.set_header("Retry-After", "5");
        return send(std::move(refused), raw.method, req.version(), false);
      }
      if (auto* s = std::get_if<SseStart>(&start)) {
        handed_off_ = true;
        auto sse = std::make_shared<SseSession>(std::move(stream_), srv_);
        sse->start(*s);
        return;
      }
      return send(std::get<HttpResponse>(std::move(start)), raw.method, req.version(), false);
    }
    auto resp = srv_.pipeline.handle(raw);
    send(std::move(resp), raw.method, req.version(), req.keep_alive() && !srv_.stopping);
  }

  void send(HttpResponse r, const std::string& method, unsigned version, bool keep_alive) {
    auto res = std::make_shared<http::response<http::string_body>>(static_cast<http::status>(r.status), version);
    if (!r.content_type.empty()) res->set(http::field::content_type, r.content_type);
    for (const auto& [k, v] : r.headers) res->set(k, v);
    res->keep_alive(keep_alive);
    res->body() = std::move(r.body);
    res->prepare_payload();
    if (method == "HEAD") res->body().clear();  // Content-Length still describes the GET body
    stream_.expires_after(std::chrono::seconds(30));
    http::async_write(stream_, *res, [self = shared_from_this(), res](beast::error_code ec, std::size_t) {
      if (ec || !res->keep_alive()) return self->close();
      self->read();
    });
  }

  // For errors found while parsing: the route is unknown, so metrics/log use "unparsed".
  void reply_and_close(HttpResponse r, const std::string& method, bool drain) {
    srv_.pipeline.record(method, "", "unparsed", r.status, client_ip_of(stream_.socket()), {});
    r.set_header("X-Content-Type-Options", "nosniff");
    auto res = std::make_shared<http::response<http::string_body>>(static_cast<http::status>(r.status), 11);
    res->set(http::field::content_type, r.content_type);
    for (const auto& [k, v] : r.headers) res->set(k, v);
    res->keep_alive(false);
    res->body() = std::move(r.body);
    res->prepare_payload();
    stream_.expires_after(std::chrono::seconds(5));
    http::async_write(stream_, *res, [self = shared_from_this(), res, drain](beast::error_code ec, std::size_t) {
      if (ec || !drain) return self->close();
      // Half-close and drain what the client is still sending, so it reads our answer instead of a reset.
      beast::error_code ignored;
      self->stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
      self->drain();
    });
  }
  void drain() {
    stream_.async_read_some(net::buffer(scratch_), [self = shared_from_this()](beast::error_code ec, std::size_t n) {
      self->drained_ += n;
      if (ec || self->drained_ > 8 * 1024 * 1024) return self->close();
      self->drain();
    });
  }

  void close() {
    if (closed_) return;
    closed_ = true;
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
    stream_.close();
  }

  beast::tcp_stream stream_;
  HttpServer::Impl& srv_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::array<char, 16 * 1024> scratch_{};
  std::size_t drained_ = 0;
  bool busy_ = false, handed_off_ = false, closed_ = false, served_any_ = false;
};

// Over --max-connections: a short 503 and the connection is closed, so the descriptors left stay free for the
// database and for the requests already being served (instead of accept failing with EMFILE for everyone).
void HttpServer::Impl::refuse_busy(tcp::socket s) {
  static const std::string kBusy =
      "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\nRetry-After: 1\r\n"
      "X-Content-Type-Options: nosniff\r\nConnection: close\r\nContent-Length: 85\r\n\r\n"
      R"({"error":{"code":"unavailable","message":"too many connections; retry","details":[]}})";
  auto sock = std::make_shared<tcp::socket>(std::move(s));
  net::async_write(*sock, net::buffer(kBusy), [sock](beast::error_code, std::size_t) {
    beast::error_code ignored;
    sock->shutdown(tcp::socket::shutdown_both, ignored);
    sock->close(ignored);
  });
}

int default_max_connections() {
  rlimit lim{};
  if (::getrlimit(RLIMIT_NOFILE, &lim) != 0 || lim.rlim_cur == RLIM_INFINITY) return 65536;
  return std::max(16, static_cast<int>(std::min<rlim_t>(lim.rlim_cur, 1 << 20)) - 64);
}

void HttpServer::Impl::accept() {
  // Handlers hold a plain pointer: HttpServer owns Impl and outlives run(); a shared_ptr here would be a cycle
  // (Impl owns the io_context that owns the handler).
  acceptor.async_accept(net::make_strand(ioc), [self = this](beast::error_code ec, tcp::socket s) {
    if (self->stopping) return;
    if (!ec && self->live_connections.load() >= self->opts.max_connections) {
      self->refuse_busy(std::move(s));
    } else if (!ec) {
      auto session = std::make_shared<HttpSession>(std::move(s), *self);
      {
        std::lock_guard lock(self->sessions_mutex);
        std::erase_if(self->sessions, [](const auto& w) { return w.expired(); });
        self->sessions.push_back(session);
      }
      session->start();
    } else {
      // Out of descriptors (or similar): pause briefly instead of spinning on the same error.
      log::warn("http", "accept failed", {{"error", ec.message()}});
      auto pause = std::make_shared<net::steady_timer>(self->acceptor.get_executor(), std::chrono::milliseconds(50));
      pause->async_wait([self, pause](beast::error_code) {
        if (!self->stopping) self->accept();
      });
      return;
    }
    self->accept();
  });
}

void HttpServer::Impl::begin_shutdown() {
  if (stopping.exchange(true)) return;
  log::info("http", "shutting down: no new connections, finishing in-flight requests");
  net::post(acceptor.get_executor(), [self = this] {
    beast::error_code ec;
    self->acceptor.close(ec);
  });
  signals.cancel();
  for (auto& t : timers) net::post(t->get_executor(), [t] { t->cancel(); });
  hub.shutdown();
  {
    std::lock_guard lock(sessions_mutex);
    for (auto& w : sessions)
      if (auto s = w.lock()) s->close_if_idle();
  }
  // Stop as soon as every connection is gone; whatever still runs after the grace period is cut off.
  auto watcher = std::make_shared<net::steady_timer>(ioc);
  auto deadline = std::chrono::steady_clock::now() + opts.shutdown_grace;
  auto check = std::make_shared<std::function<void()>>();
  *check = [self = this, watcher, deadline, weak = std::weak_ptr(check)] {
    if (self->live_connections.load() == 0 || std::chrono::steady_clock::now() >= deadline) {
      if (self->live_connections.load() != 0) log::warn("http", "grace period over: closing remaining connections");
      self->ioc.stop();
      return;
    }
    watcher->expires_after(std::chrono::milliseconds(20));
    watcher->async_wait([weak](beast::error_code) {
      if (auto c = weak.lock()) (*c)();
    });
  };
  ticks.push_back(check);
  net::post(ioc, [check] { (*check)(); });
}

HttpServer::HttpServer(ServerOptions opts, RequestPipeline& pipeline, SseHub& hub)
    : impl_(std::make_shared<Impl>(std::move(opts), pipeline, hub)) {}

HttpServer::~HttpServer() = default;

unsigned short HttpServer::listen() {
  auto addr = net::ip::make_address(impl_->opts.host);
  tcp::endpoint ep(addr, impl_->opts.port);
  auto& a = impl_->acceptor;
  a.open(ep.protocol());
  a.set_option(net::socket_base::reuse_address(true));
  a.bind(ep);
  a.listen(net::socket_base::max_listen_connections);
  return a.local_endpoint().port();
}

void HttpServer::every(std::chrono::milliseconds interval, std::function<void()> task) {
  auto timer = std::make_shared<net::steady_timer>(net::make_strand(impl_->ioc));
  impl_->timers.push_back(timer);
  auto tick = std::make_shared<std::function<void()>>();
  std::weak_ptr<std::function<void()>> weak_tick = tick;
  *tick = [timer, interval, task = std::move(task), weak_tick, impl = impl_.get()] {
    timer->expires_after(interval);
    timer->async_wait([timer, task, weak_tick, impl](beast::error_code ec) {
      if (ec || impl->stopping) return;
      try {
        task();
      } catch (const std::exception& e) {
        log::error("http", "periodic task failed", {{"error", e.what()}});
      }
      if (auto t = weak_tick.lock()) (*t)();
    });
  };
  impl_->ticks.push_back(tick);
  (*tick)();
}

void HttpServer::run() {
  auto* impl = impl_.get();
  impl->signals.async_wait([impl](beast::error_code ec, int) {
    if (!ec) impl->begin_shutdown();
  });
  impl->accept();
  std::vector<std::thread> extra;
  for (int i = 1; i < impl->opts.threads; ++i) extra.emplace_back([impl] { impl->ioc.run(); });
  impl->ioc.run();
  for (auto& t : extra) t.join();
}

void HttpServer::stop() { impl_->begin_shutdown(); }

}  // namespace storefleet::api
