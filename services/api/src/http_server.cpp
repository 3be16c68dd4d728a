// The only Beast translation unit of the API: listener, TLS, shutdown, periodic tasks (sessions: http_sessions.hpp).
#include "storefleet/api/http_server.hpp"

#include <sys/resource.h>

#include <future>

#include "http_sessions.hpp"
#include "storefleet/core/tls.hpp"

namespace storefleet::api {

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
      self->start_session(std::move(s));
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

void HttpServer::Impl::start_session(tcp::socket s) {
  const auto remember = [&](const std::shared_ptr<IdleClosable>& session) {
    std::lock_guard lock(sessions_mutex);
    // Pruned when it has doubled since the last pruning: a scan per connection made a storm of 5,000 connects
    // quadratic.
    if (sessions.size() >= 2 * std::max<std::size_t>(64, sessions_after_prune)) {
      std::erase_if(sessions, [](const auto& w) { return w.expired(); });
      sessions_after_prune = sessions.size();
    }
    sessions.push_back(session);
  };
  if (auto ctx = current_tls()) {
    auto session = std::make_shared<HttpSession<TlsStream>>(TlsStream(std::move(s), *ctx), ctx, *this);
    remember(session);
    session->start();
  } else {
    auto session = std::make_shared<HttpSession<beast::tcp_stream>>(beast::tcp_stream(std::move(s)), nullptr, *this);
    remember(session);
    session->start();
  }
}

std::shared_ptr<ssl::context> HttpServer::Impl::current_tls() {
  std::lock_guard lock(tls_mutex);
  return tls;
}

void HttpServer::Impl::reload_tls() {
  try {
    auto fresh = make_server_tls_context(opts.tls_cert_file, opts.tls_key_file);
    {
      std::lock_guard lock(tls_mutex);
      tls = std::move(fresh);
    }
    log::info("http", "TLS certificate reloaded; open connections keep the one they started with",
              {{"cert", opts.tls_cert_file}});
  } catch (const std::exception& e) {
    log::error("http", "TLS reload failed; still serving the previous certificate", {{"error", e.what()}});
  }
}

void HttpServer::Impl::wait_for_reload() {
  reload_signal.async_wait([self = this](beast::error_code ec, int) {
    if (ec || self->stopping) return;
    if (self->current_tls()) self->reload_tls();
    self->wait_for_reload();
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
  reload_signal.cancel();
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
    : impl_(std::make_shared<Impl>(std::move(opts), pipeline, hub)) {
  if (!impl_->opts.tls_cert_file.empty())  // a bad certificate stops the start (a reload keeps the old one)
    impl_->tls = make_server_tls_context(impl_->opts.tls_cert_file, impl_->opts.tls_key_file);
  // A fan-out to thousands of streams is handed to the I/O threads a slice at a time, with a marker posted behind
  // each slice; a request that arrives meanwhile waits for at most two slices, not for every stream. Two slices
  // are in flight (the next is queued before waiting for the marker of the one before), so the I/O threads never
  // idle between slices. 64 streams is about a millisecond of writes: with 256, health's p99 under a storm of
  // 5,000 streams doubled.
  constexpr std::size_t kFanOutSlice = 64;
  hub.set_delivery_pacer(
      [impl = impl_.get(), previous = std::make_shared<std::future<void>>()] {
        if (impl->stopping || impl->ioc.stopped()) return;
        auto taken = std::make_shared<std::promise<void>>();
        auto marker = taken->get_future();
        net::post(impl->ioc, [taken] { taken->set_value(); });
        if (previous->valid()) previous->wait_for(std::chrono::milliseconds(200));  // a stopping server may not run it
        *previous = std::move(marker);
      },
      kFanOutSlice);
}

HttpServer::~HttpServer() { impl_->hub.set_delivery_pacer(nullptr); }

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
      // Periodic work reads the database (event-log catch-up, purges): on a worker, never on an I/O thread. The
      // timer is re-armed when it is done, so runs never overlap.
      net::post(impl->workers, [timer, task, weak_tick] {
        try {
          task();
        } catch (const std::exception& e) {
          log::error("http", "periodic task failed", {{"error", e.what()}});
        }
        net::post(timer->get_executor(), [weak_tick] {
          if (auto t = weak_tick.lock()) (*t)();
        });
      });
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
  impl->wait_for_reload();
  impl->accept();
  std::vector<std::thread> extra;
  for (int i = 1; i < impl->opts.threads; ++i) extra.emplace_back([impl] { impl->ioc.run(); });
  impl->ioc.run();
  for (auto& t : extra) t.join();
  impl->workers.join();  // requests still being handled finish (their answers go nowhere: the loop is stopped)
}

void HttpServer::stop() { impl_->begin_shutdown(); }

}  // namespace storefleet::api
