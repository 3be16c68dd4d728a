#include "storefleet/provisioner/worker.hpp"

#include "storefleet/core/log.hpp"
#include "storefleet/core/util.hpp"
#include "storefleet/db/stores.hpp"

namespace storefleet::provisioner {

Worker::~Worker() { stop(); }

void Worker::start() {
  stop_ = false;
  for (int i = 0; i < std::max(1, s_.settings.concurrency); ++i) threads_.emplace_back([this] { loop(); });
}

void Worker::stop() {
  stop_ = true;
  wake();
  s_.cache.poke();
  for (auto& t : threads_)
    if (t.joinable()) t.join();
  threads_.clear();
}

void Worker::wake() {
  {
    std::lock_guard lock(mutex_);
    ++wakeups_;
  }
  cv_.notify_all();
}

void Worker::loop() {
  while (!stop_) {
    std::uint64_t seen;
    {
      std::lock_guard lock(mutex_);
      seen = wakeups_;
    }
    std::optional<db::Job> job;
    try {
      reap();
      job = s_.db.write([&](db::Conn& c) { return db::JobQueue::claim(c, s_.settings.lease, now_ms()); });
    } catch (const std::exception& e) {
      log::error("worker", "claim failed", {{"error", e.what()}});
    }
    if (job) {
      if (job->state == db::JobState::running) wake();  // another job may be claimable too: let a sibling look
      ++busy_;
      process(*job);
      --busy_;
      continue;
    }
    // Sleep until woken, the next due job, or the idle re-check.
    auto wait = s_.settings.idle_recheck;
    try {
      if (const auto due = s_.db.read([](db::Conn& c) { return db::JobQueue::next_due(c); }))
        wait = std::min(wait, std::chrono::milliseconds(std::max<std::int64_t>(*due - now_ms(), 10)));
    } catch (const std::exception&) {
    }
    std::unique_lock lock(mutex_);
    cv_.wait_for(lock, wait, [&] { return stop_.load() || wakeups_ != seen; });
  }
}

void Worker::reap() {
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

void Worker::process(const db::Job& job) {
  const auto store = s_.db.read([&](db::Conn& c) { return db::StoreRepo::find_by_id(c, job.store_id); });
  if (!store) {
    s_.db.write([&](db::Conn& c) { db::JobQueue::complete(c, job.id, job.lease_token, now_ms()); });
    return;
  }
  log::info("worker", "job claimed", {{"job", std::to_string(job.id)}, {"store", store->name},
                                      {"kind", std::string(db::to_string(job.kind))},
                                      {"attempt", std::to_string(job.attempts)}});
  Lease lease(s_.db, job, s_.settings.lease, &s_.stopping);
  // Everything this job writes is fenced by its lease and kind (see StoreEvents::fenced).
  StoreEvents job_events = s_.events.fenced(lease.fence());
  Services js{s_.db, s_.kube, s_.cache, job_events, s_.metrics, s_.settings, s_.stopping, s_.helm_slots};
  JobOutcome outcome;
  try {
    outcome = job.kind == db::JobKind::create ? run_create(js, *store, lease, job.attempts)
                                              : run_delete(js, *store, lease);
  } catch (const std::exception& e) {
    if (!lease.lost() && !lease.superseded() && !lease.stopping()) {
      retry_or_fail(job, *store, e.what(), js, lease);
      return;
    }
    outcome = {JobOutcome::Kind::interrupted, e.what()};
  }
  if (lease.stopping() && !lease.lost() && outcome.kind == JobOutcome::Kind::interrupted) {
    lease.release();  // shutting down mid-job: the next start takes it over at once
    return;
  }
  if (lease.lost()) return;  // another worker owns the job now: it records the outcome
  finish(job, *store, outcome, js, lease);
}

void Worker::finish(const db::Job& job, const Store& store, const JobOutcome& outcome, Services& js, Lease& lease) {
  const std::string kind(db::to_string(job.kind));
  switch (outcome.kind) {
    case JobOutcome::Kind::failed_for_good:
      // Failed and the cleanup happen while the lease is ours; complete() lets go of it last.
      if (js.events.status(store, StoreStatus::failed, outcome.reason) && job.kind == db::JobKind::create &&
          s_.settings.cleanup_on_failure)
        cleanup_failed(store, js, lease);
      js.events.settled(store);
      s_.metrics.job_finished(kind, "failed");
      break;
    case JobOutcome::Kind::succeeded:
      js.events.settled(store);
      s_.metrics.job_finished(kind, job.kind == db::JobKind::create ? "ready" : "deleted");
      if (job.kind == db::JobKind::create)
        s_.metrics.time_to_ready(static_cast<double>(now_ms() - store.created_at) / 1000.0);
      break;
    case JobOutcome::Kind::interrupted:  // superseded: completing re-queues it as the newly requested kind
      s_.metrics.job_finished(kind, "superseded");
      break;
  }
  s_.db.write([&](db::Conn& c) { db::JobQueue::complete(c, job.id, job.lease_token, now_ms()); });
  if (on_job_finished_) on_job_finished_(store.name);
  wake();
}

void Worker::retry_or_fail(const db::Job& job, const Store& store, const std::string& error, Services& js,
                           Lease& lease) {
  const std::string kind(db::to_string(job.kind));
  const bool last_attempt = job.attempts >= job.max_attempts;
  // The status of this attempt's end is written while the lease is still ours (fenced), and so is the cleanup:
  // once fail() has let go of the job, a retry may already be running helm on the same release.
  if (last_attempt) {
    if (js.events.status(store, StoreStatus::failed,
                         "failed after " + std::to_string(job.attempts) + " attempts: " + error) &&
        job.kind == db::JobKind::create && s_.settings.cleanup_on_failure)
      cleanup_failed(store, js, lease);
    js.events.settled(store);
  } else {
    const auto delay = db::backoff_after(job.attempts, s_.settings.queue);
    js.events.status(store, job.kind == db::JobKind::create ? StoreStatus::provisioning : StoreStatus::deleting,
                     "attempt " + std::to_string(job.attempts) + " failed, retrying in " +
                         std::to_string(delay.count() / 1000) + "s: " + error,
                     job.attempts);
  }
  const auto state = s_.db.write([&](db::Conn& c) {
    return db::JobQueue::fail(c, job.id, job.lease_token, error, s_.settings.queue, now_ms());
  });
  if (!state) return;  // lease lost meanwhile
  if (*state == db::JobState::dead) {
    log::warn("worker", "job failed for good", {{"store", store.name}, {"error", error}});
    s_.metrics.job_finished(kind, "failed");
    if (on_job_finished_) on_job_finished_(store.name);
  } else {
    log::warn("worker", "attempt failed, will retry",
              {{"store", store.name}, {"attempt", std::to_string(job.attempts)}, {"error", error}});
    s_.metrics.job_finished(kind, "retry");
  }
  wake();
}

// The "clean up after failure" setting: remove the release and the namespace, keep the store row (Failed).
void Worker::cleanup_failed(const Store& store, Services& js, Lease& lease) {
  try {
    StoreResources res(s_.kube);
    if (!res.release_history(store.name).empty())
      run_helm(js, "uninstall", helm_uninstall_argv(s_.settings.helm, store.name), lease, true);
    if (!lease.keep()) return;  // lost meanwhile: the new holder decides
    res.delete_namespace(store.name);
    js.events.step(store, "namespace-delete", "done", "cleaned up after failure");
  } catch (const std::exception& e) {
    log::warn("worker", "cleanup after failure failed", {{"store", store.name}, {"error", e.what()}});
  }
}

}  // namespace storefleet::provisioner
