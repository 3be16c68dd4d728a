#pragma once
// The API's connection sessions (included by http_server.cpp only: the one Beast translation unit), templated on
// the stream: plain TCP or TLS over TCP (advanced_server_flex style). One session object per connection on its own
// strand; an event stream is handed to an SseSession with one write queue.
#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include <mutex>
#include <thread>
#include <type_traits>
#include <vector>

#include "storefleet/api/http_server.hpp"
#include "storefleet/api/json_response.hpp"
#include "storefleet/api/request_parsing.hpp"
#include "storefleet/core/log.hpp"

namespace storefleet::api {
namespace net = boost::asio;
namespace ssl = boost::asio::ssl;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;
using TlsStream = beast::ssl_stream<beast::tcp_stream>;

template <class Stream>
inline constexpr bool kTls = std::is_same_v<Stream, TlsStream>;

// What shutdown asks of every HTTP session.
class IdleClosable {
 public:
  virtual ~IdleClosable() = default;
  virtual void close_if_idle() = 0;
};

struct HttpServer::Impl {
  Impl(ServerOptions o, RequestPipeline& p, SseHub& h)
      : opts(std::move(o)), pipeline(p), hub(h), ioc(std::max(1, opts.threads)), acceptor(net::make_strand(ioc)),
        signals(ioc, SIGTERM, SIGINT), reload_signal(ioc, SIGHUP), workers(std::max(1, opts.workers)) {
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
  net::signal_set reload_signal;  // SIGHUP: re-read the TLS certificate and key
  std::mutex sessions_mutex;
  std::vector<std::weak_ptr<IdleClosable>> sessions;  // to close idle keep-alive connections at shutdown
  std::size_t sessions_after_prune = 0;
  std::mutex tls_mutex;
  std::shared_ptr<ssl::context> tls;  // nullptr: plain HTTP; new connections take the newest
  net::thread_pool workers;  // request handling (database, provisioner calls): never on an I/O thread
  std::vector<std::shared_ptr<net::steady_timer>> timers;
  std::vector<std::shared_ptr<std::function<void()>>> ticks;

  void accept();
  void begin_shutdown();
  void refuse_busy(tcp::socket s);
  void start_session(tcp::socket s);
  std::shared_ptr<ssl::context> current_tls();
  void reload_tls();  // keeps the old context (and says why) when the new files do not load
  void wait_for_reload();
};

inline std::string client_ip_of(const tcp::socket& s) {
  beast::error_code ec;
  auto ep = s.remote_endpoint(ec);
  return ec ? std::string() : ep.address().to_string();
}

// Raw bytes of a response head for the SSE stream (the body follows frame by frame, ended by closing).
inline std::string sse_head(const HttpResponse& r) {
  std::string h = "HTTP/1.1 200 OK\r\nContent-Type: " + r.content_type + "\r\n";
  for (const auto& [k, v] : r.headers) h += k + ": " + v + "\r\n";
  h += "Connection: close\r\n\r\n";
  return h;
}

// Closes the TCP connection under any stream. (No TLS close_notify: the peer sees the end of the connection,
// which HTTP/1.1 with Content-Length or a closed event stream does not need to tell apart.)
template <class Stream>
void close_stream(Stream& s) {
  beast::error_code ec;
  auto& tcp_stream = beast::get_lowest_layer(s);
  tcp_stream.socket().shutdown(tcp::socket::shutdown_both, ec);
  tcp_stream.close();
}

template <class Stream>
class SseSession : public SseSubscriber, public std::enable_shared_from_this<SseSession<Stream>> {
  using std::enable_shared_from_this<SseSession<Stream>>::shared_from_this;
  using std::enable_shared_from_this<SseSession<Stream>>::weak_from_this;

 public:
  SseSession(Stream&& stream, std::shared_ptr<ssl::context> tls, HttpServer::Impl& srv)
      : stream_(std::move(stream)), tls_(std::move(tls)), srv_(srv) {
    ++srv_.live_connections;
  }
  ~SseSession() override { --srv_.live_connections; }

