#include "storefleet/provisioner/status_decision.hpp"

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

using namespace storefleet;
using namespace storefleet::provisioner;

namespace {

constexpr std::int64_t kStart = 1'000'000;

PodFact pod(std::string name, bool ready, std::string reason = "", int restarts = 0) {
  PodFact p;
  p.name = std::move(name);
  p.phase = ready ? "Running" : "Pending";
  p.ready = ready;
  p.reason = std::move(reason);
  p.restarts = restarts;
  return p;
}
JobFact job(std::string name, JobFact::State s, std::string reason = "") {
  JobFact j;
  j.name = std::move(name);
  j.component = "setup";
  j.state = s;
  j.reason = std::move(reason);
  return j;
}
WorkloadFact workload(std::string name, bool ready, std::string failure = "") {
  return WorkloadFact{"Deployment", std::move(name), ready, std::move(failure)};
}

CreateFacts deployed(StoreObservation o, std::int64_t elapsed_ms = 1000) {
  CreateFacts f;
  f.helm = HelmPhase::deployed;
  f.observed = std::move(o);
  f.started_ms = kStart;
  f.now_ms = kStart + elapsed_ms;
  return f;
}

}  // namespace

TEST(StatusDecision, Table) {
  StatusThresholds t;
  t.fail_fast_after = std::chrono::seconds(20);
  t.timeout = std::chrono::minutes(15);
  t.crash_loop_restarts = 5;

  struct Case {
    const char* name;
    CreateFacts facts;
    StoreStatus want;
    std::string reason_has;
  };
  CreateFacts not_started;
  CreateFacts helm_running;
  helm_running.helm = HelmPhase::running;
  CreateFacts helm_failed;
  helm_failed.helm = HelmPhase::failed;
  helm_failed.helm_error = "chart not found";

  const StoreObservation all_ready{{pod("web-1", true)}, {job("s-setup-r1", JobFact::State::succeeded)},
                                   {workload("web", true), workload("db", true)}};
  StoreObservation setup_running = all_ready;
  setup_running.jobs[0].state = JobFact::State::running;
  StoreObservation db_not_ready = all_ready;
  db_not_ready.workloads[1].ready = false;
  db_not_ready.pods.push_back(pod("db-0", false, "ContainerCreating"));
  StoreObservation pod_lagging = all_ready;
  pod_lagging.pods.push_back(pod("db-0", false));
  StoreObservation old_pod_terminating = all_ready;
  old_pod_terminating.pods.push_back(pod("web-old", false));
  old_pod_terminating.pods.back().terminating = true;
  StoreObservation no_job = all_ready;
  no_job.jobs.clear();
  StoreObservation nothing_yet;
  StoreObservation job_failed = setup_running;
  job_failed.jobs[0] = job("s-setup-r1", JobFact::State::failed, "BackoffLimitExceeded");
  StoreObservation old_job_failed_new_ok = all_ready;
  old_job_failed_new_ok.jobs = {job("s-setup-r9", JobFact::State::failed, "BackoffLimitExceeded"),
                                job("s-setup-r10", JobFact::State::succeeded)};
  StoreObservation quota = db_not_ready;
  quota.workloads[1].failure = "pods \"db-0\" is forbidden: exceeded quota: q, requested: cpu=2";
  StoreObservation refused = db_not_ready;
  refused.workloads[1].failure = "pod creation was refused";
  StoreObservation pull = db_not_ready;
  pull.pods.back() = pod("db-0", false, "ImagePullBackOff");
  StoreObservation crash = db_not_ready;
  crash.pods.back() = pod("db-0", false, "CrashLoopBackOff", 6);
  StoreObservation unsched = db_not_ready;
  unsched.pods.back() = pod("db-0", false, "Unschedulable");
  StoreObservation job_pod_pull = all_ready;
  job_pod_pull.jobs[0].state = JobFact::State::running;
  job_pod_pull.pods.push_back(pod("s-setup-r1-abc", false, "ImagePullBackOff"));
  job_pod_pull.pods.back().owned_by_job = true;

  StoreObservation job_pod_crash = job_pod_pull;
  job_pod_crash.pods.back().reason = "CrashLoopBackOff";
  job_pod_crash.pods.back().restarts = 9;

  auto with_since = [](CreateFacts f, const std::string& key, std::int64_t since_ms_ago) {
    f.bad_reason_since[key] = f.now_ms - since_ms_ago;
    return f;
  };

  const std::vector<Case> cases = {
      {"before helm", not_started, StoreStatus::provisioning, "preparing"},
      {"helm running", helm_running, StoreStatus::provisioning, "helm"},
      {"helm failed", helm_failed, StoreStatus::failed, "helm: chart not found"},
      {"all ready", deployed(all_ready), StoreStatus::ready, "all workloads ready"},
      {"setup running", deployed(setup_running), StoreStatus::installing, "setup job s-setup-r1 running"},
      {"db not ready", deployed(db_not_ready), StoreStatus::installing, "waiting for Deployment db"},
      {"workloads ready but a pod not yet seen ready", deployed(pod_lagging), StoreStatus::installing,
       "waiting for pod db-0"},
      {"terminating old pod does not hold Ready", deployed(old_pod_terminating), StoreStatus::ready, ""},
      {"no setup job yet", deployed(no_job), StoreStatus::installing, "setup job to appear"},
      {"nothing observed yet", deployed(nothing_yet), StoreStatus::installing, "workloads to appear"},
      {"job failed", deployed(job_failed), StoreStatus::failed, "BackoffLimitExceeded"},
      {"only newest job counts", deployed(old_job_failed_new_ok), StoreStatus::ready, ""},
      {"quota exceeded", deployed(quota), StoreStatus::failed, "quota exceeded"},
      {"pod creation refused, fresh", deployed(refused), StoreStatus::installing, "waiting for Deployment db"},
      {"pod creation refused, past threshold", with_since(deployed(refused), "workload/db", 20000), StoreStatus::failed,
       "cannot create pods for Deployment db: pod creation was refused"},
      {"image pull, fresh", with_since(deployed(pull), "pod/db-0", 5000), StoreStatus::installing,
       "ImagePullBackOff"},
      {"image pull, past threshold", with_since(deployed(pull), "pod/db-0", 20000), StoreStatus::failed,
       "pod db-0: ImagePullBackOff"},
      {"crash loop past restarts", deployed(crash), StoreStatus::failed, "CrashLoopBackOff"},
      {"unschedulable past threshold", with_since(deployed(unsched), "pod/db-0", 30000),
       StoreStatus::failed, "Unschedulable"},
      {"job pod image pull, fresh", with_since(deployed(job_pod_pull), "pod/s-setup-r1-abc", 5000),
       StoreStatus::installing, "setup job"},
      {"job pod image pull past threshold: its Job would never fail", with_since(deployed(job_pod_pull),
       "pod/s-setup-r1-abc", 60000), StoreStatus::failed, "pod s-setup-r1-abc: ImagePullBackOff"},
      {"a crash-looping job pod is judged by its job", with_since(deployed(job_pod_crash), "pod/s-setup-r1-abc", 60000),
       StoreStatus::installing, "setup job"},
      {"timeout with last reason", deployed(db_not_ready, 15 * 60 * 1000), StoreStatus::failed,
       "timed out after 15m (waiting for Deployment db"},
  };
  for (const auto& c : cases) {
    const auto d = decide_create_status(c.facts, t);
    EXPECT_EQ(d.status, c.want) << c.name << " → " << to_string(d.status) << ": " << d.reason;
    EXPECT_NE(d.reason.find(c.reason_has), std::string::npos) << c.name << ": " << d.reason;
  }
}

