#pragma once
// Minimal HTTP/1.1 client pieces on Boost.Asio for the benchmark tools: a request builder, an incremental
// response framer (Content-Length bodies; that is what the API sends for REST answers), and a one-shot
// asynchronous request that runs on the caller's io_context.
#include <boost/asio.hpp>
#include <fstream>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>

#include "bench_stats.hpp"
#include "bench_stream.hpp"

namespace bench {

// The API token of a tool's --token-file (scripts/bench starts the API with --admin-token-file): a path on the
// command line, never the value. An empty path gives "" (an API without authentication).
inline std::string read_token_file(const std::string& path) {
  if (path.empty()) return "";
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read the token file " + path);
  std::ostringstream s;
  s << in.rdbuf();
  auto t = s.str();
  while (!t.empty() && (t.back() == '\n' || t.back() == '\r' || t.back() == ' ')) t.pop_back();
  return t;
}

// "Authorization: Bearer …\r\n", or nothing without a token.
inline std::string auth_header(const std::string& token) {
  return token.empty() ? "" : "Authorization: Bearer " + token + "\r\n";
}

inline std::string build_request(const std::string& method, const std::string& target, const std::string& body,
                                 bool keep_alive, const std::string& token = "") {
  std::string r = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + auth_header(token);
  if (!body.empty() || method == "POST")
    r += "Content-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) + "\r\n";
  r += keep_alive ? "Connection: keep-alive\r\n\r\n" : "Connection: close\r\n\r\n";
  return r + body;
}

// Feeds response bytes; reports a complete response once its head and Content-Length body are in.
class ResponseFramer {
 public:
  // Returns true when a whole response is buffered; status() then holds its code and consume() drops it.
  bool feed(std::string_view bytes) {
    buf_.append(bytes);
    return complete();
  }
  bool complete() {
    if (head_end_ == std::string::npos) {
      head_end_ = buf_.find("\r\n\r\n");
      if (head_end_ == std::string::npos) return false;
      status_ = buf_.size() > 12 ? std::atoi(buf_.c_str() + 9) : 0;
      body_len_ = 0;
      auto lower = buf_.substr(0, head_end_);
      for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (auto p = lower.find("content-length:"); p != std::string::npos)
        body_len_ = std::strtoull(lower.c_str() + p + 15, nullptr, 10);
    }
    return buf_.size() >= head_end_ + 4 + body_len_;
  }
  int status() const { return status_; }
  std::string body() const { return buf_.substr(head_end_ + 4, body_len_); }
  // Drops the complete response; keeps pipelined bytes that follow it. Returns whether another is complete.
  bool consume() {
    buf_.erase(0, head_end_ + 4 + body_len_);
    head_end_ = std::string::npos;
    return !buf_.empty() && complete();
  }

 private:
  std::string buf_;
  std::size_t head_end_ = std::string::npos;
  std::size_t body_len_ = 0;
  int status_ = 0;
};

struct HttpResult {
  bool done = false;
  int status = 0;  // 0: transport error
  double latency_ms = 0;
  std::string body;
};

namespace detail {
struct OneShot : std::enable_shared_from_this<OneShot> {
  OneShot(boost::asio::io_context& io, const std::shared_ptr<ssl::context>& tls) : sock(io, tls) {}
  Stream sock;
  std::string request;
  std::array<char, 4096> buf{};
  ResponseFramer framer;
  std::shared_ptr<HttpResult> result = std::make_shared<HttpResult>();
  double started = 0;

  void finish(int status) {
    result->status = status;
    result->latency_ms = mono_ms() - started;
    result->done = true;
    sock.close();
  }
  void read() {
    sock.async_read_some(boost::asio::buffer(buf), [self = shared_from_this()](auto ec, std::size_t n) {
      if (ec) return self->finish(0);
      if (self->framer.feed(std::string_view(self->buf.data(), n))) {
        self->result->body = self->framer.body();
        return self->finish(self->framer.status());
      }
      self->read();
    });
  }
};
}  // namespace detail

// Starts one request (new connection, Connection: close; TLS when `tls` is given); poll the returned result's `done`.
inline std::shared_ptr<HttpResult> start_http_request(boost::asio::io_context& io,
                                                      const boost::asio::ip::tcp::endpoint& ep,
                                                      const std::string& method, const std::string& target,
                                                      const std::string& body, const std::string& token = "",
                                                      const std::shared_ptr<ssl::context>& tls = nullptr) {
  auto op = std::make_shared<detail::OneShot>(io, tls);
  op->request = build_request(method, target, body, false, token);
  op->started = mono_ms();
  op->sock.async_connect(ep, [op](boost::system::error_code ec) {
    if (ec) return op->finish(0);
    op->sock.async_write(boost::asio::buffer(op->request), [op](auto ec2, std::size_t) {
      if (ec2) return op->finish(0);
      op->read();
    });
  });
  return op->result;
}

}  // namespace bench