  // On a database worker: registers with the hub and reads the replay (never on an I/O thread). Live frames that
  // arrive meanwhile wait in early_ until begin().
  std::string subscribe(const SseStart& start) {
    return sse_head(start.head) + srv_.hub.subscribe(weak_from_this(), start.store, start.last_event_id, start.owner,
                                                     {start.actor, start.session_id});
  }
  // On the session's strand: head + replay first, then whatever arrived live since subscribe().
  void begin(std::string first) {
    tcp_layer().expires_never();  // no timeout on a stream's reads or writes (see kStuckWriteLimit)
    read_until_closed();
    started_ = true;
    // The replay may be large; only live frames count against the client's buffer limit.
    pending_ = std::move(first) + early_;
    early_.clear();
    if (finishing_ && pending_.empty()) return close();
    write_pending();
  }
  auto executor() { return stream_.get_executor(); }
  // Called from the hub's thread. Frames wait in an inbox; one drain is posted when it stops being empty, so a
  // stream whose thread lags behind a burst costs one handler for the whole burst, not one per event.
  void deliver(SseFrame frame) override {
    {
      std::lock_guard lock(inbox_mutex_);
      inbox_.push_back(std::move(frame));
      if (inbox_.size() > 1) return;  // a drain is already on its way
    }
    net::post(stream_.get_executor(), [self = shared_from_this()] { self->drain_inbox(); });
  }
  void finish(SseFrame last) override {
    net::post(stream_.get_executor(), [self = shared_from_this(), f = std::move(last)] {
      self->drain_inbox();  // what was delivered before goes first
      self->enqueue(*f);
      self->finishing_ = true;
      if (self->started_ && !self->writing_) self->close();
    });
  }

 private:
  void drain_inbox() {
    std::vector<SseFrame> frames;
    {
      std::lock_guard lock(inbox_mutex_);
      frames.swap(inbox_);
    }
    for (const auto& f : frames) enqueue(*f);
  }
  // Frames wait in one byte buffer (the write queue) while a write is in flight; they go out together.
  // A client is slow when its buffer is over the limit and its current write has been stuck for a while, or
  // when the buffer passes a hard cap; a burst to a client that keeps reading is not a reason to drop it.
  void enqueue(const std::string& frame) {
    if (closed_ || finishing_) return;
    if (!started_) {  // the replay is still being read
      if (early_.size() + frame.size() > srv_.opts.sse_buffer_bytes * 8) return close();
      early_ += frame;
      return;
    }
    const auto size = pending_.size() + frame.size();
    const auto write_age = std::chrono::steady_clock::now() - write_started_;
    // A client that stopped reading altogether: the heartbeat brings us here at least every sse_heartbeat, so a
    // write stuck this long ends the stream without a timer armed and cancelled around every write.
    if (writing_ && write_age > kStuckWriteLimit) return close();
    const bool stuck = writing_ && write_age > srv_.opts.sse_stall;
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
    net::async_write(stream_, net::buffer(inflight_),
                     [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_write(ec); });
  }
  void on_write(beast::error_code ec) {
    writing_ = false;
    if (ec) return close();
    inflight_.clear();
    if (!pending_.empty()) return write_pending();
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
    close_stream(stream_);
  }
  beast::tcp_stream& tcp_layer() { return beast::get_lowest_layer(stream_); }
  static constexpr auto kStuckWriteLimit = std::chrono::seconds(30);