TEST(StatusDecision, DeleteTable) {
  const auto timeout = std::chrono::minutes(5);
  DeleteFacts gone;
  gone.started_ms = kStart;
  gone.now_ms = kStart + 1000;
  EXPECT_EQ(decide_delete_status(gone, timeout).status, StoreStatus::deleted);

  DeleteFacts release = gone;
  release.release_present = true;
  EXPECT_EQ(decide_delete_status(release, timeout).status, StoreStatus::deleting);

  DeleteFacts terminating = gone;
  terminating.namespace_present = true;
  terminating.namespace_phase = "Terminating";
  terminating.namespace_conditions = "NamespaceContentRemaining: pods remain";
  EXPECT_EQ(decide_delete_status(terminating, timeout).status, StoreStatus::deleting);
  terminating.now_ms = kStart + 5 * 60 * 1000;
  const auto stuck = decide_delete_status(terminating, timeout);
  EXPECT_EQ(stuck.status, StoreStatus::failed);
  EXPECT_EQ(stuck.reason, "namespace stuck Terminating: NamespaceContentRemaining: pods remain");
}

TEST(ObservedFacts, PodJobWorkloadExtraction) {
  namespace json = boost::json;
  const auto pod_json = json::parse(R"({"metadata":{"name":"db-0","ownerReferences":[{"kind":"StatefulSet"}]},
    "status":{"phase":"Pending","conditions":[{"type":"Ready","status":"False"}],
    "containerStatuses":[{"restartCount":2,"state":{"waiting":{"reason":"ErrImagePull","message":"not found"}}}]}})");
  const auto p = pod_fact(pod_json.as_object());
  EXPECT_EQ(p.name, "db-0");
  EXPECT_FALSE(p.ready);
  EXPECT_EQ(p.reason, "ErrImagePull");
  EXPECT_EQ(p.message, "not found");
  EXPECT_EQ(p.restarts, 2);
  EXPECT_FALSE(p.owned_by_job);

  const auto unsched = pod_fact(json::parse(R"({"metadata":{"name":"x","ownerReferences":[{"kind":"Job"}]},
    "status":{"phase":"Pending","conditions":[{"type":"PodScheduled","status":"False","reason":"Unschedulable",
    "message":"0/1 nodes"}]}})").as_object());
  EXPECT_TRUE(unsched.unschedulable);
  EXPECT_EQ(unsched.reason, "Unschedulable");
  EXPECT_TRUE(unsched.owned_by_job);

  const auto failed_job = job_fact(json::parse(R"({"metadata":{"name":"s-setup-r1","labels":{"app.kubernetes.io/component":"setup"}},
    "status":{"failed":3,"conditions":[{"type":"Failed","status":"True","reason":"BackoffLimitExceeded"}]}})").as_object());
  EXPECT_EQ(failed_job.state, JobFact::State::failed);
  EXPECT_EQ(failed_job.component, "setup");
  EXPECT_EQ(failed_job.reason, "BackoffLimitExceeded");
  const auto retrying = job_fact(json::parse(R"({"metadata":{"name":"j"},"status":{"failed":1,"active":1}})").as_object());
  EXPECT_EQ(retrying.state, JobFact::State::running);
  const auto done = job_fact(json::parse(R"({"metadata":{"name":"j"},"status":{"conditions":[{"type":"Complete","status":"True"}]}})").as_object());
  EXPECT_EQ(done.state, JobFact::State::succeeded);

  const auto stale = deployment_fact(json::parse(R"({"metadata":{"name":"web","generation":3},"spec":{"replicas":1},
    "status":{"observedGeneration":2,"readyReplicas":1,"updatedReplicas":1,"availableReplicas":1}})").as_object());
  EXPECT_FALSE(stale.ready);  // status is about an older generation
  const auto fresh = deployment_fact(json::parse(R"({"metadata":{"name":"web","generation":3},"spec":{"replicas":1},
    "status":{"observedGeneration":3,"readyReplicas":1,"updatedReplicas":1,"availableReplicas":1}})").as_object());
  EXPECT_TRUE(fresh.ready);
  const auto sts = statefulset_fact(json::parse(R"({"metadata":{"name":"db","generation":1},"spec":{"replicas":2},
    "status":{"observedGeneration":1,"readyReplicas":1,"updatedReplicas":2}})").as_object());
  EXPECT_FALSE(sts.ready);
  const auto quota = deployment_fact(json::parse(R"({"metadata":{"name":"web"},"spec":{"replicas":1},
    "status":{"conditions":[{"type":"ReplicaFailure","status":"True","reason":"FailedCreate",
    "message":"pods is forbidden: exceeded quota: compute"}]}})").as_object());
  EXPECT_NE(quota.failure.find("exceeded quota"), std::string::npos);
}

