#pragma once
// A keyed, de-duplicating work queue with client-go's semantics: a key waits at most once; a key is never handed
// to two workers at once; a key added while it is being processed is processed once more after done(); delayed
// adds (requeue_after; a key waits for the earliest of its delays) and per-key exponential backoff (add_rate_limited, reset by forget).
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>

namespace storefleet::provisioner {

struct WorkQueueStats {
  std::size_t depth = 0;              // keys waiting to be handed out (not counting delayed ones)
  std::size_t processing = 0;         // keys handed out and not yet done
  std::uint64_t adds = 0;             // keys that joined the queue (de-duplicated adds do not count)
  std::uint64_t retries = 0;          // add_rate_limited calls
  double longest_running_seconds = 0; // the key processed for the longest time right now
};

class WorkQueue {
 public:
  using Clock = std::chrono::steady_clock;

  explicit WorkQueue(std::chrono::milliseconds backoff_base = std::chrono::milliseconds(200),
                     std::chrono::milliseconds backoff_max = std::chrono::seconds(60));

  void add(const std::string& key);
  void add_after(const std::string& key, std::chrono::milliseconds delay);
  void add_rate_limited(const std::string& key);  // backoff_base · 2^(failures so far), capped
  void forget(const std::string& key);            // the key succeeded: its backoff starts over
  int failures(const std::string& key) const;

  // Blocks until a key is due (or the queue is shut down: nullopt). The caller must call done(key).
  std::optional<std::string> get();
  // As get(), but gives up at `deadline` (nullopt) — for tests and polling loops.
  std::optional<std::string> get_until(Clock::time_point deadline);
  void done(const std::string& key);

  void shut_down();
  bool shutting_down() const;
  WorkQueueStats stats() const;

 private:
  void add_locked(const std::string& key);
  void promote_due_locked(Clock::time_point now);

  mutable std::mutex mutex_;
  std::condition_variable cv_;
  std::deque<std::string> queue_;
  std::set<std::string> dirty_;                           // waiting keys (in queue_, or to re-queue after done)
  std::map<std::string, Clock::time_point> processing_;   // key → since
  std::multimap<Clock::time_point, std::string> delayed_;  // one entry per key: the earliest asked for
  std::map<std::string, Clock::time_point> delayed_at_;
  std::map<std::string, int> failures_;
  std::chrono::milliseconds backoff_base_, backoff_max_;
  std::uint64_t adds_ = 0, retries_ = 0;
  bool shut_down_ = false;
};

}  // namespace storefleet::provisioner
