#include "storefleet/provisioner/helm_pool.hpp"

#include "storefleet/core/log.hpp"

namespace storefleet::provisioner {

HelmPool::HelmPool(int size, std::function<void(double)> queued_seconds)
    : size_(std::max(1, size)), queued_seconds_(std::move(queued_seconds)) {}

HelmPool::~HelmPool() { stop(); }

void HelmPool::start() {
  {
    std::lock_guard lock(mutex_);
    stop_ = false;
  }
  for (int i = 0; i < size_; ++i) threads_.emplace_back([this] { loop(); });
}

void HelmPool::stop() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
    tasks_.clear();
  }
  cv_.notify_all();
  for (auto& t : threads_)
    if (t.joinable()) t.join();
  threads_.clear();
}

void HelmPool::submit(std::function<void()> task) {
  {
    std::lock_guard lock(mutex_);
    if (stop_) return;
    tasks_.push_back({std::move(task), std::chrono::steady_clock::now()});
  }
  cv_.notify_one();
}

std::size_t HelmPool::waiting() const {
  std::lock_guard lock(mutex_);
  return tasks_.size();
}

void HelmPool::loop() {
  while (true) {
    Task task;
    {
      std::unique_lock lock(mutex_);
      cv_.wait(lock, [&] { return stop_ || !tasks_.empty(); });
      if (stop_) return;
      task = std::move(tasks_.front());
      tasks_.pop_front();
    }
    if (queued_seconds_)
      queued_seconds_(std::chrono::duration<double>(std::chrono::steady_clock::now() - task.queued_at).count());
    try {
      task.run();
    } catch (const std::exception& e) {  // tasks report their own errors; this is a backstop
      log::error("helm", "helm task failed unexpectedly", {{"error", e.what()}});
    }
  }
}

}  // namespace storefleet::provisioner
