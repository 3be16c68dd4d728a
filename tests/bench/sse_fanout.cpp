// sse_fanout: opens N concurrent Server-Sent-Events subscriptions to the API's /api/events (one thread,
// non-blocking Boost.Asio), then triggers one event at a time with POST /api/stores and measures, for each
// trigger, how long every subscriber takes to receive it. Prints a JSON summary on stdout.
// For the other benches: HTTPS (--tls-ca), reconnecting subscribers (--last-event-id 0) and the time until each
// has seen a string (--wait-for "event: resync"), staying connected afterwards (--hold), and rounds triggered by a
// command instead of a POST (--trigger-command; "{name}" in it is replaced by the round's store name).
//
//   sse_fanout --port 3001 --clients 10000 --events 3
//   sse_fanout --port 3001 --clients 5000 --events 0 --last-event-id 0 --wait-for "event: resync" --hold 20
#include <spawn.h>
#include <sys/wait.h>

#include <CLI/CLI.hpp>
#include <boost/asio.hpp>
#include <iostream>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "bench_stats.hpp"
#include "bench_stream.hpp"
#include "http_once.hpp"

extern char** environ;

namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {

struct Subscriber {
  Subscriber(net::io_context& io, const std::shared_ptr<bench::ssl::context>& tls) : sock(io, tls) {}
  bench::Stream sock;
  std::array<char, 8192> buf{};
  std::string window;  // bytes kept across reads so a marker split between two reads is still found
  bool headers_done = false;
  bool open = false;
  double delivered_ms = -1;
  double waited_ms = -1;  // when --wait-for was first seen (monotonic)
};

class Fanout {
 public:
  Fanout(net::io_context& io, tcp::endpoint ep, std::size_t clients, std::size_t parallel_connects,
         const std::string& token, const std::shared_ptr<bench::ssl::context>& tls, const std::string& last_event_id,
         std::string wait_for)
      : io_(io), ep_(ep), parallel_(parallel_connects),
        subscribe_request_("GET /api/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n" +
                           bench::auth_header(token) +
                           (last_event_id.empty() ? "" : "Last-Event-ID: " + last_event_id + "\r\n") + "\r\n"),
        wait_for_(std::move(wait_for)) {
    subs_.reserve(clients);
    for (std::size_t i = 0; i < clients; ++i) subs_.push_back(std::make_unique<Subscriber>(io, tls));
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
  std::size_t waited() const { return waited_; }
  std::uint64_t bytes() const { return bytes_; }
  // Time from `since` (monotonic) to each subscriber's first sight of --wait-for.
  std::vector<double> wait_latencies(double since) const {
    std::vector<double> v;
    for (const auto& s : subs_)
      if (s->waited_ms >= 0) v.push_back(s->waited_ms - since);
    return v;
  }

 private:
  void connect_next() {
    if (next_ >= subs_.size()) return;
    Subscriber* s = subs_[next_++].get();
    s->sock.async_connect(ep_, [this, s](boost::system::error_code ec) {
      if (ec) return fail(s, "connect: " + ec.message());
      s->sock.async_write(net::buffer(subscribe_request_), [this, s](boost::system::error_code ec2, std::size_t) {
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
    bytes_ += bytes.size();
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
    if (!wait_for_.empty() && s->waited_ms < 0 && s->window.find(wait_for_) != std::string::npos) {
      s->waited_ms = bench::mono_ms();
      ++waited_;
    }
    const std::size_t keep = std::max(marker_.size(), wait_for_.size()) + 64;
    if (s->window.size() > keep) s->window.erase(0, s->window.size() - keep);
  }

  void fail(Subscriber* s, const std::string& what) {
    s->sock.close();
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
  std::size_t next_ = 0, subscribed_ = 0, failed_ = 0, delivered_ = 0, waited_ = 0;
  std::uint64_t bytes_ = 0;
  std::string marker_, first_error_, wait_for_;
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

// A round's trigger when it is a command: `/bin/sh -c CMD` spawned without waiting (the subscribers keep being read
// while it runs); done() reaps it and status() is its exit code.
class Command {
 public:
  explicit Command(const std::string& cmd) {
    const char* argv[] = {"/bin/sh", "-c", cmd.c_str(), nullptr};
    if (posix_spawn(&pid_, "/bin/sh", nullptr, nullptr, const_cast<char**>(argv), environ) != 0) pid_ = -1;
  }
  bool done() {
    if (pid_ <= 0) return true;
    int st = 0;
    if (waitpid(pid_, &st, WNOHANG) != pid_) return false;
    status_ = WIFEXITED(st) ? WEXITSTATUS(st) : 128;
    pid_ = 0;
    return true;
  }
  int status() const { return pid_ < 0 ? 127 : status_; }

 private:
  pid_t pid_ = -1;
  int status_ = -1;
};

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
  for (auto p = s.find(from); p != std::string::npos; p = s.find(from, p + to.size())) s.replace(p, from.size(), to);
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"sse_fanout: N SSE subscribers to /api/events, one event each round, time to last delivery"};
  std::string host = "127.0.0.1";
  unsigned short port = 3001;
  std::size_t clients = 10000, parallel = 256;
  int events = 3;
  double connect_timeout_s = 120, delivery_timeout_s = 30, hold_s = 0, round_pause_s = 0.2;
  std::string prefix = "fan", tls_ca, last_event_id, wait_for, trigger_command;
  app.add_option("--host", host, "API address (loopback)")->capture_default_str();
  app.add_option("--port", port, "API port")->required();
  app.add_option("--clients", clients, "concurrent SSE subscribers")->capture_default_str();
  app.add_option("--parallel-connects", parallel, "connections being opened at once")->capture_default_str();
  app.add_option("--events", events, "rounds: one POST /api/stores each, delivered to every subscriber")
      ->capture_default_str();
  app.add_option("--connect-timeout", connect_timeout_s, "seconds to open every subscription")->capture_default_str();
  app.add_option("--delivery-timeout", delivery_timeout_s, "seconds a round may take")->capture_default_str();
  app.add_option("--prefix", prefix, "store name prefix (names are unique per run)")->capture_default_str();
  app.add_option("--tls-ca", tls_ca, "HTTPS: PEM file the server's certificate must chain to");
  app.add_option("--last-event-id", last_event_id, "send Last-Event-ID with every subscription (a reconnect)");
  app.add_option("--wait-for", wait_for, "after connecting, wait until every subscriber has received this string");
  app.add_option("--hold", hold_s, "seconds to stay connected (reading) after the rounds")->capture_default_str();
  app.add_option("--round-pause", round_pause_s, "seconds between rounds")->capture_default_str();
  app.add_option("--trigger-command", trigger_command,
                 "trigger each round by running this shell command instead of a POST ({name}: the store name that "
                 "the round's event must carry)");
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
  const auto tls = bench::client_tls(tls_ca);
  Fanout fan(io, ep, clients, parallel, token, tls, last_event_id, wait_for);

  const double t_connect = bench::mono_ms();
  fan.start_connecting();
  run_until(io, [&] { return fan.subscribed() + fan.failed() >= clients; }, t_connect + connect_timeout_s * 1000);
  const double connect_ms = bench::mono_ms() - t_connect;
  std::cerr << "sse_fanout: " << fan.subscribed() << "/" << clients << " subscribed in " << connect_ms << " ms ("
            << fan.failed() << " failed" << (fan.first_error().empty() ? "" : ", first: " + fan.first_error())
            << ")\n";
  boost::json::object waited;
  if (!wait_for.empty()) {
    const bool all = run_until(io, [&] { return fan.waited() >= fan.subscribed(); },
                               bench::mono_ms() + delivery_timeout_s * 1000);
    waited = bench::summarize(fan.wait_latencies(t_connect));  // from the first connect
    waited["string"] = wait_for;
    waited["seen_by"] = fan.waited();
    waited["all_seen"] = all;
    waited["done_after_ms"] = bench::round3(bench::mono_ms() - t_connect);
    std::cerr << "sse_fanout: " << fan.waited() << " saw \"" << wait_for << "\" within "
              << bench::mono_ms() - t_connect << " ms of the first connect\n";
  }

  std::mt19937_64 rng(std::random_device{}());
  const std::string run_id = std::to_string(rng() % 1000000);
  boost::json::array rounds;
  std::vector<double> last_delivery;
  for (int r = 0; r < events && fan.subscribed() > 0; ++r) {
    const std::string name = prefix + "-" + run_id + "-" + std::to_string(r);
    const std::size_t expected = fan.subscribed();
    fan.arm("\"store\":\"" + name + "\"", bench::now_ms());
    const double t0 = bench::mono_ms();
    // The trigger runs beside the io_context, so subscribers keep reading while the API answers it.
    std::shared_ptr<bench::HttpResult> post;
    std::unique_ptr<Command> command;
    if (trigger_command.empty()) {
      const std::string body = R"({"storeName":")" + name + R"(","engine":"woocommerce"})";
      post = bench::start_http_request(io, ep, "POST", "/api/stores", body, token, tls);
    } else {
      command = std::make_unique<Command>(replace_all(trigger_command, "{name}", name));
    }
    auto trigger_done = [&] { return post ? post->done : command->done(); };
    const bool all = run_until(io, [&] { return trigger_done() && fan.delivered() >= expected; },
                               t0 + delivery_timeout_s * 1000);
    auto lat = fan.delivery_latencies();
    auto summary = bench::summarize(lat);
    const double last = lat.empty() ? NAN : *std::max_element(lat.begin(), lat.end());
    summary["round"] = r;
    summary["subscribers"] = expected;
    summary["delivered"] = fan.delivered();
    summary["all_delivered"] = all;
    summary["time_to_last_delivery_ms"] = bench::round3(last);
    const int status = post ? post->status : command->status();
    summary[post ? "post_status" : "command_exit"] = status;
    if (post) summary["post_latency_ms"] = bench::round3(post->latency_ms);
    std::cerr << "sse_fanout: round " << r << ": " << fan.delivered() << "/" << expected << " delivered, last after "
              << last << " ms, " << (post ? "POST " : "command exit ") << status << "\n";
    if (!lat.empty()) last_delivery.push_back(last);
    rounds.push_back(std::move(summary));
    run_until(io, [] { return false; }, bench::mono_ms() + round_pause_s * 1000);  // stragglers settle
  }
  if (hold_s > 0) run_until(io, [] { return false; }, bench::mono_ms() + hold_s * 1000);

  boost::json::object out{{"benchmark", "sse_fanout"},
                          {"clients_requested", clients},
                          {"subscribed", fan.subscribed()},
                          {"connect_failures", fan.failed()},
                          {"first_error", fan.first_error()},
                          {"connect_ms", bench::round3(connect_ms)},
                          {"fd_limit", fd_limit},
                          {"tls", tls != nullptr},
                          {"bytes_received", fan.bytes()},
                          {"rounds", std::move(rounds)},
                          {"time_to_last_delivery", bench::summarize(last_delivery)}};
  if (!wait_for.empty()) out["wait_for"] = std::move(waited);
  std::cout << boost::json::serialize(out) << std::endl;
  return fan.subscribed() == clients ? 0 : 1;
}
