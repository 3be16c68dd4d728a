// Ready ⇄ Degraded after Ready: every row of the decision table, and the fenced write that applies it.
#include <gtest/gtest.h>

#include "storefleet/db/events.hpp"
#include "storefleet/db/jobs.hpp"
#include "storefleet/db/stores.hpp"
#include "storefleet/provisioner/live_status.hpp"
#include "storefleet/provisioner/store_events.hpp"
#include "temp_dir.hpp"

using namespace storefleet;
using namespace storefleet::provisioner;

namespace {

PodFact pod(std::string name, bool ready, std::string reason = "", bool job = false) {
  PodFact p;
  p.name = std::move(name);
  p.phase = job ? "Succeeded" : "Running";
  p.ready = ready;
  p.reason = std::move(reason);
  p.owned_by_job = job;
  return p;
}

WorkloadFact workload(std::string kind, std::string name, bool ready, std::string failure = "") {
  return {std::move(kind), std::move(name), ready, std::move(failure)};
}

// A healthy WooCommerce store: WordPress, MySQL and the finished setup Job's pod.
LiveFacts healthy() {
  LiveFacts f;
  f.ns = "store-shop";
  f.observed.workloads = {workload("Deployment", "wordpress", true), workload("StatefulSet", "mysql", true)};
  f.observed.pods = {pod("mysql-0", true), pod("shop-setup-r1-x", false, "", true), pod("wordpress-1", true)};
  return f;
}

struct Row {
  const char* name;
  void (*change)(LiveFacts&);
  StoreStatus status;
  const char* reason_has;
};

const Row kRows[] = {
    {"healthy", [](LiveFacts&) {}, StoreStatus::ready, "all workloads ready"},
    {"namespace deleted by hand", [](LiveFacts& f) { f.namespace_present = false; }, StoreStatus::degraded,
     "namespace store-shop was deleted outside the platform"},
    {"namespace terminating", [](LiveFacts& f) { f.namespace_terminating = true; }, StoreStatus::degraded,
     "being deleted outside the platform"},
    {"release uninstalled (no workloads)", [](LiveFacts& f) { f.observed = {}; }, StoreStatus::degraded,
     "workloads are gone"},
    {"quota blocks replacement pods",
     [](LiveFacts& f) { f.observed.workloads[0] = workload("Deployment", "wordpress", false, "exceeded quota: pods"); },
     StoreStatus::degraded, "Deployment wordpress cannot create pods: exceeded quota"},
    {"crash loop",
     [](LiveFacts& f) {
       f.observed.workloads[0].ready = false;
       f.observed.pods[2] = pod("wordpress-1", false, "CrashLoopBackOff");
     },
     StoreStatus::degraded, "pod wordpress-1: CrashLoopBackOff"},
    {"image pull after a node change",
     [](LiveFacts& f) { f.observed.pods[0] = pod("mysql-0", false, "ImagePullBackOff"); }, StoreStatus::degraded,
     "pod mysql-0: ImagePullBackOff"},
    {"pod deleted and not replaced",
     [](LiveFacts& f) {
       f.observed.workloads[0].ready = false;
       f.observed.pods.pop_back();
       f.observed.pods[0].ready = true;
     },
     StoreStatus::degraded, "Deployment wordpress not ready"},
    {"every pod gone",
     [](LiveFacts& f) {
       f.observed.workloads[1].ready = false;
       f.observed.pods = {pod("shop-setup-r1-x", false, "", true)};
     },
     StoreStatus::degraded, "no pod running"},
    {"a pod not ready yet (readiness probe failing)",
     [](LiveFacts& f) { f.observed.pods[2].ready = false; }, StoreStatus::degraded, "pod wordpress-1 not ready"},
    {"a finished job pod is not a problem",
     [](LiveFacts& f) { f.observed.pods[1].phase = "Failed"; }, StoreStatus::ready, "all workloads ready"},
    {"an old replica terminating is not a problem",
     [](LiveFacts& f) {
       auto old = pod("wordpress-0", false);
       old.terminating = true;
       f.observed.pods.push_back(old);
     },
     StoreStatus::ready, "all workloads ready"},
};

TEST(LiveStatus, EveryRowOfTheTable) {
  for (const auto& row : kRows) {
    auto f = healthy();
    row.change(f);
    const auto d = decide_live_status(f);
    EXPECT_EQ(d.status, row.status) << row.name << ": " << d.reason;
    EXPECT_NE(d.reason.find(row.reason_has), std::string::npos) << row.name << ": " << d.reason;
  }
}

TEST(LiveStatus, WhatCountsAsNews) {
  const StatusDecision ready{StoreStatus::ready, "all workloads ready again"};
  const StatusDecision crash{StoreStatus::degraded, "pod w: CrashLoopBackOff"};
  EXPECT_FALSE(live_status_changed(StoreStatus::ready, "all workloads ready and setup complete", ready));
  EXPECT_TRUE(live_status_changed(StoreStatus::ready, "x", crash));
  EXPECT_FALSE(live_status_changed(StoreStatus::degraded, crash.reason, crash));
  EXPECT_TRUE(live_status_changed(StoreStatus::degraded, "pod w not ready", crash));
  EXPECT_TRUE(live_status_changed(StoreStatus::degraded, crash.reason, ready));
}

// The live write is fenced in its transaction: never over a status a job or a request set, never while a job
// is queued or running for the store.
class LiveWrite : public ::testing::Test {
 protected:
  test::TempDir dir;
  db::Database db{dir.file("live.db")};
  int appended = 0;
  StoreEvents events{db, [this] { ++appended; }};
  Store store = db.write([](db::Conn& c) {
    auto s = db::StoreRepo::insert(c, {"shop", Engine::woocommerce, "http://shop.local", ""}, 1);
    db::StoreRepo::set_status(c, s.id, StoreStatus::ready, "all workloads ready and setup complete", 2);
    return *db::StoreRepo::find_by_id(c, s.id);
  });
  StoreStatus status() { return row().status; }
  Store row() { return *db.read([&](db::Conn& c) { return db::StoreRepo::find_by_id(c, store.id); }); }
};

TEST_F(LiveWrite, ReadyToDegradedAndBackWithOneEventEach) {
  EXPECT_TRUE(events.live_status(row(), StoreStatus::degraded, "pod w: CrashLoopBackOff"));
  EXPECT_FALSE(events.live_status(row(), StoreStatus::degraded, "pod w: CrashLoopBackOff"));
  EXPECT_TRUE(events.live_status(row(), StoreStatus::ready, "all workloads ready again"));
  EXPECT_EQ(status(), StoreStatus::ready);
  const auto evs = db.read([&](db::Conn& c) { return db::EventLog::for_store(c, store.id, 10); });
  ASSERT_EQ(evs.size(), 2u);
  EXPECT_EQ(evs[0].status, "Degraded");
  EXPECT_EQ(evs[1].status, "Ready");
  EXPECT_EQ(appended, 2);
  EXPECT_EQ(db.read([&](db::Conn& c) { return db::StoreRepo::find_by_id(c, store.id)->ready_at; }), 2)
      << "Ready since the first time";
}

// A decision made from a row that changed meanwhile (a job made it Ready again while the pass was deciding) is
// not written: the newer status stays.
TEST_F(LiveWrite, ADecisionFromAStaleRowIsNotWritten) {
  const Store seen = row();  // Ready
  ASSERT_TRUE(events.live_status(seen, StoreStatus::degraded, "namespace store-shop was deleted"));
  const Store degraded = row();
  db.write([&](db::Conn& c) { db::StoreRepo::set_status(c, store.id, StoreStatus::ready, "repaired by a retry", 5); });
  EXPECT_FALSE(events.live_status(degraded, StoreStatus::degraded, "pod w not ready"));
  EXPECT_FALSE(events.live_observed(degraded, StoreObservation{}, "pod w not ready"));
  EXPECT_EQ(status(), StoreStatus::ready);
  EXPECT_EQ(appended, 1);
}

TEST_F(LiveWrite, NeverOverDeletingOrWhileAJobWorks) {
  db.write([&](db::Conn& c) { db::JobQueue::enqueue(c, store.id, db::JobKind::create, db::QueuePolicy{}, 3); });
  EXPECT_FALSE(events.live_status(row(), StoreStatus::degraded, "pod w not ready")) << "a queued retry owns it";
  EXPECT_FALSE(events.live_observed(row(), StoreObservation{}, "x")) << "and its observed column";
  db.write([&](db::Conn& c) {
    c.exec("UPDATE jobs SET state = 'done'");
    db::StoreRepo::set_status(c, store.id, StoreStatus::deleting, "delete requested", 4);
  });
  EXPECT_FALSE(events.live_status(row(), StoreStatus::degraded, "namespace store-shop is being deleted"));
  EXPECT_EQ(status(), StoreStatus::deleting);
  EXPECT_EQ(appended, 0);
}

}  // namespace
