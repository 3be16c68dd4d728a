// The transition table of a store with a job at work (decide_job_step), row by row.
#include <gtest/gtest.h>

#include "storefleet/provisioner/job_step.hpp"

using namespace storefleet;
using namespace storefleet::provisioner;
using namespace std::chrono_literals;

namespace {

const StatusThresholds kThresholds{.fail_fast_after = 30s, .crash_loop_restarts = 5, .timeout = 15min,
                                   .expect_setup_job = true};
constexpr auto kDeleteTimeout = 5min;

JobStepFacts create_facts() {
  JobStepFacts f;
  f.kind = db::JobKind::create;
  f.create.helm = HelmPhase::deployed;
  f.create.started_ms = 1000;
  f.create.now_ms = 2000;
  return f;
}

JobStepFacts installed_facts(StoreObservation o) {
  auto f = create_facts();
  f.prepared = f.installed = true;
  f.create.observed = std::move(o);
  return f;
}

StoreObservation all_ready() {
  StoreObservation o;
  o.workloads.push_back({"Deployment", "wordpress", true, ""});
  PodFact pod;
  pod.name = "wordpress-1";
  pod.phase = "Running";
  pod.ready = true;
  o.pods.push_back(pod);
  o.jobs.push_back({"shop-setup-r1", "setup", JobFact::State::succeeded, "", ""});
  return o;
}

JobStepFacts delete_facts() {
  JobStepFacts f;
  f.kind = db::JobKind::destroy;
  f.del.started_ms = 1000;
  f.del.now_ms = 2000;
  return f;
}

JobStep decide(const JobStepFacts& f) { return decide_job_step(f, kThresholds, kDeleteTimeout); }

}  // namespace

// Rows that hold for both kinds: the lease, a running helm, another request, a failed helm task.
TEST(JobStep, ALostLeaseWritesNothingMore) {
  for (auto f : {create_facts(), delete_facts()}) {
    f.lease_lost = true;
    f.superseded = true;  // lost wins over everything but a helm process still being stopped
    f.helm_error = "boom";
    EXPECT_EQ(decide(f).action, JobAction::drop);
  }
}

TEST(JobStep, NothingHappensWhileAHelmProcessOfTheJobRuns) {
  for (auto f : {create_facts(), delete_facts()}) {
    f.helm_running = true;
    EXPECT_EQ(decide(f).action, JobAction::none);
    f.superseded = true;  // being killed: the next request is taken only after it ended
    EXPECT_EQ(decide(f), (JobStep{JobAction::none, f.kind == db::JobKind::create ? StoreStatus::provisioning
                                                                                  : StoreStatus::deleting,
                                  "stopping helm"}));
    f.lease_lost = true;  // the same for a lost lease: never two helm processes on one release
    EXPECT_EQ(decide(f).action, JobAction::none);
  }
}

TEST(JobStep, AnotherRequestHandsTheJobOver) {
  auto f = installed_facts(all_ready());  // even a store that would be Ready now: the newer request wins
  f.superseded = true;
  EXPECT_EQ(decide(f).action, JobAction::hand_over);
  auto d = delete_facts();
  d.superseded = true;
  EXPECT_EQ(decide(d).action, JobAction::hand_over);
}

TEST(JobStep, AFailedHelmTaskFailsTheAttempt) {
  auto f = create_facts();
  f.prepared = true;
  f.helm_error = "helm upgrade failed (exit 1): Error: boom";
  EXPECT_EQ(decide(f), (JobStep{JobAction::fail_attempt, StoreStatus::provisioning, *f.helm_error}));
  auto d = delete_facts();
  d.helm_error = "helm uninstall timed out";
  EXPECT_EQ(decide(d), (JobStep{JobAction::fail_attempt, StoreStatus::deleting, *d.helm_error}));
}

// create: prepare → install → wait → Ready or Failed.
TEST(JobStep, ACreateFirstPreparesThenInstalls) {
  auto f = create_facts();
  EXPECT_EQ(decide(f), (JobStep{JobAction::prepare, StoreStatus::provisioning, "creating namespace and credentials"}));
  f.prepared = true;
  EXPECT_EQ(decide(f), (JobStep{JobAction::install, StoreStatus::provisioning, "installing helm release"}));
}

TEST(JobStep, AnInstalledStoreWaitsWithoutActingUntilEverythingIsReady) {
  auto o = all_ready();
  o.pods[0].ready = false;
  o.workloads[0].ready = false;
  const auto step = decide(installed_facts(o));
  EXPECT_EQ(step.action, JobAction::none);
  EXPECT_EQ(step.status, StoreStatus::installing);
  EXPECT_EQ(step.reason, "waiting for Deployment wordpress");
  EXPECT_EQ(decide(installed_facts(all_ready())),
            (JobStep{JobAction::succeed, StoreStatus::ready, "all workloads ready and setup complete"}));
}

