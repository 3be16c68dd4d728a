// The object store: every object of every resource type, the cluster-wide resourceVersion counter, uid,
// generation, managedFields, finalizers and deletion. All writes go through `write`/`remove`, which append
// to the WatchHub under the store lock (so history order == resourceVersion order) and notify listeners
// (the controllers) after releasing it.
#pragma once
#include "json_util.hpp"
#include "resources.hpp"
#include "selectors.hpp"
#include "watch_hub.hpp"

#include <functional>
#include <map>
#include <mutex>
#include <optional>

namespace kubesim {

struct WriteOptions {
  std::string manager;              // fieldManager
  std::string operation = "Update"; // Update | Apply
  bool status_only = false;         // write to the /status subresource
  bool internal = false;            // controllers: take spec and status as given, skip admission
  bool dry_run = false;
  bool create_only = false;         // POST
  bool update_only = false;         // PUT / non-apply PATCH
  std::optional<json::object> applied;  // server-side apply: the applied configuration to remember
};

struct Change {
  const ResourceType* rt;
  std::string type;
  ObjPtr obj, old;
};

class Store {
 public:
  explicit Store(WatchHub& hub) : hub_(hub) {}

  using Compute = std::function<json::object(const json::object* current)>;
  struct WriteResult {
    ObjPtr obj;
    bool created = false;
  };
  struct ListResult {
    std::vector<ObjPtr> items;
    std::uint64_t rv = 0;
    std::string continue_token;
    std::int64_t remaining = 0;
  };
  struct DeleteResult {
    ObjPtr obj;
    bool gone = false;  // removed now (false: deletion pending on finalizers / namespace termination)
  };

  ObjPtr get(const ResourceType& rt, const std::string& ns, const std::string& name) const;
  ListResult list(const ResourceType& rt, const std::string& ns, const LabelSelector* labels = nullptr,
                  const FieldSelector* fields = nullptr, std::size_t limit = 0,
                  const std::string& continue_token = "") const;
  WriteResult write(const ResourceType& rt, const std::string& ns, const std::string& name, const Compute& compute,
                    const WriteOptions& opts);
  // delete_options: DeleteOptions JSON (propagationPolicy, preconditions, orphanDependents, dryRun).
  DeleteResult remove(const ResourceType& rt, const std::string& ns, const std::string& name,
                      const json::object& delete_options = {});
  // Namespace controller: drops a terminating namespace once it is empty.
  void finalize_namespace(const std::string& name);
  std::optional<json::object> last_applied(const std::string& uid, const std::string& manager) const;
  std::uint64_t current_rv() const;
  void compact();
  void add_listener(std::function<void(const Change&)> fn) { listeners_.push_back(std::move(fn)); }
  // Deleting a scheduled pod first marks it Terminating (deletionTimestamp); the kubelet simulation removes it.
  void set_graceful_pod_deletion(bool on) { graceful_pods_ = on; }

  // --state-file (state_file.cpp): every object, the applied configurations and the resourceVersion counter, so
  // a restarted simulator keeps its cluster as a real one would. restore() runs before serving; watches then
  // start at the restored resourceVersion (older ones get 410). replay_to_listeners() hands every object to the
  // controllers as a RESTORED change (never sent to watches), so work a pod or Job had left resumes.
  json::object snapshot() const;
  void restore(const json::object& state);
  void replay_to_listeners();

  // For admission (called with the lock held): direct reads without locking.
  ObjPtr get_locked(const ResourceType& rt, const std::string& ns, const std::string& name) const;
  std::vector<ObjPtr> list_locked(const ResourceType& rt, const std::string& ns) const;

 private:
  using Bucket = std::map<std::string, ObjPtr>;  // key "namespace/name"
  void commit(const ResourceType& rt, const std::string& key, const std::string& type, json::object obj, ObjPtr old,
              std::vector<Change>& out);
  void erase(const ResourceType& rt, const std::string& key, ObjPtr cur, std::vector<Change>& out);
  void notify(const std::vector<Change>& changes);
  static void touch_managed_fields(json::object& obj, const ResourceType& rt, const WriteOptions& opts);

  mutable std::mutex mu_;
  WatchHub& hub_;
  std::map<std::string, Bucket> buckets_;  // by ResourceType::key()
  std::map<std::string, std::map<std::string, json::object>> applied_;  // uid -> manager -> applied config
  std::uint64_t rv_ = 1;
  bool graceful_pods_ = false;
  std::vector<std::function<void(const Change&)>> listeners_;
};

std::string object_key(const std::string& ns, const std::string& name);
const json::object& meta(const json::object& obj);
std::string name_of(const json::object& obj);
std::string namespace_of(const json::object& obj);
std::string uid_of(const json::object& obj);
}  // namespace kubesim
