#include "storefleet/provisioner/informer.hpp"

#include <boost/json/parse.hpp>

#include <algorithm>
#include <malloc.h>

#include "storefleet/core/log.hpp"
#include "storefleet/provisioner/observed_facts.hpp"

namespace json = boost::json;

namespace storefleet::provisioner {

std::string object_key(const json::object& o) {
  return json_string(o, {"metadata", "namespace"}) + "/" + json_string(o, {"metadata", "name"});
}

std::string store_label(const json::object& o) { return json_string(o, {"metadata", "labels", kStoreLabel}); }

json::object slim_object(const json::object& o) {
  json::object out;
  if (const auto* meta = o.if_contains("metadata"); meta && meta->is_object()) {
    json::object m;
    for (const char* k : {"name", "namespace", "labels", "generation", "deletionTimestamp", "resourceVersion"})
      if (const auto* v = meta->as_object().if_contains(k)) m[k] = *v;
    if (const auto* owners = meta->as_object().if_contains("ownerReferences"); owners && owners->is_array()) {
      json::array refs;
      for (const auto& r : owners->as_array())
        if (r.is_object())
          refs.push_back(json::object{{"kind", json_string(r.as_object(), {"kind"})},
                                      {"name", json_string(r.as_object(), {"name"})}});
      m["ownerReferences"] = std::move(refs);
    }
    out["metadata"] = std::move(m);
  }
  if (const auto* replicas = json_path(o, {"spec", "replicas"})) out["spec"] = json::object{{"replicas", *replicas}};
  if (const auto* status = o.if_contains("status")) out["status"] = *status;
  return out;
}

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
  const auto keys = keys_by_store_.find(store);
  if (keys == keys_by_store_.end()) return out;
  for (const auto& key : keys->second)
    if (const auto it = cache_.find(key); it != cache_.end()) out.push_back(it->second);
  return out;
}

std::vector<json::object> Informer::all() const {
  std::lock_guard lock(mutex_);
  std::vector<json::object> out;
  for (const auto& [key, o] : cache_) out.push_back(o);
  return out;
}

void Informer::apply(const CacheUpdate& up) {
  std::vector<std::string> stores;  // the stores this update may have changed
  {
    std::lock_guard lock(mutex_);
    const auto forget = [&](const std::string& key) {
      const auto it = cache_.find(key);
      if (it == cache_.end()) return std::string();
      auto label = store_label(it->second);
      if (auto keys = keys_by_store_.find(label); keys != keys_by_store_.end()) {
        keys->second.erase(key);
        if (keys->second.empty()) keys_by_store_.erase(keys);
      }
      cache_.erase(it);
      return label;
    };
    const auto keep = [&](const json::object& o) {
      const auto key = object_key(o);
      forget(key);  // its label may have changed
      auto slim = slim_object(o);
      auto label = store_label(slim);
      keys_by_store_[label].insert(key);
      cache_[key] = std::move(slim);
      return label;
    };
    switch (up.kind) {
      case CacheUpdate::Kind::replace_all:
        // A (re)list: every store seen before or now may have changed while the watch was down.
        for (const auto& [label, keys] : keys_by_store_) stores.push_back(label);
        cache_.clear();
        keys_by_store_.clear();
        for (const auto& item : up.items) keep(item);
        for (const auto& [label, keys] : keys_by_store_) stores.push_back(label);
        break;
      case CacheUpdate::Kind::upsert:
        stores.push_back(keep(up.object));
        break;
      case CacheUpdate::Kind::remove: {
        auto label = forget(object_key(up.object));
        stores.push_back(label.empty() ? store_label(up.object) : label);
        break;
      }
    }
  }
  if (!on_change_) return;
  std::sort(stores.begin(), stores.end());
  stores.erase(std::unique(stores.begin(), stores.end()), stores.end());
  if (stores.empty()) stores.emplace_back();  // still a change: waiters wake
  for (const auto& store : stores) on_change_(store);
}

void Informer::run() {
  while (!stop_) {
    const NextStep step = machine_.next();
    if (step.delay.count() > 0) sleep_for(step.delay);
    if (stop_) break;
    if (step.kind == NextStep::Kind::list) {
      auto res = client_.request("GET", target(step));
      if (!res.ok()) {
        log::warn("informer", "list failed", {{"kind", kind_.name}, {"status", std::to_string(res.status)},
                                              {"error", res.error}});
        machine_.on_http_error(res.status);
        restarts_ = machine_.restarts();
        continue;
      }
      json::error_code ec;
      auto body = json::parse(res.body, ec);
      res.body = std::string();
      if (ec || !body.is_object()) {
        machine_.on_http_error(0);
        continue;
      }
      apply(machine_.on_list(body.as_object()));
      body = json::value();
      ::malloc_trim(0);  // a LIST of thousands of objects was just freed: give the pages back
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
