// The ordered history of changes (one entry per resourceVersion) that watches read from. Bounded;
// compaction (explicit or by overflow) raises the floor below which a watch gets 410 Expired.
#pragma once
#include "json_util.hpp"
#include "resources.hpp"

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <vector>

namespace kubesim {

using ObjPtr = std::shared_ptr<const json::object>;

struct WatchEvent {
  std::uint64_t rv = 0;
  std::string type;  // ADDED | MODIFIED | DELETED
  const ResourceType* rt = nullptr;
  std::string ns;
  ObjPtr obj;  // carries kind and apiVersion
  ObjPtr old;  // previous state (for selector enter/leave), may be null
  std::shared_ptr<const std::string> object_json;  // serialized once, shared by every watcher
};
using EventPtr = std::shared_ptr<const WatchEvent>;

class WatchHub {
 public:
  explicit WatchHub(std::size_t capacity = 100000) : capacity_(capacity) {}
  void append(WatchEvent e);
  // Events with rv > after, waiting until `deadline` if there are none. Throws ApiError 410 when `after` has
  // been compacted away. Returns at most `max` events.
  std::vector<EventPtr> wait_after(std::uint64_t after, std::chrono::steady_clock::time_point deadline,
                                   std::size_t max = 2000);
  // Forgets every event up to and including `rv`; watches from an older resourceVersion get 410.
  void compact(std::uint64_t rv);
  std::uint64_t floor() const;
  void wake_all();  // used at shutdown and when faults change

 private:
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<EventPtr> events_;
  std::uint64_t floor_ = 0;
  std::size_t capacity_;
};
}  // namespace kubesim
