#include "storefleet/provisioner/status_monitor.hpp"

#include <random>

#include "storefleet/core/log.hpp"
#include "storefleet/db/stores.hpp"
#include "storefleet/provisioner/live_status.hpp"

namespace storefleet::provisioner {

StatusMonitor::StatusMonitor(Services& s, MonitorSettings settings) : s_(s), settings_(settings) {}

StatusMonitor::~StatusMonitor() { stop(); }

void StatusMonitor::start() {
  for (int i = 0; i < std::max(1, settings_.workers); ++i) threads_.emplace_back([this] { loop(); });
}

void StatusMonitor::stop() {
  queue_.shut_down();
  for (auto& t : threads_)
    if (t.joinable()) t.join();
  threads_.clear();
}

void StatusMonitor::enqueue_all() {
  db::StoreFilter f;
  f.limit = 1000000;
  for (auto status : {StoreStatus::ready, StoreStatus::degraded}) {
    f.status = status;
    for (const auto& store : s_.db.read([&](db::Conn& c) { return db::StoreRepo::list(c, f); })) enqueue(store.name);
  }
}

std::chrono::milliseconds StatusMonitor::resync_delay() {
  // Jitter (up to +10%) so that stores judged together at startup do not all come back in the same instant.
  thread_local std::mt19937_64 rng{std::random_device{}()};
  const auto spread = std::max<std::int64_t>(1, settings_.resync.count() / 10);
  return settings_.resync + std::chrono::milliseconds(std::uniform_int_distribution<std::int64_t>(0, spread)(rng));
}

void StatusMonitor::loop() {
  while (auto key = queue_.get()) {
    const auto started = std::chrono::steady_clock::now();
    const auto seconds = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count(); };
    try {
      const auto again = reconcile(*key);
      queue_.forget(*key);
      if (again.count() > 0) queue_.add_after(*key, again);
      s_.metrics.reconciled("success", seconds());
    } catch (const std::exception& e) {
      log::warn("monitor", "reconcile failed, will retry", {{"store", *key}, {"error", e.what()}});
      queue_.add_rate_limited(*key);
      s_.metrics.reconciled("error", seconds());
    }
    queue_.done(*key);
  }
}

std::chrono::milliseconds StatusMonitor::reconcile(const std::string& name) {
  ++reconciles_;
  const auto store = s_.db.read([&](db::Conn& c) { return db::StoreRepo::find_live(c, name); });
  if (!store || (store->status != StoreStatus::ready && store->status != StoreStatus::degraded))
    return std::chrono::milliseconds(0);  // a job owns it (or nothing is left): the job's end enqueues it again
  if (!s_.cache.synced()) return settings_.unsynced_retry;

  const auto snap = s_.cache.snapshot(name);
  LiveFacts f;
  f.ns = namespace_for(name);
  f.observed = snap.observation();
  f.namespace_present = snap.ns.has_value();
  if (snap.ns) f.namespace_terminating = json_string(*snap.ns, {"status", "phase"}) == "Terminating";
  auto d = decide_live_status(f);
  if (!f.namespace_present && store->status == StoreStatus::ready) {
    // The informer says gone; confirm with one read so a lagging cache cannot flap a store (rare: a real loss).
    if (StoreResources(s_.kube).get_namespace(name)) return std::chrono::seconds(1);
  }
  Store now = *store;  // the row as this pass leaves it
  if (live_status_changed(store->status, store->status_reason, d)) {
    if (!s_.events.live_status(*store, d.status, d.reason)) return resync_delay();  // the row moved on meanwhile
    s_.metrics.live_status_changed(std::string(to_string(d.status)));
    now.status = d.status;
    now.status_reason = d.reason;
  }
  // The status endpoint shows the live pods: keep the observed column current (with the reason the status has,
  // so that a restart's first pass over unchanged stores writes nothing).
  if (observed_column_json(f.observed, now.status_reason) != store->observed_json)
    s_.events.live_observed(now, f.observed, now.status_reason);
  return resync_delay();
}

}  // namespace storefleet::provisioner
