#pragma once
// Stopping the side effects of a job whose lease was lost: the lease keeper cancels the job's token; the helm
// process runner polls it (the child is killed within ~250 ms) and the Kubernetes client checks it before every
// try and while it sleeps between tries (through the scope the acting thread sets).
#include <atomic>

namespace storefleet::provisioner {

class CancelToken {
 public:
  void cancel() noexcept { cancelled_.store(true); }
  bool cancelled() const noexcept { return cancelled_.load(); }

 private:
  std::atomic<bool> cancelled_{false};
};

// The token of the job the current thread acts for (nothing: not acting for a job). Scopes nest.
class CancelScope {
 public:
  explicit CancelScope(const CancelToken* token) noexcept;
  ~CancelScope();
  CancelScope(const CancelScope&) = delete;
  CancelScope& operator=(const CancelScope&) = delete;
  // True when the current thread acts for a job whose token was cancelled.
  static bool cancelled() noexcept;

 private:
  const CancelToken* previous_;
};

}  // namespace storefleet::provisioner
