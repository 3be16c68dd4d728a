// A store with a job at work: observe → decide_job_step → at most one action → when to look again.
#include "storefleet/core/log.hpp"
#include "storefleet/core/util.hpp"
#include "storefleet/db/jobs.hpp"
#include "storefleet/provisioner/reconciler.hpp"

namespace storefleet::provisioner {

namespace {
std::chrono::milliseconds until(std::int64_t deadline_ms) {
  // At least a moment (a deadline just passed is judged on the next pass), at most 30 s (a safety net only:
  // watch events bring the store back as soon as something changes).
  return std::chrono::milliseconds(std::clamp<std::int64_t>(deadline_ms - now_ms(), 50, 30000));
}
}  // namespace

std::chrono::milliseconds Reconciler::reconcile_job(const std::shared_ptr<HeldJob>& held) {
  HeldJob& h = *held;
  StoreEvents events = s_.events.fenced(h.fence(), h.updating());
  CancelScope acting_for(&h.cancel);  // a lost lease stops this job's Kubernetes calls too
  try {
    const auto facts = observe_job(h, events);
    const auto step = decide_job_step(facts, s_.settings.thresholds, s_.settings.delete_timeout);
    report_observation(h, events, facts, step);
    switch (step.action) {
      case JobAction::none: return until(next_deadline(facts, s_.settings.thresholds, s_.settings.delete_timeout));
      case JobAction::drop: let_go(h); return std::chrono::milliseconds(0);
      case JobAction::hand_over: hand_over(h); return std::chrono::milliseconds(0);
      case JobAction::prepare: prepare(h, events); return std::chrono::milliseconds(1);
      case JobAction::install:
      case JobAction::uninstall:  // start_helm runs the one the job's kind calls for
        events.status(h.store, step.status, step.reason, h.job.attempts);
        start_helm(held, events);
        return std::chrono::milliseconds(0);
      case JobAction::delete_namespace: delete_namespace(h, events); return std::chrono::milliseconds(1);
      case JobAction::succeed: succeed(h, events, step); return std::chrono::milliseconds(0);
      case JobAction::fail_for_good: fail_for_good(held, events, step.reason); return std::chrono::milliseconds(0);
      case JobAction::fail_attempt: fail_attempt(h, events, step.reason); return std::chrono::milliseconds(0);
    }
  } catch (const std::exception& e) {
    if (h.lost || h.superseded) return std::chrono::milliseconds(1);  // the next pass lets go or hands over
    fail_attempt(h, events, e.what());  // errors a later attempt may fix (API unreachable, a conflict)
  }
  return std::chrono::milliseconds(0);
}

JobStepFacts Reconciler::observe_job(HeldJob& h, StoreEvents& events) {
  JobStepFacts f;
  f.kind = h.job.kind;
  f.lease_lost = h.lost;
  f.superseded = h.superseded;
  auto& p = h.progress;
  bool helm_succeeded = false;
  {
    std::lock_guard lock(h.mutex);
    f.helm_running = h.helm.running;
    if (!h.helm.running) {
      helm_succeeded = h.helm.succeeded;
      if (helm_succeeded) h.progress.revision = h.helm.deployed_revision;
      h.helm.succeeded = false;
      f.helm_error = h.helm.error;
    }
  }
  if (helm_succeeded && h.job.kind == db::JobKind::create) {
    p.installed = true;
    events.status(h.store, StoreStatus::installing, "helm release deployed", h.job.attempts);
  }
  if (helm_succeeded && h.job.kind == db::JobKind::destroy) p.uninstalled = true;
  // A change to an installed store whose namespace the cache shows needs no preparing: its namespace and
  // credentials were made at install (a retry, which is not an update, ensures them again). No reads for it.
  if (!p.prepared && h.updating() && s_.cache.snapshot(h.store.name).ns) p.prepared = true;
  f.prepared = p.prepared;
  f.installed = p.installed;
  f.uninstalled = p.uninstalled;
  f.namespace_delete_sent = p.namespace_delete_sent;
  if (f.lease_lost || f.superseded || f.helm_running || f.helm_error) return f;

  const auto now = now_ms();
  if (f.kind == db::JobKind::create && f.installed) {
    auto& c = f.create;
    c.helm = HelmPhase::deployed;
    c.started_ms = p.started_ms;
    c.now_ms = now;
    c.suspended = h.store.suspended;
    c.observed = s_.cache.snapshot(h.store.name).observation();
    // Since when each pod (workload) shows its current bad reason: fail fast only after a grace period.
    std::map<std::string, std::int64_t> since;
    const auto remember = [&](const std::string& key) {
      const auto it = p.bad_reason_since.find(key);
      since[key] = it == p.bad_reason_since.end() ? now : it->second;
    };
    for (const auto& pod : c.observed.pods)
      if (is_fatal_waiting_reason(pod.reason)) remember("pod/" + pod.name);
    for (const auto& w : c.observed.workloads)
      if (!w.failure.empty()) remember("workload/" + w.name);
    p.bad_reason_since = since;
    c.bad_reason_since = std::move(since);
  }
  if (f.kind == db::JobKind::destroy && f.namespace_delete_sent) {
    auto& d = f.del;
    d.started_ms = p.started_ms;
    d.now_ms = now;
    auto ns = s_.cache.snapshot(h.store.name).ns;
    // The informer says gone; confirm with one read so a lagging cache cannot end the delete early.
    if (!ns) ns = StoreResources(s_.kube).get_namespace(h.store.name);
    if (ns) {
      d.namespace_present = true;
      d.namespace_phase = json_string(*ns, {"status", "phase"});
      d.namespace_conditions = namespace_conditions_summary(*ns);
    }
  }
  return f;
}

// Progress a user sees while a create waits: step events for what became true, the observed objects.
void Reconciler::report_observation(HeldJob& h, StoreEvents& events, const JobStepFacts& f, const JobStep& step) {
  if (f.kind != db::JobKind::create || !f.installed || step.action == JobAction::drop ||
      step.action == JobAction::hand_over || f.helm_running || f.helm_error)
    return;
  auto& p = h.progress;
  const auto& now = f.create.observed;
  if (p.last_observed && *p.last_observed == now) {
    if (step.reason != p.last_reason) events.observed_column(h.store, now, step.reason);
    p.last_reason = step.reason;
    return;
  }
  for (const auto& pod : now.pods)
    if (pod.ready && !pod.owned_by_job && p.reported.insert("pod/" + pod.name).second)
      events.step(h.store, "pods", "done", "pod " + pod.name + " ready");
  for (const auto& j : newest_jobs(now.jobs)) {
    if (j.state == JobFact::State::succeeded && p.reported.insert("job/" + j.name).second)
      events.step(h.store, "setup", "done", "job " + j.name + " complete");
    if (j.state == JobFact::State::running && p.reported.insert("jobrun/" + j.name).second)
      events.step(h.store, "setup", "started", "job " + j.name + " running");
    if (j.state == JobFact::State::failed && p.reported.insert("jobfail/" + j.name).second)
      events.step(h.store, "setup", "failed", "job " + j.name + " failed: " + j.reason);
  }
  events.observed(h.store, now, step.reason);
  p.last_observed = now;
  p.last_reason = step.reason;
}

void Reconciler::prepare(HeldJob& h, StoreEvents& events) {
  const auto& store = h.store;
  events.status(store, StoreStatus::provisioning, "creating namespace and credentials", h.job.attempts);
  StoreResources res(s_.kube);
  events.step(store, "namespace", "started", namespace_for(store.name));
  const auto ns = res.ensure_namespace(store.name);
  events.step(store, "namespace", "done", ns == Ensured::created ? "created" : "already existed");
  events.step(store, "secret", "started", store.name + "-credentials");
  const auto secret = res.ensure_secret(store.name, store.engine, s_.settings.store_domain);
  events.step(store, "secret", "done", secret == Ensured::created ? "created" : "kept existing credentials");
  h.progress.prepared = true;
}

// install (create) or uninstall (delete) on the helm pool; its end requeues the store.
void Reconciler::start_helm(const std::shared_ptr<HeldJob>& held, StoreEvents events) {
  {
    std::lock_guard lock(held->mutex);
    held->helm = HelmTaskState{};
    held->helm.running = true;
  }
  helm_.submit([this, held, events]() mutable {
    CancelScope acting_for(&held->cancel);
    std::optional<std::string> error;
    int revision = 0;
    try {
      if (held->job.kind == db::JobKind::create)
        revision = install_release(s_, events, held->store, held->cancel);
      else
        uninstall_release(s_, events, held->store, held->cancel);
    } catch (const std::exception& e) {
      error = e.what();
    }
    {
      std::lock_guard lock(held->mutex);
      held->helm.running = false;
      held->helm.succeeded = !error;
      held->helm.error = error;
      held->helm.deployed_revision = revision;
    }
    queue_.add(held->store.name);
  });
}

void Reconciler::delete_namespace(HeldJob& h, StoreEvents& events) {
  events.step(h.store, "namespace-delete", "started", namespace_for(h.store.name));
  StoreResources(s_.kube).delete_namespace(h.store.name);
  events.status(h.store, StoreStatus::deleting, "waiting for namespace to be removed", h.job.attempts);
  h.progress.namespace_delete_sent = true;
}

void Reconciler::succeed(HeldJob& h, StoreEvents& events, const JobStep& step) {
  const bool create = h.job.kind == db::JobKind::create;
  if (create) {
    const bool after_rollback = h.store.spec_by.find("auto-rollback") != std::string::npos;
    events.status(h.store, step.status,
                  after_rollback ? step.reason + " (after an automatic rollback: see the store's revisions)" : step.reason,
                  h.job.attempts);
  } else {
    events.step(h.store, "namespace-delete", "done", "namespace removed");
    events.status(h.store, StoreStatus::deleted, "store deleted");
  }
  events.settled(h.store);
  s_.metrics.job_finished(std::string(db::to_string(h.job.kind)),
                          !create ? "deleted" : step.status == StoreStatus::suspended ? "suspended" : "ready");
  if (create && !h.store.ready_at) s_.metrics.time_to_ready(static_cast<double>(now_ms() - h.store.created_at) / 1000.0);
  let_go(h);
}

// Failed, then (with --cleanup-on-failure) the release and namespace removed, while the lease is still ours; the
// job completes last.
void Reconciler::fail_for_good(const std::shared_ptr<HeldJob>& held, StoreEvents events, const std::string& reason) {
  HeldJob& h = *held;
  if (h.job.kind == db::JobKind::destroy) events.step(h.store, "namespace-delete", "failed", reason);
  std::string why = reason;
  if (h.job.kind == db::JobKind::create) {
    const auto [rolled_back, note] = roll_back_failed_change(h, events, reason);
    if (rolled_back) {
      s_.metrics.job_finished(std::string(db::to_string(h.job.kind)), "rolled-back");
      return let_go(h);  // the job runs again (complete() re-queues it) with the earlier spec
    }
    if (!note.empty()) why += "; " + note;
  }
  const bool written = events.status(h.store, StoreStatus::failed, why, h.job.attempts);
  events.settled(h.store);
  s_.metrics.job_finished(std::string(db::to_string(h.job.kind)), "failed");
  // Only a first install is cleaned up: an installed store's namespace holds its data.
  if (!(written && h.job.kind == db::JobKind::create && s_.settings.cleanup_on_failure && !h.updating()))
    return let_go(h);
  {
    std::lock_guard lock(h.mutex);
    h.helm.running = true;  // the store waits for the cleanup before anything else
  }
  helm_.submit([this, held, events]() mutable {
    CancelScope acting_for(&held->cancel);
    try {
      uninstall_release(s_, events, held->store, held->cancel);
      if (!held->cancel.cancelled()) {
        StoreResources(s_.kube).delete_namespace(held->store.name);
        events.step(held->store, "namespace-delete", "done", "cleaned up after failure");
      }
    } catch (const std::exception& e) {
      log::warn("reconcile", "cleanup after failure failed", {{"store", held->store.name}, {"error", e.what()}});
    }
    let_go(*held);
  });
}

void Reconciler::fail_attempt(HeldJob& h, StoreEvents& events, const std::string& error) {
  const std::string kind(db::to_string(h.job.kind));
  const bool last_attempt = h.job.attempts >= h.job.max_attempts;
  // Written while the lease is still ours (fenced); once fail() has let go of the job a retry may already run.
  if (last_attempt) {
    events.status(h.store, StoreStatus::failed,
                  "failed after " + std::to_string(h.job.attempts) + " attempts: " + error);
    events.settled(h.store);
  } else {
    const auto delay = db::backoff_after(h.job.attempts, s_.settings.queue);
    events.status(h.store, h.job.kind == db::JobKind::create ? StoreStatus::provisioning : StoreStatus::deleting,
                  "attempt " + std::to_string(h.job.attempts) + " failed, retrying in " +
                      std::to_string(delay.count() / 1000) + "s: " + error,
                  h.job.attempts);
  }
  held_.remove(h);
  const auto state = s_.db.write([&](db::Conn& c) {
    return db::JobQueue::fail(c, h.job.id, h.job.lease_token, error, s_.settings.queue, now_ms());
  });
  if (state) {
    log::warn("reconcile", *state == db::JobState::dead ? "job failed for good" : "attempt failed, will retry",
              {{"store", h.store.name}, {"attempt", std::to_string(h.job.attempts)}, {"error", error}});
    s_.metrics.job_finished(kind, *state == db::JobState::dead ? "failed" : "retry");
  }
  queue_.add(h.store.name);
  wake();
}

void Reconciler::hand_over(HeldJob& h) {
  s_.metrics.job_finished(std::string(db::to_string(h.job.kind)), "superseded");
  let_go(h);
}

void Reconciler::let_go(HeldJob& h) {
  // Forgotten first, so the feeder can claim the store's next job as soon as this one is completed.
  held_.remove(h);
  if (!h.lost) {
    // complete() re-queues the job when another kind (or a re-run) was requested meanwhile.
    s_.db.write([&](db::Conn& c) { db::JobQueue::complete(c, h.job.id, h.job.lease_token, now_ms()); });
  }
  queue_.add(h.store.name);
  enqueue_rollouts_of(h.store.id);  // a store that settled may let its rollout move on
  wake();
}

}  // namespace storefleet::provisioner
