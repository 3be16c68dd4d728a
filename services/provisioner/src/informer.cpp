#include "storefleet/provisioner/informer.hpp"

#include <boost/json/parse.hpp>

#include "storefleet/core/log.hpp"
#include "storefleet/provisioner/observed_facts.hpp"

namespace json = boost::json;

namespace storefleet::provisioner {

std::string object_key(const json::object& o) {
  return json_string(o, {"metadata", "namespace"}) + "/" + json_string(o, {"metadata", "name"});
}

std::string store_label(const json::object& o) { return json_string(o, {"metadata", "labels", kStoreLabel}); }

Informer::Informer(KubeClient& client, ResourceKind kind, OnChange on_change, InformerTiming timing)
    : client_(client), kind_(std::move(kind)), on_change_(std::move(on_change)), timing_(timing),
      machine_(timing.backoff) {}

Informer::~Informer() { stop(); }

void Informer::start() {
  stop_ = false;
  thread_ = std::thread([this] { run(); });
}

void Informer::request_stop() {
  stop_ = true;
  sleep_cv_.notify_all();
}

void Informer::stop() {
  request_stop();
  if (thread_.joinable()) thread_.join();
}

void Informer::sleep_for(std::chrono::milliseconds d) {
  std::unique_lock lock(sleep_mutex_);
  sleep_cv_.wait_for(lock, d, [this] { return stop_.load(); });
}

std::string Informer::target(const NextStep& step) const {
  std::string t = kind_.list_path + "?labelSelector=storefleet.io%2Fstore";
  if (step.kind == NextStep::Kind::watch) {
    t += "&watch=true&allowWatchBookmarks=true&timeoutSeconds=" + std::to_string(timing_.watch_timeout.count()) +
         "&resourceVersion=" + step.resource_version;
  }
  return t;
}

std::vector<json::object> Informer::for_store(const std::string& store) const {
  std::lock_guard lock(mutex_);
  std::vector<json::object> out;
  for (const auto& [key, o] : cache_)
    if (store_label(o) == store) out.push_back(o);
  return out;
}

std::vector<json::object> Informer::all() const {
  std::lock_guard lock(mutex_);
  std::vector<json::object> out;
  for (const auto& [key, o] : cache_) out.push_back(o);
  return out;
}

void Informer::apply(const CacheUpdate& up) {
  std::string store;
  {
    std::lock_guard lock(mutex_);
    switch (up.kind) {
      case CacheUpdate::Kind::replace_all:
        cache_.clear();
        for (const auto& item : up.items) cache_[object_key(item)] = item;
        break;
      case CacheUpdate::Kind::upsert:
        cache_[object_key(up.object)] = up.object;
        store = store_label(up.object);
        break;
      case CacheUpdate::Kind::remove: {
        const auto key = object_key(up.object);
        if (auto it = cache_.find(key); it != cache_.end()) {
          store = store_label(it->second);
          cache_.erase(it);
        } else {
          store = store_label(up.object);
        }
        break;
      }
    }
  }
  if (on_change_) on_change_(store);
}

void Informer::run() {
  while (!stop_) {
    const NextStep step = machine_.next();
    if (step.delay.count() > 0) sleep_for(step.delay);
    if (stop_) break;
    if (step.kind == NextStep::Kind::list) {
      const auto res = client_.request("GET", target(step));
      if (!res.ok()) {
        log::warn("informer", "list failed", {{"kind", kind_.name}, {"status", std::to_string(res.status)},
                                              {"error", res.error}});
        machine_.on_http_error(res.status);
        restarts_ = machine_.restarts();
        continue;
      }
      json::error_code ec;
      auto body = json::parse(res.body, ec);
      if (ec || !body.is_object()) {
        machine_.on_http_error(0);
        continue;
      }
      apply(machine_.on_list(body.as_object()));
      synced_ = true;
      log::debug("informer", "listed", {{"kind", kind_.name}, {"rv", machine_.resource_version()}});
      continue;
    }
    bool opened = false;
    const auto on_data = [&](std::string_view bytes) {
      if (!opened) {
        machine_.on_watch_open();
        opened = true;
      }
      for (const auto& up : machine_.feed(bytes)) apply(up);
    };
    const auto res = client_.stream(target(step), on_data, timing_.idle_limit, stop_);
    if (stop_) break;
    if (res.status == 200) {
      if (!opened) machine_.on_watch_open();
      machine_.on_stream_end(res.clean);
    } else {
      log::debug("informer", "watch refused", {{"kind", kind_.name}, {"status", std::to_string(res.status)},
                                               {"error", res.error}});
      machine_.on_http_error(res.status);
    }
    restarts_ = machine_.restarts();
  }
}

}  // namespace storefleet::provisioner
