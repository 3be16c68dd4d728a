#include "storefleet/api/provisioner_link.hpp"

#include <httplib.h>

#include <charconv>

#include "storefleet/core/sse.hpp"
#include "storefleet/api/store_api.hpp"
#include "storefleet/core/log.hpp"

namespace storefleet::api {

void trust_provisioner_ca(httplib::Client& client, const std::string& ca_file) {
  if (!ca_file.empty()) client.set_ca_cert_path(ca_file);
  client.enable_server_certificate_verification(true);
}

std::chrono::milliseconds EventStreamClient::backoff(int attempt) {
  const int shift = std::min(attempt, 6);
  return std::min(std::chrono::milliseconds(250 << shift), std::chrono::milliseconds(10000));
}

EventStreamClient::EventStreamClient(std::string base_url, std::function<std::int64_t()> last_id,
                                     std::function<void(std::int64_t)> on_event, std::string bearer_token,
                                     std::string ca_file)
    : base_url_(std::move(base_url)),
      token_(std::move(bearer_token)),
      ca_file_(std::move(ca_file)),
      last_id_(std::move(last_id)),
      on_event_(std::move(on_event)) {}

EventStreamClient::~EventStreamClient() { stop(); }

void EventStreamClient::start() {
  if (base_url_.empty() || thread_.joinable()) return;
  thread_ = std::thread([this] { loop(); });
}

void EventStreamClient::stop() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
    if (current_) current_->stop();
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void EventStreamClient::loop() {
  int attempt = 0;
  while (!stop_) {
    httplib::Client cli(base_url_);
    trust_provisioner_ca(cli, ca_file_);
    cli.set_connection_timeout(std::chrono::seconds(2));
    cli.set_read_timeout(std::chrono::seconds(40));  // > 2 heartbeats: a silent stream is a dead stream
    {
      std::lock_guard lock(mutex_);
      if (stop_) break;
      current_ = &cli;
    }
    bool got_data = false;
    SseParser parser([&](const SseMessage& m) {
      if (!m.id) return;
      std::int64_t id = 0;
      auto [p, ec] = std::from_chars(m.id->data(), m.id->data() + m.id->size(), id);
      if (ec == std::errc() && p == m.id->data() + m.id->size()) on_event_(id);
    });
    httplib::Headers headers{{"Accept", "text/event-stream"}, {"Last-Event-ID", std::to_string(last_id_())}};
    if (!token_.empty()) headers.emplace("Authorization", "Bearer " + token_);
    auto res = cli.Get(
        "/events", headers,
        [&](const httplib::Response& r) {
          if (r.status != 200) return false;
          connected_ = true;
          log::info("link", "provisioner event stream connected");
          return true;
        },
        [&](const char* data, std::size_t n) {
          got_data = true;
          if (!parser.feed(std::string_view(data, n))) return false;
          return !stop_.load();
        });
    {
      std::lock_guard lock(mutex_);
      current_ = nullptr;
    }
    if (connected_.exchange(false)) log::warn("link", "provisioner event stream lost");
    if (stop_) break;
    // A stream that delivered something was healthy: start the backoff again from the shortest delay.
    if (got_data) attempt = 0;
    ++reconnects_;
    // One catch-up per reconnect: events written while we were away reach clients even if the provisioner
    // stays down (the hub reads them from the shared event log).
    on_event_(-1);
    std::unique_lock lock(mutex_);
    cv_.wait_for(lock, backoff(attempt++), [&] { return stop_.load(); });
  }
}

ProvisionerWaker::ProvisionerWaker(std::string base_url, std::string bearer_token, std::string ca_file) {
  if (base_url.empty()) return;
  client_ = std::make_unique<httplib::Client>(base_url);
  trust_provisioner_ca(*client_, ca_file);
  client_->set_connection_timeout(std::chrono::milliseconds(200));
  client_->set_read_timeout(std::chrono::milliseconds(200));
  client_->set_write_timeout(std::chrono::milliseconds(200));
  if (!bearer_token.empty()) client_->set_bearer_token_auth(bearer_token);
}

ProvisionerWaker::~ProvisionerWaker() { task_.stop(); }  // before the client goes

void ProvisionerWaker::start() {
  if (client_) task_.start();
}

void ProvisionerWaker::send() {
  auto res = client_->Post("/wake", "", "text/plain");
  ++sent_;
  if (!res) log::debug("link", "wake-up ping not delivered (provisioner down?)");
}

}  // namespace storefleet::api
