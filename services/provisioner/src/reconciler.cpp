#include "storefleet/provisioner/reconciler.hpp"

#include <random>

#include "storefleet/core/log.hpp"
#include "storefleet/core/util.hpp"
#include "storefleet/db/jobs.hpp"
#include "storefleet/db/stores.hpp"
#include "storefleet/provisioner/live_status.hpp"

namespace storefleet::provisioner {

Reconciler::Reconciler(Services& s, ReconcilerSettings rs)
    : s_(s), rs_(rs), held_(s.db, s.settings.lease, [this](const std::string& store) { queue_.add(store); }),
      helm_(s.settings.helm_concurrency, [&metrics = s.metrics](double secs) { metrics.helm_slot_waited(secs); }) {}

Reconciler::~Reconciler() { stop(); }

void Reconciler::start() {
  {
    std::lock_guard lock(feed_mutex_);
    stop_ = false;
  }
  held_.start();
  helm_.start();
  for (int i = 0; i < std::max(1, rs_.workers); ++i) workers_.emplace_back([this] { work_loop(); });
  feeder_ = std::thread([this] { feed_loop(); });
}

void Reconciler::stop() {
  {
    std::lock_guard lock(feed_mutex_);
    stop_ = true;
  }
  feed_cv_.notify_all();
  if (feeder_.joinable()) feeder_.join();
  queue_.shut_down();
  for (auto& t : workers_)
    if (t.joinable()) t.join();
  workers_.clear();
  held_.stop();
  held_.cancel_all();  // helm processes of held jobs are killed within ~250 ms
  helm_.stop();
  held_.release_all();
}

void Reconciler::wake() {
  {
    std::lock_guard lock(feed_mutex_);
    ++wakeups_;
  }
  feed_cv_.notify_all();
  held_.check_soon();
}

void Reconciler::enqueue_all() {
  db::StoreFilter f;
  f.limit = 1000000;
  for (auto status : {StoreStatus::ready, StoreStatus::degraded}) {
    f.status = status;
    for (const auto& store : s_.db.read([&](db::Conn& c) { return db::StoreRepo::list(c, f); })) enqueue(store.name);
  }
}

void Reconciler::work_loop() {
  while (auto key = queue_.get()) {
    const auto started = std::chrono::steady_clock::now();
    const auto seconds = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count(); };
    try {
      const auto again = reconcile(*key);
      queue_.forget(*key);
      if (again.count() > 0) queue_.add_after(*key, again);
      s_.metrics.reconciled("success", seconds());
    } catch (const std::exception& e) {
      log::warn("reconcile", "reconcile failed, will retry", {{"store", *key}, {"error", e.what()}});
      queue_.add_rate_limited(*key);
      s_.metrics.reconciled("error", seconds());
    }
    queue_.done(*key);
  }
}

// Claims jobs while there is room, sleeping until woken (the API, a job let go), the next due job, or the idle
// re-check, whichever comes first.
void Reconciler::feed_loop() {
  while (true) {
    std::uint64_t seen;
    {
      std::lock_guard lock(feed_mutex_);
      if (stop_) return;
      seen = wakeups_;
    }
    auto wait = s_.settings.idle_recheck;
    try {
      reap();
      claim_jobs();
      enqueue_active_rollouts();  // a rollout the API started (or one a restart found) is picked up here
      if (const auto due = s_.db.read([](db::Conn& c) { return db::JobQueue::next_due(c); }))
        wait = std::min(wait, std::chrono::milliseconds(std::max<std::int64_t>(*due - now_ms(), 10)));
    } catch (const std::exception& e) {
      log::error("reconcile", "claiming jobs failed", {{"error", e.what()}});
    }
    std::unique_lock lock(feed_mutex_);
    feed_cv_.wait_for(lock, wait, [&] { return stop_ || wakeups_ != seen; });
  }
}

void Reconciler::claim_jobs() {
  while (held_.size() < static_cast<std::size_t>(std::max(1, s_.settings.concurrency))) {
    const auto job = s_.db.write([&](db::Conn& c) { return db::JobQueue::claim(c, s_.settings.lease, now_ms()); });
    if (!job) return;
    const auto store = s_.db.read([&](db::Conn& c) { return db::StoreRepo::find_by_id(c, job->store_id); });
    if (!store) {
      s_.db.write([&](db::Conn& c) { db::JobQueue::complete(c, job->id, job->lease_token, now_ms()); });
      continue;
    }
    if (const auto previous = held_.find(store->name)) {
      // An earlier job of this store is still letting go (its helm process is being stopped): retake it later.
      s_.db.write([&](db::Conn& c) {
        db::JobQueue::extend(c, job->id, job->lease_token, std::chrono::seconds(1), now_ms());
      });
      queue_.add(store->name);
      return;
    }
    log::info("reconcile", "job claimed", {{"job", std::to_string(job->id)}, {"store", store->name},
                                           {"kind", std::string(db::to_string(job->kind))},
                                           {"attempt", std::to_string(job->attempts)}});
    held_.add(*job, *store, now_ms());
    queue_.add(store->name);
  }
}

// Jobs whose lease ran out with no attempts left (their worker died on the last one) are Failed.
void Reconciler::reap() {
  const auto dead = s_.db.write([](db::Conn& c) { return db::JobQueue::reap_exhausted(c, now_ms()); });
  for (const auto& j : dead) {
    const auto store = s_.db.read([&](db::Conn& c) { return db::StoreRepo::find_by_id(c, j.store_id); });
    if (!store) continue;
    s_.events.status(*store, StoreStatus::failed, "gave up after " + std::to_string(j.attempts) +
                                                      " attempts (the provisioner stopped while working on it)");
    s_.events.settled(*store);
    s_.metrics.job_finished(std::string(db::to_string(j.kind)), "dead");
  }
}

std::chrono::milliseconds Reconciler::reconcile(const std::string& name) {
  if (name.starts_with("rollout/")) return reconcile_rollout(std::stoll(name.substr(8)));
  if (const auto held = held_.find(name)) return reconcile_job(held);
  return reconcile_live(name);
}

std::chrono::milliseconds Reconciler::resync_delay() {
  // Jitter (up to +10%) so that stores judged together at startup do not all come back in the same instant.
  thread_local std::mt19937_64 rng{std::random_device{}()};
  const auto spread = std::max<std::int64_t>(1, rs_.resync.count() / 10);
  return rs_.resync + std::chrono::milliseconds(std::uniform_int_distribution<std::int64_t>(0, spread)(rng));
}

// After Ready: keep the status true (Ready ⇄ Degraded) and the observed pods current. Every write is conditional,
// in its transaction, on the row being as it was read and on no job being at work for the store.
std::chrono::milliseconds Reconciler::reconcile_live(const std::string& name) {
  const auto store = s_.db.read([&](db::Conn& c) { return db::StoreRepo::find_live(c, name); });
  if (!store || (store->status != StoreStatus::ready && store->status != StoreStatus::degraded))
    return std::chrono::milliseconds(0);  // a job owns it (or nothing is left): the job's end enqueues it again
  if (!s_.cache.synced()) return rs_.unsynced_retry;

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