  Stream stream_;
  std::shared_ptr<ssl::context> tls_;  // the context this connection was accepted with (a reload makes a new one)
  HttpServer::Impl& srv_;
  std::string pending_, inflight_, early_;
  std::mutex inbox_mutex_;
  std::vector<SseFrame> inbox_;  // delivered, not yet on this stream's strand (guarded by inbox_mutex_)
  std::chrono::steady_clock::time_point write_started_{};
  std::array<char, 512> scratch_{};
  bool writing_ = false, finishing_ = false, closed_ = false, started_ = false;
};

template <class Stream>
class HttpSession : public IdleClosable, public std::enable_shared_from_this<HttpSession<Stream>> {
  using std::enable_shared_from_this<HttpSession<Stream>>::shared_from_this;

 public:
  HttpSession(Stream&& stream, std::shared_ptr<ssl::context> tls, HttpServer::Impl& srv)
      : stream_(std::move(stream)), tls_(std::move(tls)), srv_(srv) {
    ++srv_.live_connections;
  }
  ~HttpSession() override { --srv_.live_connections; }

  void start() {
    net::dispatch(stream_.get_executor(), [self = shared_from_this()] {
      if constexpr (kTls<Stream>) {
        // The handshake counts against the first-request deadline (a client that never finishes it is slowloris).
        self->tcp_layer().expires_after(std::min(self->srv_.opts.idle_timeout, self->srv_.opts.first_request_timeout));
        self->stream_.async_handshake(ssl::stream_base::server, [self](beast::error_code ec) {
          if (ec) return self->close();  // not TLS, or a failed handshake: nothing to answer
          self->read();
        });
      } else {
        self->read();
      }
    });
  }
  // Called at shutdown: an idle keep-alive connection is closed now, a busy one after its response.
  void close_if_idle() override {
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
    tcp_layer().expires_after(served_any_ ? srv_.opts.idle_timeout
                                      : std::min(srv_.opts.idle_timeout, srv_.opts.first_request_timeout));
    // The head first: a client that sent `Expect: 100-continue` waits for our go-ahead before its body.
    http::async_read_header(stream_, buffer_, *parser_,
                            [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_head(ec); });
  }

  void on_head(beast::error_code ec) {
    if (ec) return on_read(ec);
    const auto& head = parser_->get();
    if (head.version() >= 11 && beast::iequals(head[http::field::expect], "100-continue") && !parser_->is_done()) {
      if (head.has_content_length() && parser_->content_length() && *parser_->content_length() > srv_.opts.body_limit)
        return on_read(http::error::body_limit);  // refuse now: the client need not send the body at all
      static const std::string kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
      return net::async_write(stream_, net::buffer(kContinue), [self = shared_from_this()](beast::error_code ec, std::size_t) {
        if (ec) return self->close();
        self->read_body();
      });
    }
    if (parser_->is_done()) return on_read({});  // no body
    read_body();
  }

  void read_body() {
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
    if (ec == http::error::header_limit)
      return reply_and_close(error_response(Errc::headers_too_large, "request headers too large (16 KiB at most)"), "",
                             true);
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
    raw.client_ip = client_address(client_ip_of(tcp_layer().socket()), raw.headers, srv_.opts.trusted_proxies);

    const unsigned version = req.version();
    if (RequestPipeline::is_event_stream(raw.method, raw.target)) {
      handed_off_ = true;  // this connection reads no further request
      return net::post(srv_.workers, [self = shared_from_this(), raw = std::move(raw), version] {
        self->open_event_stream(raw, version);
      });
    }
    // Probes touch no database: answered here, so a stalled disk never delays them.
    if (raw.method == "GET" && raw.target == "/api/health")
      return send(srv_.pipeline.handle(raw), raw.method, version, req.keep_alive() && !srv_.stopping);
    // Everything else may read or write the database or call the provisioner: on a worker, never on this thread.
    const bool keep_alive = req.keep_alive();
    net::post(srv_.workers, [self = shared_from_this(), raw = std::move(raw), version, keep_alive] {
      self->srv_.pipeline.handle_async(raw, [self, method = raw.method, version, keep_alive](HttpResponse resp) {
        net::post(self->stream_.get_executor(), [self, resp = std::move(resp), method, version,
                                                 keep_alive]() mutable {
          self->send(std::move(resp), method, version, keep_alive && !self->srv_.stopping);
        });
      });
    });
  }

