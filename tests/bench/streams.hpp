#pragma once
// Long-lived streams for store_timeline, each on its own thread with cpp-httplib: the API's SSE event stream
// and Kubernetes watches (newline-delimited JSON over HTTPS with a bearer token, as any client would use them).
// Every record is stamped with the local wall clock on arrival, so both kinds of stream share one time base.
#include <httplib.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <yaml-cpp/yaml.h>

#include <atomic>
#include <boost/json.hpp>
#include <functional>
#include <stdexcept>
#include <string>
#include <thread>

#include "bench_stats.hpp"
#include "storefleet/core/sse.hpp"

namespace bench {

struct KubeTarget {
  std::string host;
  int port = 443;
  std::string token;
  std::string ca_pem;
};

inline std::string base64_decode(const std::string& in) {
  std::string out(in.size(), '\0');
  const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(in.data()), static_cast<int>(in.size()));
  if (n < 0) throw std::runtime_error("bad base64 in kubeconfig");
  out.resize(static_cast<std::size_t>(n));
  while (!out.empty() && out.back() == '\0') out.pop_back();  // EVP_DecodeBlock pads with zero bytes
  return out;
}

// The first cluster and user of a kubeconfig (kube-sim writes exactly one of each).
inline KubeTarget read_kubeconfig(const std::string& path) {
  auto doc = YAML::LoadFile(path);
  KubeTarget t;
  auto cluster = doc["clusters"][0]["cluster"];
  std::string server = cluster["server"].as<std::string>();
  const std::string scheme = "https://";
  if (server.rfind(scheme, 0) != 0) throw std::runtime_error("kubeconfig server is not https: " + server);
  server = server.substr(scheme.size());
  if (auto slash = server.find('/'); slash != std::string::npos) server.resize(slash);
  if (auto colon = server.rfind(':'); colon != std::string::npos) {
    t.port = std::stoi(server.substr(colon + 1));
    server.resize(colon);
  }
  t.host = server;
  if (cluster["certificate-authority-data"]) t.ca_pem = base64_decode(cluster["certificate-authority-data"].as<std::string>());
  t.token = doc["users"][0]["user"]["token"].as<std::string>();
  return t;
}

inline void trust_ca(httplib::SSLClient& cli, const std::string& ca_pem) {
  if (ca_pem.empty()) return;
  X509_STORE* store = X509_STORE_new();
  BIO* bio = BIO_new_mem_buf(ca_pem.data(), static_cast<int>(ca_pem.size()));
  while (X509* cert = PEM_read_bio_X509(bio, nullptr, nullptr, nullptr)) {
    X509_STORE_add_cert(store, cert);
    X509_free(cert);
  }
  BIO_free(bio);
  cli.set_ca_cert_store(store);  // the SSL context takes ownership
  cli.enable_server_certificate_verification(true);
}

// Splits a byte stream into lines and hands each complete one on.
class LineSplitter {
 public:
  explicit LineSplitter(std::function<void(std::string_view)> on_line) : on_line_(std::move(on_line)) {}
  void feed(const char* data, std::size_t n) {
    buf_.append(data, n);
    std::size_t start = 0;
    for (auto nl = buf_.find('\n'); nl != std::string::npos; nl = buf_.find('\n', start)) {
      std::string_view line(buf_.data() + start, nl - start);
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      on_line_(line);
      start = nl + 1;
    }
    buf_.erase(0, start);
  }

 private:
  std::string buf_;
  std::function<void(std::string_view)> on_line_;
};

// A background stream: runs `connect_once` (which blocks while the stream is open) until stopped.
// Polls `pred` every 5 ms until it holds (true) or `timeout_ms` passed (false).
inline bool wait_for(const std::function<bool()>& pred, double timeout_ms) {
  const double end = mono_ms() + timeout_ms;
  while (!pred()) {
    if (mono_ms() > end) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return true;
}

class StreamThread {
 public:
  ~StreamThread() { stop(); }
  void start(std::function<void(StreamThread&)> connect_once) {
    thread_ = std::thread([this, f = std::move(connect_once)] {
      while (!stop_) {
        f(*this);
        if (!stop_) std::this_thread::sleep_for(std::chrono::milliseconds(100));
      }
    });
  }
  void stop() {
    stop_ = true;
    if (thread_.joinable()) thread_.detach();  // a blocked read ends with the process; nothing else to clean up
  }
  bool stopping() const { return stop_; }
  std::atomic<bool> connected{false};

 private:
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

// GET /api/events on the API: on_event(arrival_ms, data JSON) for each event.
inline void sse_stream_once(StreamThread& st, int api_port, const std::string& token,
                            const std::function<void(double, const boost::json::object&)>& on_event) {
  httplib::Client cli("127.0.0.1", api_port);
  cli.set_read_timeout(3600, 0);
  storefleet::SseParser sse([&](const storefleet::SseMessage& m) {  // the one SSE parser (common/core/sse.hpp)
    boost::system::error_code ec;
    auto v = boost::json::parse(m.data, ec);
    if (!ec && v.is_object()) on_event(now_ms(), v.as_object());
  });
  httplib::Headers headers{{"Accept", "text/event-stream"}};
  if (!token.empty()) headers.emplace("Authorization", "Bearer " + token);
  cli.Get("/api/events", headers,
          [&](const httplib::Response& r) {
            st.connected = r.status == 200;
            return r.status == 200;
          },
          [&](const char* d, std::size_t n) { return sse.feed(std::string_view(d, n)) && !st.stopping(); });
  st.connected = false;
}

// GET <path>?watch=true on the Kubernetes API: on_event(arrival_ms, type, object) for each watch event.
inline void watch_once(StreamThread& st, const KubeTarget& k, const std::string& path,
                       const std::function<void(double, const std::string&, const boost::json::object&)>& on_event) {
  httplib::SSLClient cli(k.host, k.port);
  trust_ca(cli, k.ca_pem);
  cli.set_read_timeout(3600, 0);
  LineSplitter lines([&](std::string_view line) {
    boost::system::error_code ec;
    auto v = boost::json::parse(line, ec);
    if (ec || !v.is_object()) return;
    const auto& o = v.as_object();
    const auto* type = o.if_contains("type");
    const auto* obj = o.if_contains("object");
    if (type && type->is_string() && obj && obj->is_object())
      on_event(now_ms(), std::string(type->as_string()), obj->as_object());
  });
  auto res = cli.Get(path + "?watch=true", httplib::Headers{{"Authorization", "Bearer " + k.token}},
                     [&](const httplib::Response& r) {
                       st.connected = r.status == 200;
                       return r.status == 200;
                     },
                     [&](const char* d, std::size_t n) {
                       lines.feed(d, n);
                       return !st.stopping();
                     });
  if (!res && !st.stopping()) std::cerr << "store_timeline: watch " << path << ": " << httplib::to_string(res.error()) << "\n";
  st.connected = false;
}

}  // namespace bench
