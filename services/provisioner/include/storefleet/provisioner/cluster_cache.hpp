#pragma once
// The provisioner's view of the cluster: one informer per kind it cares about. Every watch event hands its store's
// key to on_store_change (the reconciler's queue); nothing waits on the cache as a whole but wait_synced().
#include <boost/json/object.hpp>

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "storefleet/provisioner/informer.hpp"
#include "storefleet/provisioner/observed_facts.hpp"

namespace storefleet::provisioner {

struct StoreSnapshot {
  std::vector<boost::json::object> pods, jobs, deployments, statefulsets, replicasets;
  std::optional<boost::json::object> ns;  // namespace store-<name>, when present
  StoreObservation observation() const;
};

class ClusterCache {
 public:
  explicit ClusterCache(KubeClient& client, InformerTiming timing = {});
  ~ClusterCache();

  // Called with the store key of every watch event (set before start()).
  void on_store_change(std::function<void(const std::string&)> f) { on_store_change_ = std::move(f); }
  void start();
  void stop();
  bool synced() const;
  bool wait_synced(std::chrono::milliseconds timeout);

  StoreSnapshot snapshot(const std::string& store) const;
  std::vector<boost::json::object> namespaces() const;

  // Watch restarts per kind, for /metrics.
  std::vector<std::pair<std::string, std::uint64_t>> watch_restarts() const;

 private:
  // A change counter that wait_synced() sleeps on (the reconciler learns of changes per store, by key).
  void changed();
  std::uint64_t wait_change(std::uint64_t seen, std::chrono::steady_clock::time_point deadline);

  std::vector<std::unique_ptr<Informer>> informers_;
  Informer* pods_ = nullptr;
  Informer* jobs_ = nullptr;
  Informer* deployments_ = nullptr;
  Informer* statefulsets_ = nullptr;
  Informer* replicasets_ = nullptr;  // a Deployment's pod-creation failures show on its ReplicaSet first
  Informer* namespaces_ = nullptr;
  mutable std::mutex mutex_;
  std::condition_variable cv_;
  std::uint64_t generation_ = 0;
  std::function<void(const std::string&)> on_store_change_;
};

}  // namespace storefleet::provisioner
