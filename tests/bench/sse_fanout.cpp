// sse_fanout: opens N concurrent Server-Sent-Events subscriptions to the API's /api/events (one thread,
// non-blocking Boost.Asio), then triggers one event at a time with POST /api/stores and measures, for each
// trigger, how long every subscriber takes to receive it. Prints a JSON summary on stdout.
//
//   sse_fanout --port 3001 --clients 10000 --events 3
#include <CLI/CLI.hpp>
#include <boost/asio.hpp>
#include <iostream>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "bench_stats.hpp"
#include "http_once.hpp"

namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {

struct Subscriber {
  explicit Subscriber(net::io_context& io) : sock(io) {}
  tcp::socket sock;
  std::array<char, 8192> buf{};
  std::string window;  // bytes kept across reads so a marker split between two reads is still found
  bool headers_done = false;
  bool open = false;
  double delivered_ms = -1;
};

class Fanout {
 public:
  Fanout(net::io_context& io, tcp::endpoint ep, std::size_t clients, std::size_t parallel_connects,
         const std::string& token)
      : io_(io), ep_(ep), parallel_(parallel_connects),
        subscribe_request_("GET /api/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n" +
                           bench::auth_header(token) + "\r\n") {
    subs_.reserve(clients);
    for (std::size_t i = 0; i < clients; ++i) subs_.push_back(std::make_unique<Subscriber>(io));
  }

  void start_connecting() {
    for (std::size_t i = 0; i < parallel_ && next_ < subs_.size(); ++i) connect_next();
  }
  std::size_t subscribed() const { return subscribed_; }
  std::size_t failed() const { return failed_; }
  std::size_t attempted() const { return next_; }

  void arm(std::string marker, double trigger_ms) {
    marker_ = std::move(marker);
    trigger_ms_ = trigger_ms;
    delivered_ = 0;
    for (auto& s : subs_) s->delivered_ms = -1;
  }
  std::size_t delivered() const { return delivered_; }
  std::vector<double> delivery_latencies() const {
    std::vector<double> v;
    for (const auto& s : subs_)
      if (s->delivered_ms >= 0) v.push_back(s->delivered_ms - trigger_ms_);
    return v;
  }
  std::string first_error() const { return first_error_; }

 private:
  void connect_next() {
    if (next_ >= subs_.size()) return;
    Subscriber* s = subs_[next_++].get();
    s->sock.async_connect(ep_, [this, s](boost::system::error_code ec) {
      if (ec) return fail(s, "connect: " + ec.message());
      net::async_write(s->sock, net::buffer(subscribe_request_), [this, s](boost::system::error_code ec2, std::size_t) {
        if (ec2) return fail(s, "write: " + ec2.message());
        read(s);
      });
    });
  }

  void read(Subscriber* s) {
    s->sock.async_read_some(net::buffer(s->buf), [this, s](boost::system::error_code ec, std::size_t n) {
      if (ec) {
        if (s->open) --subscribed_;
        s->open = false;
        return fail(s, "read: " + ec.message());
      }
      on_bytes(s, std::string_view(s->buf.data(), n));
      read(s);
    });
  }

  void on_bytes(Subscriber* s, std::string_view bytes) {
    s->window.append(bytes);
    if (!s->headers_done) {
      auto end = s->window.find("\r\n\r\n");
      if (end == std::string::npos) return;
      if (s->window.rfind("HTTP/1.1 200", 0) != 0) {
        return fail(s, "status: " + s->window.substr(0, s->window.find("\r\n")));
      }
      // The API registers the subscriber before it writes the response head, so headers mean "subscribed".
      s->headers_done = s->open = true;
      ++subscribed_;
      connect_next();
    }
    if (!marker_.empty() && s->delivered_ms < 0 && s->window.find(marker_) != std::string::npos) {
      s->delivered_ms = bench::now_ms();
      ++delivered_;
    }
    if (s->window.size() > marker_.size() + 64) s->window.erase(0, s->window.size() - marker_.size() - 64);
  }

  void fail(Subscriber* s, const std::string& what) {
    boost::system::error_code ignored;
    s->sock.close(ignored);
    if (!s->headers_done) {
      ++failed_;
      connect_next();
    }
    if (first_error_.empty()) first_error_ = what;
  }

  net::io_context& io_;
  tcp::endpoint ep_;
  std::size_t parallel_;
  std::string subscribe_request_;  // outlives every async_write of it
  std::vector<std::unique_ptr<Subscriber>> subs_;
  std::size_t next_ = 0, subscribed_ = 0, failed_ = 0, delivered_ = 0;
  std::string marker_, first_error_;
  double trigger_ms_ = 0;
};

// Runs the io_context until pred() holds or the deadline passes; returns whether pred() held.
template <class Pred>
bool run_until(net::io_context& io, Pred pred, double deadline_mono_ms) {
  while (!pred() && bench::mono_ms() < deadline_mono_ms) {
    io.run_for(std::chrono::milliseconds(5));
    if (io.stopped()) io.restart();
  }
  return pred();
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"sse_fanout: N SSE subscribers to /api/events, one event each round, time to last delivery"};
  std::string host = "127.0.0.1";
  unsigned short port = 3001;
  std::size_t clients = 10000, parallel = 256;
  int events = 3;
  double connect_timeout_s = 120, delivery_timeout_s = 30;
  std::string prefix = "fan";
  app.add_option("--host", host, "API address (loopback)")->capture_default_str();
  app.add_option("--port", port, "API port")->required();
  app.add_option("--clients", clients, "concurrent SSE subscribers")->capture_default_str();
  app.add_option("--parallel-connects", parallel, "connections being opened at once")->capture_default_str();
  app.add_option("--events", events, "rounds: one POST /api/stores each, delivered to every subscriber")
      ->capture_default_str();
  app.add_option("--connect-timeout", connect_timeout_s, "seconds to open every subscription")->capture_default_str();
  app.add_option("--delivery-timeout", delivery_timeout_s, "seconds a round may take")->capture_default_str();
  app.add_option("--prefix", prefix, "store name prefix (names are unique per run)")->capture_default_str();
  std::string token_file;
  app.add_option("--token-file", token_file, "file holding the API token (admin: its POSTs create stores)");
  CLI11_PARSE(app, argc, argv);
  const auto token = bench::read_token_file(token_file);

  const auto fd_limit = bench::raise_fd_limit();
  if (fd_limit < clients + 64) {
    std::cerr << "sse_fanout: open-files limit " << fd_limit << " is too low for " << clients << " clients\n";
    return 2;
  }
  net::io_context io(1);
  const tcp::endpoint ep(net::ip::make_address(host), port);
  Fanout fan(io, ep, clients, parallel, token);

  const double t_connect = bench::mono_ms();
  fan.start_connecting();
  run_until(io, [&] { return fan.subscribed() + fan.failed() >= clients; }, t_connect + connect_timeout_s * 1000);
  const double connect_ms = bench::mono_ms() - t_connect;
  std::cerr << "sse_fanout: " << fan.subscribed() << "/" << clients << " subscribed in " << connect_ms << " ms ("
            << fan.failed() << " failed" << (fan.first_error().empty() ? "" : ", first: " + fan.first_error())
            << ")\n";

  std::mt19937_64 rng(std::random_device{}());
  const std::string run_id = std::to_string(rng() % 1000000);
  boost::json::array rounds;
  std::vector<double> last_delivery;
  for (int r = 0; r < events && fan.subscribed() > 0; ++r) {
    const std::string name = prefix + "-" + run_id + "-" + std::to_string(r);
    const std::size_t expected = fan.subscribed();
    fan.arm("\"store\":\"" + name + "\"", bench::now_ms());
    const std::string body = R"({"storeName":")" + name + R"(","engine":"woocommerce"})";
    // The POST runs on the same io_context, so subscribers keep reading while the API answers it.
    auto post = bench::start_http_request(io, ep, "POST", "/api/stores", body, token);
    const bool all = run_until(io, [&] { return fan.delivered() >= expected && post->done; },
                               bench::mono_ms() + delivery_timeout_s * 1000);
    auto lat = fan.delivery_latencies();
    auto summary = bench::summarize(lat);
    const double last = lat.empty() ? NAN : *std::max_element(lat.begin(), lat.end());
    summary["round"] = r;
    summary["subscribers"] = expected;
    summary["delivered"] = fan.delivered();
    summary["all_delivered"] = all;
    summary["time_to_last_delivery_ms"] = bench::round3(last);
    summary["post_status"] = post->status;
    summary["post_latency_ms"] = bench::round3(post->latency_ms);
    std::cerr << "sse_fanout: round " << r << ": " << fan.delivered() << "/" << expected << " delivered, last after "
              << last << " ms, POST " << post->status << " in " << post->latency_ms << " ms\n";
    if (!lat.empty()) last_delivery.push_back(last);
    rounds.push_back(std::move(summary));
    run_until(io, [] { return false; }, bench::mono_ms() + 200);  // let stragglers settle between rounds
  }

  boost::json::object out{{"benchmark", "sse_fanout"},
                          {"clients_requested", clients},
                          {"subscribed", fan.subscribed()},
                          {"connect_failures", fan.failed()},
                          {"first_error", fan.first_error()},
                          {"connect_ms", bench::round3(connect_ms)},
                          {"fd_limit", fd_limit},
                          {"rounds", std::move(rounds)},
                          {"time_to_last_delivery", bench::summarize(last_delivery)}};
  std::cout << boost::json::serialize(out) << std::endl;
  return fan.subscribed() == clients ? 0 : 1;
}
