#pragma once
// One informer per kind: a thread that LISTs then WATCHes the kind cluster-wide (label selector
// `storefleet.io/store`), keeps a cache of the objects and reports changes. No polling: after the first LIST it
// only follows the watch stream, resuming from the last resourceVersion and relisting on 410.
#include <boost/json/object.hpp>

#include <atomic>
#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "storefleet/provisioner/kube_client.hpp"
#include "storefleet/provisioner/watch_machine.hpp"

namespace storefleet::provisioner {

inline constexpr const char* kStoreLabel = "storefleet.io/store";

struct ResourceKind {
  std::string name;       // "pods"
  std::string list_path;  // "/api/v1/pods"
};

struct InformerTiming {
  std::chrono::seconds watch_timeout{120};  // timeoutSeconds asked of the server
  std::chrono::seconds idle_limit{150};     // drop a stream that sends nothing for this long
  BackoffPolicy backoff{};
};

class Informer {
 public:
  // Called (from the informer thread) with the store label of every object that changed; "" after a relist.
  using OnChange = std::function<void(const std::string& store)>;

  Informer(KubeClient& client, ResourceKind kind, OnChange on_change, InformerTiming timing = {});
  ~Informer();
  Informer(const Informer&) = delete;
  Informer& operator=(const Informer&) = delete;

  void start();
  void request_stop();  // returns at once; stop() joins
  void stop();
  bool synced() const noexcept { return synced_.load(); }
  const std::string& kind() const noexcept { return kind_.name; }
  std::uint64_t restarts() const noexcept { return restarts_.load(); }

  std::vector<boost::json::object> for_store(const std::string& store) const;
  std::vector<boost::json::object> all() const;

 private:
  void run();
  void apply(const CacheUpdate& up);
  void sleep_for(std::chrono::milliseconds d);
  std::string target(const NextStep& step) const;

  KubeClient& client_;
  ResourceKind kind_;
  OnChange on_change_;
  InformerTiming timing_;
  WatchMachine machine_;
  mutable std::mutex mutex_;
  std::map<std::string, boost::json::object> cache_;  // key: namespace/name (slimmed: see slim_object)
  std::map<std::string, std::set<std::string>> keys_by_store_;  // storefleet.io/store label → cache keys
  std::atomic<bool> stop_{false};
  std::atomic<bool> synced_{false};
  std::atomic<std::uint64_t> restarts_{0};
  std::mutex sleep_mutex_;
  std::condition_variable sleep_cv_;
  std::thread thread_;
};

std::string object_key(const boost::json::object& o);
std::string store_label(const boost::json::object& o);

// What the cache keeps of an object: metadata (name, namespace, labels, owner kinds and names, generation,
// deletionTimestamp), spec.replicas and the whole status. Dropping managedFields, annotations and specs keeps
// a thousand stores' objects small, and so the footprint after a restart's big LISTs.
boost::json::object slim_object(const boost::json::object& o);

}  // namespace storefleet::provisioner
