// Small pure helpers: durations, retry delays, reconcile plan, Kubernetes bodies, metrics text, SSE frames.
#include <algorithm>
#include <cctype>

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

#include "storefleet/core/sse.hpp"
#include "storefleet/provisioner/durations.hpp"
#include "storefleet/provisioner/http_server.hpp"
#include "storefleet/provisioner/kube_client.hpp"
#include "storefleet/provisioner/metrics.hpp"
#include "storefleet/provisioner/reconcile.hpp"
#include "storefleet/provisioner/store_resources.hpp"

using namespace storefleet;
using namespace storefleet::provisioner;
namespace json = boost::json;
using std::chrono::milliseconds;

TEST(Durations, Table) {
  EXPECT_EQ(parse_duration("15m"), milliseconds(900000));
  EXPECT_EQ(parse_duration("90"), milliseconds(90000));
  EXPECT_EQ(parse_duration("1m30s"), milliseconds(90000));
  EXPECT_EQ(parse_duration("250ms"), milliseconds(250));
  EXPECT_EQ(parse_duration("2h"), milliseconds(7200000));
  for (const char* bad : {"", "abc", "5x", "-3s", "5 s", "1.5s"}) EXPECT_FALSE(parse_duration(bad)) << bad;
}

TEST(RetryDelay, BackoffCapAndRetryAfter) {
  RetryPolicy p;
  p.base = milliseconds(100);
  p.cap = milliseconds(1000);
  p.retry_after_cap = milliseconds(3000);
  EXPECT_EQ(retry_delay(1, std::nullopt, p), milliseconds(100));
  EXPECT_EQ(retry_delay(3, std::nullopt, p), milliseconds(400));
  EXPECT_EQ(retry_delay(10, std::nullopt, p), milliseconds(1000));
  EXPECT_EQ(retry_delay(1, 2, p), milliseconds(2000));    // Retry-After wins
  EXPECT_EQ(retry_delay(1, 600, p), milliseconds(3000));  // but is capped
  EXPECT_TRUE(is_retryable_status(429));
  EXPECT_TRUE(is_retryable_status(503));
  EXPECT_TRUE(is_retryable_status(0));
  EXPECT_FALSE(is_retryable_status(404));
  EXPECT_FALSE(is_retryable_status(409));
}

TEST(Reconcile, MissingNamespacesAndOrphans) {
  auto store = [](std::string name, StoreStatus st) {
    Store s;
    s.name = std::move(name);
    s.status = st;
    return s;
  };
  ReconcileInput in;
  in.live_stores = {store("ready-ok", StoreStatus::ready), store("ready-gone", StoreStatus::ready),
                    store("installing", StoreStatus::installing)};
  in.namespaces = {{"store-ready-ok", "ready-ok"}, {"store-stray", "stray"}};
  const auto plan = plan_reconcile(in);
  ASSERT_EQ(plan.orphans.size(), 1u);
  EXPECT_EQ(plan.orphans[0].first, "store-stray");
  EXPECT_EQ(plan.orphans[0].second, "stray");
}

TEST(StoreResources, NamespaceBodyHasContractLabels) {
  const auto ns = json::parse(namespace_body("my-shop")).as_object();
  EXPECT_EQ(ns.at("metadata").at("name").as_string(), "store-my-shop");
  const auto& labels = ns.at("metadata").at("labels").as_object();
  EXPECT_EQ(labels.at("storefleet.io/store").as_string(), "my-shop");
  EXPECT_EQ(labels.at("app.kubernetes.io/managed-by").as_string(), "storefleet");
  EXPECT_EQ(labels.at("pod-security.kubernetes.io/enforce").as_string(), "restricted");
}

