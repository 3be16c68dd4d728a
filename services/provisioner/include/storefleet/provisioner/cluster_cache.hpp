#pragma once
// The provisioner's view of the cluster: one informer per kind it cares about, and a change counter that
// workers wait on (a condition variable, so they wake on the next watch event instead of polling).
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

  std::uint64_t generation() const;
  // Blocks until something changed after `seen` or `deadline` passed; returns the current generation.
  std::uint64_t wait_change(std::uint64_t seen, std::chrono::steady_clock::time_point deadline);
  // Wakes every waiter (shutdown, lease checks).
  void poke();

  // Watch restarts per kind, for /metrics.
  std::vector<std::pair<std::string, std::uint64_t>> watch_restarts() const;

 private:
  void changed();

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
