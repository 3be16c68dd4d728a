// open_loop_load: an open-loop HTTP load generator (one Asio thread), POST /api/stores by default. Request i is due
// at start + i/rate whatever happened to earlier ones; its latency is measured from that due time, so a server that
// falls behind is charged for the queueing it causes (no coordinated omission). Every store name is unique.
// Plain HTTP, or HTTPS verified against --tls-ca; any method and path (--method GET --path /api/health).
//
//   open_loop_load --port 3001 --rate 500 --duration 10
//   open_loop_load --port 3001 --rate 500 --duration 10 --method GET --path /api/health --tls-ca cert.pem
#include <CLI/CLI.hpp>
#include <boost/asio.hpp>
#include <algorithm>
#include <deque>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "bench_stats.hpp"
#include "bench_stream.hpp"
#include "http_once.hpp"

namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {

struct Conn {
  Conn(net::io_context& io, const std::shared_ptr<bench::ssl::context>& tls) : sock(io, tls) {}
  bench::Stream sock;
  std::array<char, 4096> buf{};
  bench::ResponseFramer framer;
  std::string request;
  double due_ms = 0;  // when the in-flight request was due (monotonic)
  bool busy = false;
};

class LoadGenerator {
 public:
  LoadGenerator(net::io_context& io, tcp::endpoint ep, double rate, double duration_s, std::size_t max_conns,
                std::string prefix, std::string engine, std::string token, std::string method, std::string path,
                std::shared_ptr<bench::ssl::context> tls)
      : io_(io), ep_(ep), timer_(io), interval_ms_(1000.0 / rate), total_(static_cast<std::uint64_t>(rate * duration_s)),
        max_conns_(max_conns), prefix_(std::move(prefix)), engine_(std::move(engine)), token_(std::move(token)),
        method_(std::move(method)), path_(std::move(path)), tls_(std::move(tls)) {}

  void start() {
    start_ms_ = bench::mono_ms();
    tick();
  }
  void write_timeline(const std::string& file) const {
    std::ofstream out(file);
    for (const auto& [due, ms] : timeline_) out << due / 1000 << ' ' << ms << '\n';
  }
  bool finished() const { return scheduled_ == total_ && pending_.empty() && in_flight_ == 0; }
  std::uint64_t scheduled() const { return scheduled_; }

  boost::json::object report(double offered_rate, double duration_s) const {
    boost::json::object statuses;
    for (const auto& [code, n] : status_counts_) statuses[std::to_string(code)] = n;
    const double window_s = (last_done_ms_ - start_ms_) / 1000.0;
    auto o = bench::summarize(ok_latencies_);  // 2xx answers
    o["all_answers"] = bench::summarize(all_latencies_);  // any status (a flood of 401/429 has no 2xx)
    o["method"] = method_;
    o["path"] = path_;
    o["tls"] = tls_ != nullptr;
    o["offered_rate"] = offered_rate;
    o["duration_s"] = duration_s;
    o["scheduled"] = scheduled_;
    o["completed_2xx"] = ok_latencies_.size();
    o["transport_errors"] = transport_errors_;
    o["unfinished"] = pending_.size() + in_flight_;
    o["statuses"] = std::move(statuses);
    o["achieved_rate"] = bench::round3(window_s > 0 ? static_cast<double>(ok_latencies_.size()) / window_s : 0);
    o["connections_used"] = conns_.size();
    // When the slowest answers were due (seconds into the run): tells a steady tail from one stall.
    auto worst = timeline_;
    const auto n = std::min<std::size_t>(10, worst.size());
    std::partial_sort(worst.begin(), worst.begin() + static_cast<std::ptrdiff_t>(n), worst.end(),
                      [](const auto& a, const auto& b) { return a.second > b.second; });
    boost::json::array slowest;
    for (std::size_t i = 0; i < n; ++i)
      slowest.push_back(boost::json::object{{"due_s", bench::round3(worst[i].first / 1000)},
                                            {"ms", bench::round3(worst[i].second)}});
    o["slowest"] = std::move(slowest);
    return o;
  }

 private:
  // Enqueues every request that is due by now, then waits for the next due time.
  void tick() {
    const double now = bench::mono_ms();
    while (scheduled_ < total_ && start_ms_ + static_cast<double>(scheduled_) * interval_ms_ <= now) {
      pending_.push_back(start_ms_ + static_cast<double>(scheduled_) * interval_ms_);
      ++scheduled_;
    }
    dispatch();
    if (scheduled_ == total_) return;
    const double next = start_ms_ + static_cast<double>(scheduled_) * interval_ms_;
    timer_.expires_after(std::chrono::microseconds(static_cast<long>((next - bench::mono_ms()) * 1000.0)));
    timer_.async_wait([this](boost::system::error_code ec) {
      if (!ec) tick();
    });
  }

  void dispatch() {
    while (!pending_.empty()) {
      Conn* idle = nullptr;
      for (auto* c : idle_) {
        idle = c;
        break;
      }
      if (!idle) {
        if (conns_.size() + connecting_ < max_conns_) open_connection();
        return;
      }
      idle_.erase(idle_.begin());
      send(idle, pending_.front());
      pending_.pop_front();
    }
  }

  void open_connection() {
    ++connecting_;
    auto c = std::make_shared<Conn>(io_, tls_);
    c->sock.async_connect(ep_, [this, c](boost::system::error_code ec) {
      --connecting_;
      if (ec) {
        ++transport_errors_;
        return;
      }
      conns_.push_back(c);
      idle_.push_back(c.get());
      dispatch();
    });
  }

  void send(Conn* c, double due) {
    std::string body;  // a POST creates a store of a unique name
    if (method_ == "POST")
      body = R"({"storeName":")" + prefix_ + "-" + std::to_string(sent_) + R"(","engine":")" + engine_ + R"("})";
    ++sent_;
    c->request = bench::build_request(method_, path_, body, true, token_);
    c->due_ms = due;
    c->busy = true;
    ++in_flight_;
    c->sock.async_write(net::buffer(c->request), [this, c](boost::system::error_code ec, std::size_t) {
      if (ec) return drop(c);
      read(c);
    });
  }

  void read(Conn* c) {
    c->sock.async_read_some(net::buffer(c->buf), [this, c](boost::system::error_code ec, std::size_t n) {
      if (ec) return drop(c);
      if (!c->framer.feed(std::string_view(c->buf.data(), n))) return read(c);
      const double done = bench::mono_ms();
      const int status = c->framer.status();
      ++status_counts_[status];
      if (status >= 200 && status < 300) ok_latencies_.push_back(done - c->due_ms);
      all_latencies_.push_back(done - c->due_ms);
      timeline_.emplace_back(c->due_ms - start_ms_, done - c->due_ms);
      last_done_ms_ = done;
      c->framer.consume();
      c->busy = false;
      --in_flight_;
      idle_.push_back(c);
      dispatch();
    });
  }

  // A broken connection loses its in-flight request (counted as a transport error) and leaves the pool.
  void drop(Conn* c) {
    ++transport_errors_;
    if (c->busy) --in_flight_;
    c->sock.close();
    std::erase(idle_, c);
    std::erase_if(conns_, [c](const auto& p) { return p.get() == c; });
    dispatch();
  }

  net::io_context& io_;
  tcp::endpoint ep_;
  net::steady_timer timer_;
  double interval_ms_;
  std::uint64_t total_;
  std::size_t max_conns_;
  std::string prefix_, engine_, token_, method_, path_;
  std::shared_ptr<bench::ssl::context> tls_;
  double start_ms_ = 0, last_done_ms_ = 0;
  std::uint64_t scheduled_ = 0, sent_ = 0, transport_errors_ = 0;
  std::size_t connecting_ = 0, in_flight_ = 0;
  std::deque<double> pending_;  // due times of requests waiting for a connection
  std::vector<std::shared_ptr<Conn>> conns_;
  std::vector<Conn*> idle_;
  std::vector<double> ok_latencies_, all_latencies_;
  std::vector<std::pair<double, double>> timeline_;  // (due ms after start, latency ms) of every answer
  std::map<int, std::uint64_t> status_counts_;
};

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"open_loop_load: requests (POST /api/stores) at a fixed rate (open loop), latency from due time"};
  std::string host = "127.0.0.1", prefix, engine = "woocommerce", method = "POST", path = "/api/stores", tls_ca;
  unsigned short port = 3001;
  double rate = 500, duration_s = 10, drain_s = 10;
  std::size_t max_conns = 64;
  app.add_option("--host", host, "API address (loopback)")->capture_default_str();
  app.add_option("--port", port, "API port")->required();
  app.add_option("--rate", rate, "requests per second")->check(CLI::PositiveNumber)->capture_default_str();
  app.add_option("--duration", duration_s, "seconds of load")->check(CLI::PositiveNumber)->capture_default_str();
  app.add_option("--drain", drain_s, "seconds to wait for outstanding answers afterwards")->capture_default_str();
  app.add_option("--max-connections", max_conns, "keep-alive connections at most")->capture_default_str();
  app.add_option("--prefix", prefix, "store name prefix (default: random); names are <prefix>-<n>");
  app.add_option("--engine", engine, "engine of the created stores")->capture_default_str();
  app.add_option("--method", method, "HTTP method (a POST carries a new store)")->capture_default_str();
  app.add_option("--path", path, "request target")->capture_default_str();
  app.add_option("--tls-ca", tls_ca, "HTTPS: PEM file the server's certificate must chain to");
  std::string token_file, timeline_file;
  app.add_option("--token-file", token_file, "file holding the API token");
  app.add_option("--timeline", timeline_file, "also write every answer as `due_s latency_ms` lines to this file");
  CLI11_PARSE(app, argc, argv);
  if (prefix.empty()) {
    std::mt19937_64 rng(std::random_device{}());
    prefix = "l" + std::to_string(rng() % 100000000);
  }
  bench::raise_fd_limit();

  net::io_context io(1);
  LoadGenerator gen(io, tcp::endpoint(net::ip::make_address(host), port), rate, duration_s, max_conns, prefix, engine,
                    bench::read_token_file(token_file), method, path,
                    bench::client_tls(tls_ca));
  gen.start();
  const double deadline = bench::mono_ms() + (duration_s + drain_s) * 1000;
  while (!gen.finished() && bench::mono_ms() < deadline) {
    io.run_for(std::chrono::milliseconds(20));
    if (io.stopped()) io.restart();
  }
  auto out = gen.report(rate, duration_s);
  out["benchmark"] = "open_loop_load";
  out["prefix"] = prefix;
  if (!timeline_file.empty()) gen.write_timeline(timeline_file);
  std::cout << boost::json::serialize(out) << std::endl;
  return 0;
}