TEST(StoreResources, CredentialsPerEngineAreRandom) {
  const auto woo = generate_credentials(Engine::woocommerce, "admin@s.local");
  for (const char* k : {"admin-user", "admin-password", "admin-email", "mysql-password", "mysql-root-password"})
    EXPECT_TRUE(woo.count(k)) << k;
  EXPECT_FALSE(woo.count("postgres-password"));
  const auto medusa = generate_credentials(Engine::medusa, "admin@s.local");
  for (const char* k : {"postgres-password", "jwt-secret", "cookie-secret"}) EXPECT_TRUE(medusa.count(k)) << k;
  // Medusa's publishable key: the form its seed script accepts (pk_ + 64 hex digits), new for every store.
  // pk_ and 64 lowercase hex digits (no std::regex: GCC 12 warns inside it under the sanitizers)
  const std::string key = medusa.at("publishable-key");
  EXPECT_EQ(key.rfind("pk_", 0), 0u) << key;
  EXPECT_EQ(key.size(), 67u) << key;
  EXPECT_TRUE(std::all_of(key.begin() + 3, key.end(), [](char ch) { return std::isdigit(ch) || (ch >= 'a' && ch <= 'f'); }))
      << key;
  EXPECT_NE(medusa.at("publishable-key"), generate_credentials(Engine::medusa, "x").at("publishable-key"));
  EXPECT_FALSE(woo.count("publishable-key"));
  EXPECT_GE(woo.at("admin-password").size(), 20u);
  EXPECT_NE(woo.at("admin-password"), generate_credentials(Engine::woocommerce, "x").at("admin-password"));

  const auto secret = json::parse(secret_body("my-shop", woo)).as_object();
  EXPECT_EQ(secret.at("metadata").at("name").as_string(), "my-shop-credentials");
  EXPECT_EQ(secret.at("metadata").at("namespace").as_string(), "store-my-shop");
  EXPECT_EQ(secret.at("type").as_string(), "Opaque");
  EXPECT_EQ(secret.at("stringData").at("admin-password").as_string(), woo.at("admin-password"));
}

TEST(StoreResources, ReleaseRecordsFromHelmSecrets) {
  const auto list = json::parse(R"({"items":[
    {"metadata":{"labels":{"name":"s","owner":"helm","status":"superseded","version":"1"}}},
    {"metadata":{"labels":{"name":"s","owner":"helm","status":"pending-upgrade","version":"2"}}},
    {"metadata":{"labels":{"name":"s","owner":"helm","status":"deployed"}}}]})");
  const auto recs = release_records(list.as_object());
  ASSERT_EQ(recs.size(), 2u);  // the one without a version is skipped
  EXPECT_EQ(recs[1].version, 2);
  EXPECT_EQ(recs[1].status, "pending-upgrade");
}

TEST(StoreResources, NamespaceConditionsSummary) {
  const auto ns = json::parse(R"({"status":{"phase":"Terminating","conditions":[
    {"type":"NamespaceContentRemaining","status":"True","reason":"SomeResourcesRemain","message":"pods: 1"},
    {"type":"NamespaceDeletionDiscoveryFailure","status":"False","reason":"ResourcesDiscovered"}]}})");
  EXPECT_EQ(namespace_conditions_summary(ns.as_object()), "NamespaceContentRemaining=SomeResourcesRemain: pods: 1");
}

TEST(Metrics, RendersCountersAndHistograms) {
  Metrics m;
  m.job_finished("create", "ready");
  m.job_finished("create", "ready");
  m.job_finished("delete", "failed");
  m.helm_finished("upgrade", 1.5);
  m.time_to_ready(12);
  m.set_orphans(2);
  GaugeInputs g;
  g.queue_depth = 3;
  g.informers_synced = true;
  g.watch_restarts = {{"pods", 4}};
  const auto text = m.render(g);
  for (const char* want : {"storefleet_provisioner_jobs_total{kind=\"create\",outcome=\"ready\"} 2\n",
                           "storefleet_provisioner_jobs_total{kind=\"delete\",outcome=\"failed\"} 1\n",
                           "storefleet_provisioner_helm_duration_seconds_bucket{command=\"upgrade\",le=\"1\"} 0\n",
                           "storefleet_provisioner_helm_duration_seconds_bucket{command=\"upgrade\",le=\"2\"} 1\n",
                           "storefleet_provisioner_helm_duration_seconds_count{command=\"upgrade\"} 1\n",
                           "storefleet_provisioner_time_to_ready_seconds_bucket{le=\"+Inf\"} 1\n",
                           "storefleet_provisioner_watch_restarts_total{resource=\"pods\"} 4\n",
                           "storefleet_provisioner_orphan_namespaces 2\n", "storefleet_provisioner_queue_depth 3\n",
                           "storefleet_provisioner_informers_synced 1\n"})
    EXPECT_NE(text.find(want), std::string::npos) << want;
}

TEST(Sse, ProvisionerFramesAreTheSharedOnes) {
  db::Event e{42, "store.status", "shop", "Ready", "done", "{}", 0, 1};
  const auto frame = storefleet::sse_frame(e);
  EXPECT_EQ(frame.rfind("id: 42\nevent: store.status\ndata: {", 0), 0u) << frame;
  EXPECT_EQ(frame.substr(frame.size() - 2), "\n\n");
}
