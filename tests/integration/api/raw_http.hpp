#pragma once
#include "api_process.hpp"
// Raw-socket HTTP for tests that must send exactly these bytes (malformed requests, traversal, thousands of SSE
// clients) — a library client would normalise or refuse them.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <deque>
#include <map>
#include <optional>
#include <string>

#include "storefleet/core/sse.hpp"

namespace storefleet::itest {

inline int connect_loopback(int port, int rcvbuf = 0) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return -1;
  if (rcvbuf > 0) ::setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof rcvbuf);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<uint16_t>(port));
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

inline bool send_all(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    auto n = ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n <= 0) return false;
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

// Reads whatever arrives until EOF, error or timeout.
inline std::string read_until_closed(int fd, std::chrono::milliseconds timeout) {
  std::string out;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  char buf[16384];
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) break;
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) break;
    auto n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    out.append(buf, static_cast<std::size_t>(n));
  }
  return out;
}

struct RawResponse {
  int status = 0;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
  std::string raw;
};

inline RawResponse parse_raw_response(const std::string& raw) {
  RawResponse r;
  r.raw = raw;
  auto head_end = raw.find("\r\n\r\n");
  if (raw.rfind("HTTP/1.", 0) != 0 || head_end == std::string::npos) return r;
  r.status = std::atoi(raw.c_str() + 9);
  std::size_t pos = raw.find("\r\n") + 2;
  while (pos < head_end) {
    auto eol = raw.find("\r\n", pos);
    auto line = raw.substr(pos, eol - pos);
    if (auto c = line.find(':'); c != std::string::npos) {
      std::string k = line.substr(0, c);
      for (auto& ch : k) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      auto v = line.substr(c + 1);
      while (!v.empty() && v.front() == ' ') v.erase(v.begin());
      r.headers[k] = v;
    }
    pos = eol + 2;
  }
  r.body = raw.substr(head_end + 4);
  return r;
}

// Sends the bytes, half-closes, returns the (first) response.
inline RawResponse raw_exchange(int port, const std::string& bytes,
                                std::chrono::milliseconds timeout = std::chrono::milliseconds(5000)) {
  int fd = connect_loopback(port);
  if (fd < 0) return {};
  send_all(fd, bytes);
  ::shutdown(fd, SHUT_WR);
  auto raw = read_until_closed(fd, timeout);
  ::close(fd);
  return parse_raw_response(raw);
}

// A raw SSE client: GET /api/events..., parses frames as they arrive.
class SseStream {
 public:
  // `auth`: header lines sent with the request (the admin token by default; "" for none).
  SseStream(int port, const std::string& target, std::optional<std::int64_t> last_event_id = std::nullopt,
            int rcvbuf = 0, const std::string& auth = ApiProcess::auth_header())
      : parser_([this](const storefleet::SseMessage& m) { messages_.push_back(m); }) {
    fd_ = connect_loopback(port, rcvbuf);
    std::string req = "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n" + auth;
    if (last_event_id) req += "Last-Event-ID: " + std::to_string(*last_event_id) + "\r\n";
    req += "\r\n";
    if (fd_ >= 0) send_all(fd_, req);
  }
  ~SseStream() {
    if (fd_ >= 0) ::close(fd_);
  }
  SseStream(const SseStream&) = delete;
  SseStream& operator=(const SseStream&) = delete;

  int fd() const { return fd_; }
  bool closed() const { return closed_; }
  const std::string& head() const { return head_; }
  const std::string& text() const { return body_; }

  // Reads what is available (waiting up to `wait`); returns false once the stream is closed.
  bool pump(std::chrono::milliseconds wait) {
    if (fd_ < 0 || closed_) return false;
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(wait.count())) <= 0) return true;
    char buf[65536];
    auto n = ::recv(fd_, buf, sizeof buf, 0);
    if (n <= 0) {
      closed_ = true;
      return false;
    }
    consume(std::string_view(buf, static_cast<std::size_t>(n)));
    return true;
  }
  // The next message with an id, waiting up to timeout.
  std::optional<storefleet::SseMessage> next(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (messages_.empty()) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      left = std::clamp(left, std::chrono::milliseconds(0), std::chrono::milliseconds(50));
      if (!pump(left) || left.count() == 0) break;  // a zero wait still reads what is already there
    }
    if (messages_.empty()) return std::nullopt;
    auto m = messages_.front();
    messages_.pop_front();
    return m;
  }
  std::vector<std::int64_t> ids(std::size_t count, std::chrono::milliseconds timeout) {
    std::vector<std::int64_t> out;
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (out.size() < count && std::chrono::steady_clock::now() < deadline) {
      auto m = next(std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()));
      if (!m) break;
      if (m->id) out.push_back(std::stoll(*m->id));
    }
    return out;
  }

 private:
  void consume(std::string_view data) {
    if (!in_body_) {
      head_.append(data);
      auto end = head_.find("\r\n\r\n");
      if (end == std::string::npos) return;
      std::string rest = head_.substr(end + 4);
      head_.resize(end + 4);
      in_body_ = true;
      body_ += rest;
      parser_.feed(rest);
      return;
    }
    body_.append(data);
    parser_.feed(data);
  }
  int fd_ = -1;
  bool closed_ = false, in_body_ = false;
  std::string head_, body_;
  std::deque<storefleet::SseMessage> messages_;
  storefleet::SseParser parser_;
};

}  // namespace storefleet::itest