TEST(JobStep, AFailureThatWaitingWillNotHealFailsForGood) {
  auto o = all_ready();
  o.jobs[0].state = JobFact::State::failed;
  o.jobs[0].reason = "BackoffLimitExceeded";
  const auto step = decide(installed_facts(o));
  EXPECT_EQ(step.action, JobAction::fail_for_good);
  EXPECT_EQ(step.status, StoreStatus::failed);
  EXPECT_EQ(step.reason, "job shop-setup-r1 failed (BackoffLimitExceeded)");

  auto late = installed_facts(all_ready());
  late.create.observed.workloads[0].ready = false;
  late.create.now_ms = late.create.started_ms + 15 * 60 * 1000;
  EXPECT_EQ(decide(late).action, JobAction::fail_for_good);
  EXPECT_EQ(decide(late).reason, "timed out after 15m (waiting for Deployment wordpress)");
}

// delete: uninstall → delete the namespace → wait → Deleted, or Failed when stuck.
TEST(JobStep, ADeleteUninstallsThenDeletesTheNamespaceThenWaits) {
  auto f = delete_facts();
  EXPECT_EQ(decide(f), (JobStep{JobAction::uninstall, StoreStatus::deleting, "uninstalling helm release"}));
  f.uninstalled = true;
  EXPECT_EQ(decide(f).action, JobAction::delete_namespace);
  f.namespace_delete_sent = true;
  f.del.namespace_present = true;
  f.del.namespace_phase = "Terminating";
  EXPECT_EQ(decide(f), (JobStep{JobAction::none, StoreStatus::deleting, "waiting for namespace to be removed"}));
  f.del.namespace_present = false;
  EXPECT_EQ(decide(f), (JobStep{JobAction::succeed, StoreStatus::deleted, "namespace and release removed"}));
}

TEST(JobStep, ANamespaceStuckTerminatingFailsTheDeleteAfterItsTimeout) {
  auto f = delete_facts();
  f.uninstalled = f.namespace_delete_sent = f.del.namespace_present = true;
  f.del.namespace_phase = "Terminating";
  f.del.namespace_conditions = "NamespaceFinalizersRemaining=True: finalizer x";
  f.del.now_ms = f.del.started_ms + 5 * 60 * 1000;
  EXPECT_EQ(decide(f), (JobStep{JobAction::fail_for_good, StoreStatus::failed,
                                "namespace stuck Terminating: NamespaceFinalizersRemaining=True: finalizer x"}));
}

// When a waiting job is looked at again even if the cluster stays silent.
TEST(JobStep, TheNextDeadlineIsTheTimeoutOrTheEndOfAFailFastGrace) {
  auto f = installed_facts(all_ready());
  EXPECT_EQ(next_deadline(f, kThresholds, kDeleteTimeout), 1000 + 15 * 60 * 1000);
  f.create.bad_reason_since["pod/wordpress-1"] = 5000;
  f.create.bad_reason_since["pod/mysql-0"] = 4000;
  EXPECT_EQ(next_deadline(f, kThresholds, kDeleteTimeout), 4000 + 30000);
  EXPECT_EQ(next_deadline(delete_facts(), kThresholds, kDeleteTimeout), 1000 + 5 * 60 * 1000);
}

// A suspend's goal: every workload at 0 and no long-running pod left (terminating ones included); jobs are not
// rendered, so none is expected. Then the job succeeds with Suspended.
TEST(JobStep, ASuspendSucceedsOnlyOnceNoPodIsLeft) {
  auto scaling = installed_facts(all_ready());
  scaling.create.suspended = true;
  scaling.create.observed.jobs.clear();
  scaling.create.observed.pods[0].ready = false;
  scaling.create.observed.pods[0].terminating = true;
  const auto waiting = decide(scaling);
  EXPECT_EQ(waiting.action, JobAction::none);
  EXPECT_EQ(waiting.status, StoreStatus::installing);
  EXPECT_NE(waiting.reason.find("to stop"), std::string::npos) << waiting.reason;

  auto gone = scaling;
  gone.create.observed.pods.clear();
  EXPECT_EQ(decide(gone), (JobStep{JobAction::succeed, StoreStatus::suspended, "workloads scaled to 0; data volumes kept"}));

  auto late = scaling;
  late.create.now_ms = late.create.started_ms + 15 * 60 * 1000;
  EXPECT_EQ(decide(late).action, JobAction::fail_for_good);
}