  // On a database worker (the connection is idle meanwhile): authenticate, check the per-credential cap, hand the
  // connection to an SseSession and read its replay; the session starts writing on its own strand.
  void open_event_stream(const RawRequest& raw, unsigned version) {
    auto start = srv_.pipeline.prepare_sse(raw);
    auto answer = [&](HttpResponse r) {
      net::post(stream_.get_executor(), [self = shared_from_this(), r = std::move(r), m = raw.method, version]() mutable {
        self->send(std::move(r), m, version, false);
      });
    };
    auto* s = std::get_if<SseStart>(&start);
    if (!s) return answer(std::get<HttpResponse>(std::move(start)));
    if (srv_.opts.max_streams_per_token > 0 &&
        srv_.hub.streams_of_actor(s->actor) >= static_cast<std::size_t>(srv_.opts.max_streams_per_token)) {
      // One credential must not hold every descriptor of the process with idle streams.
      auto refused = error_response(Errc::rate_limited, "too many open event streams for this credential");
      refused.set_header("Retry-After", "5");
      return answer(std::move(refused));
    }
    auto sse = std::make_shared<SseSession<Stream>>(std::move(stream_), tls_, srv_);
    auto first = sse->subscribe(*s);
    net::post(sse->executor(), [sse, first = std::move(first)]() mutable { sse->begin(std::move(first)); });
  }

  void send(HttpResponse r, const std::string& method, unsigned version, bool keep_alive) {
    auto res = std::make_shared<http::response<http::string_body>>(static_cast<http::status>(r.status), version);
    if (!r.content_type.empty()) res->set(http::field::content_type, r.content_type);
    for (const auto& [k, v] : r.headers) res->set(k, v);
    res->keep_alive(keep_alive);
    res->body() = std::move(r.body);
    res->prepare_payload();
    if (method == "HEAD") res->body().clear();  // Content-Length still describes the GET body
    tcp_layer().expires_after(std::chrono::seconds(30));
    http::async_write(stream_, *res, [self = shared_from_this(), res](beast::error_code ec, std::size_t) {
      if (ec || !res->keep_alive()) return self->close();
      self->read();
    });
  }

  // For errors found while parsing: the route is unknown, so metrics/log use "unparsed".
  void reply_and_close(HttpResponse r, const std::string& method, bool drain) {
    srv_.pipeline.record(method, "", "unparsed", r.status, client_ip_of(tcp_layer().socket()), {});
    r.set_header("X-Content-Type-Options", "nosniff");
    auto res = std::make_shared<http::response<http::string_body>>(static_cast<http::status>(r.status), 11);
    res->set(http::field::content_type, r.content_type);
    for (const auto& [k, v] : r.headers) res->set(k, v);
    res->keep_alive(false);
    res->body() = std::move(r.body);
    res->prepare_payload();
    tcp_layer().expires_after(std::chrono::seconds(5));
    http::async_write(stream_, *res, [self = shared_from_this(), res, drain](beast::error_code ec, std::size_t) {
      if (ec || !drain) return self->close();
      // Half-close and drain what the client is still sending, so it reads our answer instead of a reset.
      beast::error_code ignored;
      self->tcp_layer().socket().shutdown(tcp::socket::shutdown_send, ignored);
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
    close_stream(stream_);
  }
  beast::tcp_stream& tcp_layer() { return beast::get_lowest_layer(stream_); }

  Stream stream_;
  std::shared_ptr<ssl::context> tls_;
  HttpServer::Impl& srv_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::array<char, 16 * 1024> scratch_{};
  std::size_t drained_ = 0;
  bool busy_ = false, handed_off_ = false, closed_ = false, served_any_ = false;
};

}  // namespace storefleet::api
