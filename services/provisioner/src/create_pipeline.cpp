// create: namespace → credentials Secret → helm upgrade --install → watch until Ready or a failure decision.
#include <filesystem>
#include <set>

#include "storefleet/core/log.hpp"
#include "storefleet/core/util.hpp"
#include "storefleet/provisioner/job_runner.hpp"
#include "storefleet/provisioner/release_action.hpp"

namespace storefleet::provisioner {
namespace {

void install_release(Services& s, const Store& store, Lease& lease) {
  StoreResources res(s.kube);
  const auto plan = plan_release(res.release_history(store.name));
  const auto& hs = s.settings.helm;
  if (plan.action == ReleaseAction::already_deployed) {
    s.events.step(store, "helm", "done", "release already deployed (" + plan.why + ")");
    return;
  }
  s.events.step(store, "helm", "started", std::string(to_string(plan.action)) + ": " + plan.why);
  if (plan.action == ReleaseAction::uninstall_then_install)
    run_helm(s, "uninstall", helm_uninstall_argv(hs, store.name), lease, true);
  if (plan.action == ReleaseAction::rollback_then_upgrade)
    run_helm(s, "rollback", helm_rollback_argv(hs, store.name, plan.rollback_to), lease);

  std::vector<std::string> values;
  const auto env_values = std::filesystem::path(s.settings.chart_dir) / ("values-" + s.settings.values_env + ".yaml");
  if (std::filesystem::exists(env_values)) values.push_back(env_values.string());
  ValuesFile store_values(store_values_yaml(store.name, store.engine, s.settings.store_domain));
  values.push_back(store_values.path());
  try {
    run_helm(s, "upgrade", helm_upgrade_install_argv(hs, store.name, s.settings.chart_dir, values), lease);
  } catch (const HelmError& e) {
    s.events.step(store, "helm", "failed", e.what());
    throw;
  }
  s.events.step(store, "helm", "done", "release deployed");
}

// Step events for things that became true since the last observation.
void report_progress(Services& s, const Store& store, const StoreObservation& now, std::set<std::string>& reported) {
  for (const auto& p : now.pods) {
    if (p.ready && !p.owned_by_job && reported.insert("pod/" + p.name).second)
      s.events.step(store, "pods", "done", "pod " + p.name + " ready");
  }
  for (const auto& j : newest_jobs(now.jobs)) {
    if (j.state == JobFact::State::succeeded && reported.insert("job/" + j.name).second)
      s.events.step(store, "setup", "done", "job " + j.name + " complete");
    if (j.state == JobFact::State::running && reported.insert("jobrun/" + j.name).second)
      s.events.step(store, "setup", "started", "job " + j.name + " running");
    if (j.state == JobFact::State::failed && reported.insert("jobfail/" + j.name).second)
      s.events.step(store, "setup", "failed", "job " + j.name + " failed: " + j.reason);
  }
}

}  // namespace

JobOutcome run_create(Services& s, const Store& store, Lease& lease, int attempt) {
  const auto started = now_ms();
  s.events.status(store, StoreStatus::provisioning, "creating namespace and credentials", attempt);

  StoreResources res(s.kube);
  s.events.step(store, "namespace", "started", namespace_for(store.name));
  const auto ns = res.ensure_namespace(store.name);
  s.events.step(store, "namespace", "done", ns == Ensured::created ? "created" : "already existed");
  s.events.step(store, "secret", "started", store.name + "-credentials");
  const auto secret = res.ensure_secret(store.name, store.engine, s.settings.store_domain);
  s.events.step(store, "secret", "done", secret == Ensured::created ? "created" : "kept existing credentials");
  if (!lease.keep()) return {JobOutcome::Kind::interrupted, "lease"};

  s.events.status(store, StoreStatus::provisioning, "installing helm release", attempt);
  install_release(s, store, lease);
  s.events.status(store, StoreStatus::installing, "helm release deployed", attempt);

  CreateFacts facts;
  facts.helm = HelmPhase::deployed;
  facts.started_ms = started;
  std::optional<StoreObservation> last;
  std::string last_reason;
  std::set<std::string> reported;
  auto seen = s.cache.generation();
  while (true) {
    facts.observed = s.cache.snapshot(store.name).observation();
    facts.now_ms = now_ms();
    // Remember since when each pod shows its current bad reason (fail fast only after a grace period).
    std::map<std::string, std::int64_t> since;
    auto remember = [&](const std::string& key) {
      auto it = facts.bad_reason_since.find(key);
      since[key] = it == facts.bad_reason_since.end() ? facts.now_ms : it->second;
    };
    for (const auto& p : facts.observed.pods)
      if (is_fatal_waiting_reason(p.reason)) remember("pod/" + p.name);
    for (const auto& w : facts.observed.workloads)
      if (!w.failure.empty()) remember("workload/" + w.name);
    facts.bad_reason_since = std::move(since);

    const auto decision = decide_create_status(facts, s.settings.thresholds);
    if (!last || *last != facts.observed) {
      report_progress(s, store, facts.observed, reported);
      s.events.observed(store, facts.observed, decision.reason);
      last = facts.observed;
      last_reason = decision.reason;
    } else if (decision.reason != last_reason) {
      s.events.observed_column(store, facts.observed, decision.reason);
      last_reason = decision.reason;
    }
    if (decision.status == StoreStatus::ready) {
      s.events.status(store, StoreStatus::ready, decision.reason, attempt);
      return {JobOutcome::Kind::succeeded, decision.reason};
    }
    if (decision.status == StoreStatus::failed) return {JobOutcome::Kind::failed_for_good, decision.reason};
    if (!lease.keep()) return {JobOutcome::Kind::interrupted, "lease"};
    // Wake on the next watch event; the short cap re-checks the clock (timeouts, fail-fast grace, lease).
    seen = s.cache.wait_change(seen, std::chrono::steady_clock::now() + std::chrono::seconds(1));
  }
}

}  // namespace storefleet::provisioner
