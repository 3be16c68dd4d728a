#include "watch_hub.hpp"

#include "status.hpp"

#include <algorithm>

namespace kubesim {

void WatchHub::append(WatchEvent e) {
  e.object_json = std::make_shared<const std::string>(json::serialize(*e.obj));
  auto ptr = std::make_shared<const WatchEvent>(std::move(e));
  {
    std::lock_guard lk(mu_);
    events_.push_back(std::move(ptr));
    while (events_.size() > capacity_) {
      floor_ = events_.front()->rv;
      events_.pop_front();
    }
  }
  cv_.notify_all();
}

std::vector<EventPtr> WatchHub::wait_after(std::uint64_t after, std::chrono::steady_clock::time_point deadline,
                                           std::size_t max) {
  std::unique_lock lk(mu_);
  auto first_after = [&] {
    return std::upper_bound(events_.begin(), events_.end(), after,
                            [](std::uint64_t v, const EventPtr& e) { return v < e->rv; });
  };
  if (after < floor_)
    throw ApiError::expired("too old resource version: " + std::to_string(after) + " (" + std::to_string(floor_) + ")");
  cv_.wait_until(lk, deadline, [&] { return after < floor_ || first_after() != events_.end(); });
  if (after < floor_)
    throw ApiError::expired("too old resource version: " + std::to_string(after) + " (" + std::to_string(floor_) + ")");
  std::vector<EventPtr> out;
  for (auto it = first_after(); it != events_.end() && out.size() < max; ++it) out.push_back(*it);
  return out;
}

void WatchHub::compact(std::uint64_t rv) {
  {
    std::lock_guard lk(mu_);
    while (!events_.empty() && events_.front()->rv <= rv) events_.pop_front();
    floor_ = std::max(floor_, rv);
  }
  cv_.notify_all();
}

std::uint64_t WatchHub::floor() const {
  std::lock_guard lk(mu_);
  return floor_;
}

void WatchHub::wake_all() { cv_.notify_all(); }
}  // namespace kubesim
