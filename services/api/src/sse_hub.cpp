#include "storefleet/api/sse_hub.hpp"

#include <algorithm>
#include <map>

#include "storefleet/core/sse.hpp"
#include "storefleet/db/events.hpp"
#include "storefleet/db/stores.hpp"

namespace storefleet::api {

namespace {
constexpr int kPage = 500;

// Owners of the store rows a batch of events happened to, looked up once per store per batch. An event of no
// store (an orphan namespace report) is nobody's: only unfiltered (admin) streams get it.
class OwnerLookup {
 public:
  explicit OwnerLookup(db::Database& db) : db_(db) {}
  bool owned_by(std::int64_t store_id, const std::string& owner) {
    if (store_id <= 0) return false;
    auto it = cache_.find(store_id);
    if (it == cache_.end())
      it = cache_.emplace(store_id, db_.read([&](db::Conn& c) { return db::StoreRepo::owner_of(c, store_id); })).first;
    return it->second && *it->second == owner;
  }

 private:
  db::Database& db_;
  std::map<std::int64_t, std::optional<std::string>> cache_;
};
}  // namespace

SseHub::SseHub(db::Database& db, std::int64_t start_after_id, std::size_t replay_limit)
    : db_(db), last_published_(start_after_id), replay_limit_(replay_limit) {}

std::string SseHub::subscribe(std::weak_ptr<SseSubscriber> sub, std::optional<std::string> store,
                              std::optional<std::int64_t> last_event_id, std::optional<std::string> owner,
                              StreamOwner who) {
  std::string first = sse_retry_frame();
  std::int64_t upto = 0;
  {
    // Registered first, under the lock: every event published from now on has an id above `upto` and reaches
    // this subscriber live (queued behind what this call returns), so the replay below needs no lock.
    std::lock_guard lock(mutex_);
    if (shut_down_) {
      if (auto s = sub.lock()) s->finish(std::make_shared<const std::string>(sse_retry_frame()));
      return first;
    }
    upto = last_published_.load();
    subs_.push_back({std::move(sub), store, owner, std::move(who)});
  }
  if (!last_event_id || *last_event_id >= upto) return first;
  std::int64_t after = std::max<std::int64_t>(*last_event_id, 0);
  if (upto - after > static_cast<std::int64_t>(replay_limit_)) {
    // Too far behind to replay: the client reloads its view and resumes from here.
    replays_refused_.fetch_add(1);
    return first + sse_resync_frame(upto, upto - after);
  }
  OwnerLookup owners(db_);
  for (bool done = false; !done;) {
    auto rows = db_.read([&](db::Conn& c) { return db::EventLog::read_after(c, after, kPage, store); });
    for (const auto& e : rows) {
      if (e.id > upto) {  // published after we registered: delivered live
        done = true;
        break;
      }
      if (!owner || owners.owned_by(e.store_id, *owner)) first += sse_frame(e);
      after = e.id;
    }
    if (rows.size() < static_cast<std::size_t>(kPage)) done = true;
  }
  return first;
}

std::size_t SseHub::catch_up() {
  std::lock_guard publishing(publish_mutex_);
  std::size_t published = 0;
  OwnerLookup owners(db_);
  for (;;) {
    const auto after = last_published_.load();
    auto rows = db_.read([&](db::Conn& c) { return db::EventLog::read_after(c, after, kPage); });
    if (rows.empty()) break;
    // One write per subscriber per page, not per event: under load (many events since the last catch-up) a
    // stream gets them in one frame batch. Subscribers with the same filter share one batch.
    std::vector<std::string> frames;
    frames.reserve(rows.size());
    for (const auto& e : rows) frames.push_back(sse_frame(e));
    std::map<std::pair<std::optional<std::string>, std::optional<std::string>>, SseFrame> batches;
    auto batch_for = [&](const Entry& sub) -> const SseFrame& {
      auto [it, fresh] = batches.try_emplace({sub.store, sub.owner});
      if (fresh) {
        std::string text;
        for (std::size_t i = 0; i < rows.size(); ++i) {
          const auto& e = rows[i];
          if ((!sub.store || *sub.store == e.store) && (!sub.owner || owners.owned_by(e.store_id, *sub.owner)))
            text += frames[i];
        }
        if (!text.empty()) it->second = std::make_shared<const std::string>(std::move(text));
      }
      return it->second;
    };
    std::vector<Delivery> deliveries;
    {
      // Who gets this page is decided under the lock, together with moving last_published_: a subscriber that
      // registers after this gets the page in its replay, one registered before gets it below, never both.
      std::lock_guard lock(mutex_);
      deliveries.reserve(subs_.size());
      for (auto it = subs_.begin(); it != subs_.end();) {
        auto s = it->sub.lock();
        if (!s) {
          it = subs_.erase(it);
          continue;
        }
        if (const auto& batch = batch_for(*it)) deliveries.emplace_back(std::move(s), batch);
        ++it;
      }
      last_published_.store(rows.back().id);
    }
    deliver_paced(deliveries);
    fanouts_.fetch_add(1);
    deliveries_.fetch_add(deliveries.size());
    published += rows.size();
    if (rows.size() < static_cast<std::size_t>(kPage)) break;
  }
  return published;
}

void SseHub::set_delivery_pacer(std::function<void()> pacer, std::size_t slice) {
  std::lock_guard publishing(publish_mutex_);
  pacer_ = std::move(pacer);
  pacer_slice_ = std::max<std::size_t>(1, slice);
}

void SseHub::deliver_paced(const std::vector<Delivery>& deliveries) {
  for (std::size_t i = 0; i < deliveries.size(); ++i) {
    if (pacer_ && i > 0 && i % pacer_slice_ == 0) pacer_();
    deliveries[i].first->deliver(deliveries[i].second);
  }
}

void SseHub::heartbeat() {
  static const auto frame = std::make_shared<const std::string>(kSseHeartbeat);
  std::lock_guard publishing(publish_mutex_);
  std::vector<Delivery> deliveries;
  {
    std::lock_guard lock(mutex_);
    std::erase_if(subs_, [](const Entry& e) { return e.sub.expired(); });
    for (auto& e : subs_)
      if (auto s = e.sub.lock()) deliveries.emplace_back(std::move(s), frame);
  }
  deliver_paced(deliveries);
}

void SseHub::shutdown() {
  auto frame = std::make_shared<const std::string>(": server shutting down\n" + sse_retry_frame());
  std::lock_guard lock(mutex_);
  shut_down_ = true;
  for (auto& e : subs_)
    if (auto s = e.sub.lock()) s->finish(frame);
  subs_.clear();
}

std::size_t SseHub::end_matching(const std::function<bool(const Entry&)>& match) {
  auto frame = std::make_shared<const std::string>(": credential ended\n" + sse_retry_frame());
  std::lock_guard lock(mutex_);
  std::size_t ended = 0;
  std::erase_if(subs_, [&](const Entry& e) {
    if (!match(e)) return e.sub.expired();
    if (auto s = e.sub.lock()) {
      s->finish(frame);
      ++ended;
    }
    return true;
  });
  return ended;
}

std::size_t SseHub::end_streams_of_actor(const std::string& actor) {
  return end_matching([&](const Entry& e) { return e.who.actor == actor; });
}

std::size_t SseHub::end_streams_of_session(const std::string& session_id) {
  if (session_id.empty()) return 0;
  return end_matching([&](const Entry& e) { return e.who.session_id == session_id; });
}

std::size_t SseHub::streams_of_actor(const std::string& actor) {
  std::lock_guard lock(mutex_);
  return static_cast<std::size_t>(
      std::count_if(subs_.begin(), subs_.end(), [&](const Entry& e) { return !e.sub.expired() && e.who.actor == actor; }));
}

std::size_t SseHub::client_count() {
  std::lock_guard lock(mutex_);
  std::erase_if(subs_, [](const Entry& e) { return e.sub.expired(); });
  return subs_.size();
}

}  // namespace storefleet::api
