// Saving and loading the simulated cluster (--state-file): a JSON document of every object by resource type,
// the server-side-apply configurations (helm 4 applies server-side) and the resourceVersion counter.
#include "state_file.hpp"

#include "store.hpp"

#include <spdlog/spdlog.h>
#include <sys/stat.h>

#include <cstdio>
#include <fstream>
#include <sstream>

namespace kubesim {

json::object Store::snapshot() const {
  std::lock_guard lk(mu_);
  json::object buckets;
  for (const auto& [key, bucket] : buckets_) {
    json::array items;
    for (const auto& [name, obj] : bucket) items.push_back(*obj);
    buckets[key] = std::move(items);
  }
  json::object applied;
  for (const auto& [uid, managers] : applied_) {
    json::object by_manager;
    for (const auto& [manager, config] : managers) by_manager[manager] = config;
    applied[uid] = std::move(by_manager);
  }
  return json::object{{"resourceVersion", rv_}, {"objects", std::move(buckets)}, {"applied", std::move(applied)}};
}

void Store::restore(const json::object& state) {
  std::lock_guard lk(mu_);
  buckets_.clear();
  applied_.clear();
  for (const auto& [key, items] : state.at("objects").as_object())
    for (const auto& item : items.as_array()) {
      const auto& obj = item.as_object();
      buckets_[std::string(key)][object_key(namespace_of(obj), name_of(obj))] =
          std::make_shared<const json::object>(obj);
    }
  for (const auto& [uid, managers] : state.at("applied").as_object())
    for (const auto& [manager, config] : managers.as_object())
      applied_[std::string(uid)][std::string(manager)] = config.as_object();
  rv_ = state.at("resourceVersion").to_number<std::uint64_t>();
  hub_.compact(rv_);  // no history before this point: a watch from an older resourceVersion relists (410)
}

void Store::replay_to_listeners() {
  std::vector<Change> changes;
  {
    std::lock_guard lk(mu_);
    for (const auto& [key, bucket] : buckets_) {
      const ResourceType* rt = nullptr;
      for (const auto& candidate : all_resources())
        if (candidate.key() == key) rt = &candidate;
      if (!rt) continue;
      for (const auto& [name, obj] : bucket) changes.push_back({rt, "RESTORED", obj, nullptr});
    }
  }
  notify(changes);
}

bool load_state(Store& store, const std::string& path) {
  std::ifstream in(path);
  if (!in) return false;  // first start: an empty cluster
  std::stringstream text;
  text << in.rdbuf();
  boost::system::error_code ec;
  auto v = json::parse(text.str(), ec);
  if (ec || !v.is_object()) throw std::runtime_error("state file " + path + " is not valid JSON");
  store.restore(v.as_object());
  spdlog::info("kube-sim: cluster restored from {}", path);
  return true;
}

void save_state(const Store& store, const std::string& path) {
  const auto tmp = path + ".tmp";
  {
    // 0600: it holds Secrets, as etcd does.
    const auto old_mask = ::umask(077);
    std::ofstream out(tmp, std::ios::trunc);
    ::umask(old_mask);
    if (!out) throw std::runtime_error("cannot write the state file " + tmp);
    out << json::serialize(store.snapshot());
    if (!out.flush()) throw std::runtime_error("cannot write the state file " + tmp);
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) throw std::runtime_error("cannot replace the state file " + path);
  spdlog::info("kube-sim: cluster saved to {}", path);
}

}  // namespace kubesim
