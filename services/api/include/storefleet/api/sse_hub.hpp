#pragma once
// Fan-out of event-log rows to SSE clients (Beast chat-multi style). The hub holds weak pointers; each
// subscriber owns a bounded write queue on its own strand, so one slow client never slows the others.
//
// Ordering: the event log is the source of truth. catch_up() publishes every row after the last published id,
// in id order, whatever told us something changed (the provisioner's stream, our own write, a timer) — so a
// gap in what the provisioner sent is filled from the log, and nothing is published twice. subscribe() registers
// the subscriber under the lock and notes the last published id; it then replays the log up to that id outside
// the lock (later events reach the subscriber live, queued behind the replay), so a resuming client sees no gap
// or duplicate and a long replay never holds up publishing. A client further behind than the replay limit gets
// a `resync` event instead (reload your view; resume from its id).
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "storefleet/db/database.hpp"

namespace storefleet::api {

using SseFrame = std::shared_ptr<const std::string>;

class SseSubscriber {
 public:
  virtual ~SseSubscriber() = default;
  // Must not block: queue the frame (a subscriber whose queue is full drops itself).
  virtual void deliver(SseFrame frame) = 0;
  // Send this last frame, then end the stream.
  virtual void finish(SseFrame last_frame) = 0;
};

// Whose stream it is, so that revoking a token or logging out ends it.
struct StreamOwner {
  std::string actor;
  std::string session_id;  // "" unless opened with a session cookie
};

class SseHub {
 public:
  static constexpr std::size_t kDefaultReplayLimit = 10000;  // events
  SseHub(db::Database& db, std::int64_t start_after_id, std::size_t replay_limit = kDefaultReplayLimit);

  // Registers the subscriber and returns what to send first: the retry hint plus every event after
  // last_event_id (when given) up to what the hub has published, filtered by store and by owner (a tenant's
  // stream carries only its own stores' events).
  std::string subscribe(std::weak_ptr<SseSubscriber> sub, std::optional<std::string> store,
                        std::optional<std::int64_t> last_event_id, std::optional<std::string> owner = std::nullopt,
                        StreamOwner who = {});
  // Publishes new event-log rows in id order (one catch-up at a time). Returns how many were published.
  std::size_t catch_up();
  void heartbeat();
  // Called on the publishing thread after every `slice` deliveries: the server waits there until its I/O threads
  // have taken the slice, so the requests that arrived meanwhile are answered between slices rather than behind
  // one write per stream. Unset (the default): no pause. Setting waits for a catch-up in progress.
  void set_delivery_pacer(std::function<void()> pacer, std::size_t slice = 64);
  // Ends every stream with a retry hint; later subscribers are finished at once.
  void shutdown();
  // Ends the streams of a revoked token / a closed session (the client reconnects and gets 401).
  std::size_t end_streams_of_actor(const std::string& actor);
  std::size_t end_streams_of_session(const std::string& session_id);
  // Open streams of a credential (for the per-token cap).
  std::size_t streams_of_actor(const std::string& actor);

  std::int64_t last_published() const { return last_published_.load(); }
  std::size_t client_count();
  void note_dropped() { dropped_.fetch_add(1); }
  std::uint64_t dropped_total() const { return dropped_.load(); }
  std::uint64_t replays_refused() const { return replays_refused_.load(); }
  std::uint64_t fanouts_total() const { return fanouts_.load(); }        // catch-up pages handed to streams
  std::uint64_t deliveries_total() const { return deliveries_.load(); }  // batches handed to one stream

 private:
  struct Entry {
    std::weak_ptr<SseSubscriber> sub;
    std::optional<std::string> store;
    std::optional<std::string> owner;
    StreamOwner who;
  };
  using Delivery = std::pair<std::shared_ptr<SseSubscriber>, SseFrame>;
  std::size_t end_matching(const std::function<bool(const Entry&)>& match);
  void deliver_paced(const std::vector<Delivery>& deliveries);
  db::Database& db_;
  std::mutex publish_mutex_;  // held by a whole catch-up (and by set_delivery_pacer)
  std::function<void()> pacer_;
  std::size_t pacer_slice_ = 64;
  std::mutex mutex_;  // subs_ and shut_down_
  std::vector<Entry> subs_;
  std::atomic<std::int64_t> last_published_;
  std::atomic<std::uint64_t> dropped_{0};
  std::atomic<std::uint64_t> replays_refused_{0};
  std::atomic<std::uint64_t> fanouts_{0}, deliveries_{0};
  std::size_t replay_limit_;
  bool shut_down_ = false;
};

}  // namespace storefleet::api
