#include "storefleet/provisioner/held_jobs.hpp"

#include "storefleet/core/log.hpp"
#include "storefleet/core/util.hpp"

namespace storefleet::provisioner {

HeldJobs::HeldJobs(db::Database& db, std::chrono::milliseconds lease, std::function<void(const std::string&)> on_change)
    : db_(db), lease_(lease), on_change_(std::move(on_change)) {}

HeldJobs::~HeldJobs() { stop(); }

std::shared_ptr<HeldJob> HeldJobs::add(const db::Job& job, const Store& store, std::int64_t now_ms) {
  auto held = std::make_shared<HeldJob>();
  held->job = job;
  held->store = store;
  held->progress.started_ms = now_ms;
  std::lock_guard lock(mutex_);
  by_name_[store.name] = held;
  return held;
}

std::shared_ptr<HeldJob> HeldJobs::find(const std::string& store_name) const {
  std::lock_guard lock(mutex_);
  const auto it = by_name_.find(store_name);
  return it == by_name_.end() ? nullptr : it->second;
}

void HeldJobs::remove(const HeldJob& held) {
  std::lock_guard lock(mutex_);
  const auto it = by_name_.find(held.store.name);
  if (it != by_name_.end() && it->second.get() == &held) by_name_.erase(it);
}

std::size_t HeldJobs::size() const {
  std::lock_guard lock(mutex_);
  return by_name_.size();
}

void HeldJobs::start() {
  {
    std::lock_guard lock(mutex_);
    stop_ = false;
  }
  thread_ = std::thread([this] { loop(); });
}

void HeldJobs::stop() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void HeldJobs::check_soon() {
  {
    std::lock_guard lock(mutex_);
    check_now_ = true;
  }
  cv_.notify_all();
}

void HeldJobs::loop() {
  std::unique_lock lock(mutex_);
  while (!stop_) {
    cv_.wait_for(lock, lease_ / 3, [&] { return stop_ || check_now_; });
    if (stop_) break;
    check_now_ = false;
    lock.unlock();
    try {
      extend_all();
    } catch (const std::exception& e) {
      log::warn("lease", "extending leases failed", {{"error", e.what()}});
    }
    lock.lock();
  }
}

void HeldJobs::extend_all() {
  std::vector<std::shared_ptr<HeldJob>> held;
  {
    std::lock_guard lock(mutex_);
    for (const auto& [_, h] : by_name_)
      if (!h->lost && !h->superseded) held.push_back(h);
  }
  if (held.empty()) return;
  std::vector<db::LeaseState> states;
  db_.write([&](db::Conn& c) {
    states.clear();
    for (const auto& h : held) states.push_back(db::JobQueue::extend(c, h->job.id, h->job.lease_token, lease_, now_ms()));
  });
  for (std::size_t i = 0; i < held.size(); ++i) {
    auto& h = *held[i];
    if (!states[i].held) {
      h.lost = true;
      log::warn("lease", "lease lost", {{"job", std::to_string(h.job.id)}, {"store", h.store.name}});
    } else if (states[i].kind != h.job.kind) {
      h.superseded = true;
      log::info("lease", "job superseded", {{"job", std::to_string(h.job.id)}, {"store", h.store.name}});
    } else {
      continue;
    }
    h.cancel.cancel();
    if (on_change_) on_change_(h.store.name);
  }
}

void HeldJobs::cancel_all() {
  std::lock_guard lock(mutex_);
  for (const auto& [_, h] : by_name_) h->cancel.cancel();
}

void HeldJobs::release_all() {
  std::vector<std::shared_ptr<HeldJob>> held;
  {
    std::lock_guard lock(mutex_);
    for (const auto& [_, h] : by_name_)
      if (!h->lost) held.push_back(h);
    by_name_.clear();
  }
  if (held.empty()) return;
  try {
    db_.write([&](db::Conn& c) {
      for (const auto& h : held)
        db::JobQueue::extend(c, h->job.id, h->job.lease_token, std::chrono::milliseconds(0), now_ms());
    });
  } catch (const std::exception& e) {
    log::warn("lease", "releasing leases failed (they expire by themselves)", {{"error", e.what()}});
  }
}

}  // namespace storefleet::provisioner