TEST(ObservedFacts, JsonForms) {
  StoreObservation o{{pod("web-1", true)}, {job("s-setup-r1", JobFact::State::running)}, {}};
  const auto col = boost::json::parse(observed_column_json(o, "waiting")).as_object();
  EXPECT_EQ(col.at("pods").as_array().at(0).at("name").as_string(), "web-1");
  EXPECT_EQ(col.at("jobs").as_array().at(0).at("state").as_string(), "running");
  EXPECT_EQ(col.at("reason").as_string(), "waiting");
  const auto ev = boost::json::parse(observed_event_json(o)).as_object();
  EXPECT_EQ(ev.at("setupJob").at("name").as_string(), "s-setup-r1");
  EXPECT_TRUE(ev.at("pods").as_array().at(0).at("ready").as_bool());
}

TEST(ObservedFacts, ReplicaSetFailureNamesItsDeployment) {
  const auto rs = boost::json::parse(R"({"metadata":{"name":"web-abc","ownerReferences":[{"kind":"Deployment","name":"web"}]},
    "status":{"conditions":[{"type":"ReplicaFailure","status":"True","reason":"FailedCreate","message":"failed quota: q"}]}})");
  std::string owner;
  EXPECT_EQ(replicaset_failure(rs.as_object(), &owner), "failed quota: q");
  EXPECT_EQ(owner, "web");
  EXPECT_TRUE(is_quota_failure("failed quota: q"));
  EXPECT_TRUE(is_quota_failure("pods \"x\" is forbidden: exceeded quota: q"));
  EXPECT_FALSE(is_quota_failure("pod creation was refused"));
}
