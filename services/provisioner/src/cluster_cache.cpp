#include "storefleet/provisioner/cluster_cache.hpp"

#include <algorithm>

#include "storefleet/core/store.hpp"

namespace json = boost::json;

namespace storefleet::provisioner {

StoreObservation StoreSnapshot::observation() const {
  StoreObservation o;
  for (const auto& p : pods) o.pods.push_back(pod_fact(p));
  for (const auto& j : jobs) o.jobs.push_back(job_fact(j));
  for (const auto& d : deployments) {
    auto w = deployment_fact(d);
    for (const auto& rs : replicasets) {
      std::string owner;
      const auto failure = replicaset_failure(rs, &owner);
      if (w.failure.empty() && owner == w.name && !failure.empty()) w.failure = failure;
    }
    o.workloads.push_back(std::move(w));
  }
  for (const auto& s : statefulsets) o.workloads.push_back(statefulset_fact(s));
  // Stable order so that "did the observation change" compares like with like.
  std::sort(o.pods.begin(), o.pods.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  std::sort(o.jobs.begin(), o.jobs.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  std::sort(o.workloads.begin(), o.workloads.end(),
            [](const auto& a, const auto& b) { return a.kind + a.name < b.kind + b.name; });
  return o;
}

ClusterCache::ClusterCache(KubeClient& client, InformerTiming timing) {
  auto add = [&](const char* name, const char* path) {
    informers_.push_back(std::make_unique<Informer>(
        client, ResourceKind{name, path}, [this](const std::string& store) {
          if (on_store_change_ && !store.empty()) on_store_change_(store);
          changed();
        }, timing));
    return informers_.back().get();
  };
  pods_ = add("pods", "/api/v1/pods");
  jobs_ = add("jobs", "/apis/batch/v1/jobs");
  deployments_ = add("deployments", "/apis/apps/v1/deployments");
  statefulsets_ = add("statefulsets", "/apis/apps/v1/statefulsets");
  replicasets_ = add("replicasets", "/apis/apps/v1/replicasets");
  namespaces_ = add("namespaces", "/api/v1/namespaces");
}

ClusterCache::~ClusterCache() { stop(); }

void ClusterCache::start() {
  for (auto& i : informers_) i->start();
}

void ClusterCache::stop() {
  for (auto& i : informers_) i->request_stop();  // all at once: each needs up to 200 ms to notice
  for (auto& i : informers_) i->stop();
  changed();  // wakes a wait_synced() still waiting
}

bool ClusterCache::synced() const {
  return std::all_of(informers_.begin(), informers_.end(), [](const auto& i) { return i->synced(); });
}

bool ClusterCache::wait_synced(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  std::uint64_t seen = 0;
  {
    std::lock_guard lock(mutex_);
    seen = generation_;
  }
  while (!synced()) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    seen = wait_change(seen, std::min(deadline, std::chrono::steady_clock::now() + std::chrono::milliseconds(200)));
  }
  return true;
}

StoreSnapshot ClusterCache::snapshot(const std::string& store) const {
  StoreSnapshot s;
  const std::string ns = namespace_for(store);
  auto in_ns = [&](std::vector<json::object> objs) {
    // The label is what selects; the namespace check keeps a mislabelled object elsewhere out.
    std::erase_if(objs, [&](const json::object& o) { return json_string(o, {"metadata", "namespace"}) != ns; });
    return objs;
  };
  s.pods = in_ns(pods_->for_store(store));
  s.jobs = in_ns(jobs_->for_store(store));
  s.deployments = in_ns(deployments_->for_store(store));
  s.statefulsets = in_ns(statefulsets_->for_store(store));
  s.replicasets = in_ns(replicasets_->for_store(store));
  for (auto& n : namespaces_->for_store(store))
    if (json_string(n, {"metadata", "name"}) == ns) s.ns = std::move(n);
  return s;
}

std::vector<json::object> ClusterCache::namespaces() const { return namespaces_->all(); }

std::uint64_t ClusterCache::wait_change(std::uint64_t seen, std::chrono::steady_clock::time_point deadline) {
  std::unique_lock lock(mutex_);
  cv_.wait_until(lock, deadline, [&] { return generation_ != seen; });
  return generation_;
}

void ClusterCache::changed() {
  {
    std::lock_guard lock(mutex_);
    ++generation_;
  }
  cv_.notify_all();
}

std::vector<std::pair<std::string, std::uint64_t>> ClusterCache::watch_restarts() const {
  std::vector<std::pair<std::string, std::uint64_t>> out;
  for (const auto& i : informers_) out.emplace_back(i->kind(), i->restarts());
  return out;
}

}  // namespace storefleet::provisioner
