#pragma once
// A stand-in for storefleet-provisioner's HTTP side: POST /wake counts pings, GET /events streams SSE frames for
// the ids a test announces (so a test can leave gaps on purpose) and records each Last-Event-ID it was sent.
#include <httplib.h>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "api_process.hpp"

namespace storefleet::itest {

class FakeProvisioner {
 public:
  FakeProvisioner() {
    server_.Post("/wake", [this](const httplib::Request& req, httplib::Response& res) {
      {
        std::lock_guard lock(mutex_);
        authorizations_.push_back(req.get_header_value("Authorization"));
      }
      ++wakes;
      res.status = 200;
    });
    server_.Get("/events", [this](const httplib::Request& req, httplib::Response& res) {
      {
        std::lock_guard lock(mutex_);
        last_event_ids_.push_back(req.get_header_value("Last-Event-ID"));
        authorizations_.push_back(req.get_header_value("Authorization"));
      }
      ++connections;
      auto next = std::make_shared<std::size_t>(0);
      res.set_chunked_content_provider("text/event-stream", [this, next](std::size_t, httplib::DataSink& sink) {
        std::unique_lock lock(mutex_);
        cv_.wait_for(lock, std::chrono::milliseconds(100), [&] { return !running_ || *next < announced_.size(); });
        if (!running_) return false;
        std::string out = *next == 0 && !sent_retry_ ? "retry: 2000\n\n" : "";
        for (; *next < announced_.size(); ++*next)
          out += "id: " + std::to_string(announced_[*next]) + "\nevent: store.status\ndata: {}\n\n";
        lock.unlock();
        if (out.empty()) out = ": heartbeat\n\n";
        return sink.write(out.data(), out.size());
      });
    });
    port_ = server_.bind_to_any_port("127.0.0.1");  // bound before the thread starts: no startup race
    thread_ = std::thread([this] { server_.listen_after_bind(); });
  }
  ~FakeProvisioner() { stop(); }

  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  void announce(std::int64_t id) {
    {
      std::lock_guard lock(mutex_);
      announced_.push_back(id);
    }
    cv_.notify_all();
  }
  std::vector<std::string> last_event_ids() {
    std::lock_guard lock(mutex_);
    return last_event_ids_;
  }
  std::vector<std::string> authorizations() {
    std::lock_guard lock(mutex_);
    return authorizations_;
  }
  void stop() {
    {
      std::lock_guard lock(mutex_);
      running_ = false;
    }
    cv_.notify_all();
    server_.stop();
    if (thread_.joinable()) thread_.join();
  }

  std::atomic<int> wakes{0};
  std::atomic<int> connections{0};

 private:
  int port_ = 0;
  httplib::Server server_;
  std::mutex mutex_;
  std::condition_variable cv_;
  bool running_ = true, sent_retry_ = false;
  std::vector<std::int64_t> announced_;
  std::vector<std::string> last_event_ids_;
  std::vector<std::string> authorizations_;  // Authorization header of each request, in order
  std::thread thread_;
};

}  // namespace storefleet::itest
