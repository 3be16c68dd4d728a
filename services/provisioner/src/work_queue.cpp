#include "storefleet/provisioner/work_queue.hpp"

#include <algorithm>

namespace storefleet::provisioner {

WorkQueue::WorkQueue(std::chrono::milliseconds backoff_base, std::chrono::milliseconds backoff_max)
    : backoff_base_(backoff_base), backoff_max_(backoff_max) {}

void WorkQueue::add_locked(const std::string& key) {
  if (shut_down_ || !dirty_.insert(key).second) return;  // already waiting: the one entry covers both adds
  ++adds_;
  if (!processing_.count(key)) queue_.push_back(key);    // else done() queues it again
  cv_.notify_one();
}

void WorkQueue::add(const std::string& key) {
  std::lock_guard lock(mutex_);
  add_locked(key);
}

void WorkQueue::add_after(const std::string& key, std::chrono::milliseconds delay) {
  if (delay <= std::chrono::milliseconds(0)) return add(key);
  std::lock_guard lock(mutex_);
  if (shut_down_) return;
  const auto at = Clock::now() + delay;
  if (const auto it = delayed_at_.find(key); it != delayed_at_.end()) {
    if (it->second <= at) return;  // already due sooner
    const auto range = delayed_.equal_range(it->second);
    for (auto d = range.first; d != range.second; ++d)
      if (d->second == key) {
        delayed_.erase(d);
        break;
      }
  }
  delayed_.emplace(at, key);
  delayed_at_[key] = at;
  cv_.notify_one();  // a waiting get() may need an earlier wake-up
}

void WorkQueue::add_rate_limited(const std::string& key) {
  std::chrono::milliseconds delay;
  {
    std::lock_guard lock(mutex_);
    ++retries_;
    const int n = failures_[key]++;
    delay = n >= 20 ? backoff_max_ : std::min(backoff_max_, backoff_base_ * (std::int64_t{1} << n));
  }
  add_after(key, delay);
}

void WorkQueue::forget(const std::string& key) {
  std::lock_guard lock(mutex_);
  failures_.erase(key);
}

int WorkQueue::failures(const std::string& key) const {
  std::lock_guard lock(mutex_);
  const auto it = failures_.find(key);
  return it == failures_.end() ? 0 : it->second;
}

void WorkQueue::promote_due_locked(Clock::time_point now) {
  while (!delayed_.empty() && delayed_.begin()->first <= now) {
    const auto key = delayed_.begin()->second;
    delayed_.erase(delayed_.begin());
    delayed_at_.erase(key);
    add_locked(key);
  }
}

std::optional<std::string> WorkQueue::get() { return get_until(Clock::time_point::max()); }

std::optional<std::string> WorkQueue::get_until(Clock::time_point deadline) {
  std::unique_lock lock(mutex_);
  for (;;) {
    if (shut_down_) return std::nullopt;
    const auto now = Clock::now();
    promote_due_locked(now);
    if (!queue_.empty()) {
      auto key = std::move(queue_.front());
      queue_.pop_front();
      dirty_.erase(key);
      processing_.emplace(key, now);
      return key;
    }
    if (now >= deadline) return std::nullopt;
    const auto wake = delayed_.empty() ? deadline : std::min(deadline, delayed_.begin()->first);
    if (wake == Clock::time_point::max())
      cv_.wait(lock);
    else
      cv_.wait_until(lock, wake);
  }
}

void WorkQueue::done(const std::string& key) {
  std::lock_guard lock(mutex_);
  processing_.erase(key);
  if (dirty_.count(key) && !shut_down_) {  // added while it was processed: once more
    queue_.push_back(key);
    cv_.notify_one();
  }
}

void WorkQueue::shut_down() {
  {
    std::lock_guard lock(mutex_);
    shut_down_ = true;
  }
  cv_.notify_all();
}

bool WorkQueue::shutting_down() const {
  std::lock_guard lock(mutex_);
  return shut_down_;
}

WorkQueueStats WorkQueue::stats() const {
  std::lock_guard lock(mutex_);
  WorkQueueStats s;
  s.depth = queue_.size();
  s.adds = adds_;
  s.retries = retries_;
  s.processing = processing_.size();
  const auto now = Clock::now();
  for (const auto& [key, since] : processing_)
    s.longest_running_seconds = std::max(s.longest_running_seconds, std::chrono::duration<double>(now - since).count());
  return s;
}

}  // namespace storefleet::provisioner
