// A job's writes are fenced by its lease and kind, on a real SQLite file: the races of issue 14 replayed in the
// order that used to lose a request or write a wrong status.
#include <gtest/gtest.h>

#include "storefleet/db/events.hpp"
#include "storefleet/db/jobs.hpp"
#include "storefleet/db/stores.hpp"
#include "storefleet/provisioner/store_events.hpp"
#include "temp_dir.hpp"

using namespace storefleet;
using namespace storefleet::provisioner;
using namespace std::chrono_literals;

namespace {

class FencedEvents : public ::testing::Test {
 protected:
  test::TempDir dir;
  db::Database db{dir.file("fence.db")};
  StoreEvents events{db, [] {}};
  db::QueuePolicy policy;
  Store store = db.write([](db::Conn& c) {
    return db::StoreRepo::insert(c, {"shop", Engine::woocommerce, "http://shop.local", ""}, 1);
  });
  db::Job job = db.write([&](db::Conn& c) {
    db::JobQueue::enqueue(c, store.id, db::JobKind::create, policy, 1);
    return *db::JobQueue::claim(c, 30s, 2);
  });
  db::JobFence fence() const { return {job.id, job.lease_token, job.kind}; }

  // What the API does for DELETE and retry (store_api.cpp), in one transaction.
  void api_delete() {
    db.write([&](db::Conn& c) {
      db::StoreRepo::set_status(c, store.id, StoreStatus::deleting, "delete requested", 10);
      db::StoreRepo::bump_generation(c, store.id, 10);
      db::JobQueue::enqueue(c, store.id, db::JobKind::destroy, policy, 10);
    });
  }
  void api_retry() {
    db.write([&](db::Conn& c) {
      db::StoreRepo::set_status(c, store.id, StoreStatus::queued, "retry requested", 10);
      db::StoreRepo::bump_generation(c, store.id, 10);
      db::JobQueue::enqueue(c, store.id, db::JobKind::create, policy, 10);
    });
  }
  Store row() { return *db.read([&](db::Conn& c) { return db::StoreRepo::find_by_id(c, store.id); }); }
  std::size_t event_count() {
    return db.read([&](db::Conn& c) { return db::EventLog::for_store(c, store.id, 100); }).size();
  }
};

TEST_F(FencedEvents, ACreateSupersededByADeleteCannotWriteReadyOverDeleting) {
  auto job_events = events.fenced(fence());
  EXPECT_TRUE(job_events.status(store, StoreStatus::installing, "helm release deployed"));
  api_delete();
  EXPECT_FALSE(job_events.status(store, StoreStatus::ready, "all workloads ready"));
  EXPECT_FALSE(job_events.status(store, StoreStatus::failed, "timed out"));
  job_events.step(store, "pods", "done", "pod x ready");
  EXPECT_EQ(row().status, StoreStatus::deleting);
  EXPECT_EQ(event_count(), 1u) << "only the write made before the delete";
  // The delete itself (the same job, now of kind delete, claimed again after the create let go) writes freely.
  db.write([&](db::Conn& c) { db::JobQueue::complete(c, job.id, job.lease_token, 20); });
  const auto del = db.write([](db::Conn& c) { return *db::JobQueue::claim(c, 30s, 30); });
  EXPECT_EQ(del.kind, db::JobKind::destroy);
  EXPECT_TRUE(events.fenced({del.id, del.lease_token, del.kind}).status(store, StoreStatus::deleted, "gone"));
}

TEST_F(FencedEvents, AWorkerThatLostItsLeaseWritesNothing) {
  auto stale = events.fenced(fence());
  // The lease ran out while the worker was blocked; another worker took the job.
  const auto taken = db.write([](db::Conn& c) { return db::JobQueue::claim(c, 30s, 2 + 31000); });
  ASSERT_TRUE(taken);
  EXPECT_FALSE(stale.status(store, StoreStatus::ready, "all workloads ready"));
  stale.step(store, "helm", "done", "release deployed");
  stale.observed(store, StoreObservation{}, "x");
  EXPECT_EQ(event_count(), 0u);
  EXPECT_TRUE(events.fenced({taken->id, taken->lease_token, taken->kind}).status(store, StoreStatus::ready, "ok"));
}

TEST_F(FencedEvents, SettlingRecordsTheGenerationTheJobStartedFrom) {
  auto job_events = events.fenced(fence());
  api_delete();  // generation 2 arrives while the create (generation 1) runs: the create can no longer settle
  job_events.settled(store);
  EXPECT_EQ(row().observed_generation, 0);
  db.write([&](db::Conn& c) { db::JobQueue::complete(c, job.id, job.lease_token, 20); });
  const auto del = db.write([](db::Conn& c) { return *db::JobQueue::claim(c, 30s, 30); });
  const auto now = row();  // what the delete job reads when it starts
  events.fenced({del.id, del.lease_token, del.kind}).settled(now);
  EXPECT_EQ(row().observed_generation, 2);
  EXPECT_EQ(row().generation, 2);
}

TEST_F(FencedEvents, ARetryAfterFailedIsNotAbsorbedByTheFinishingJob) {
  auto job_events = events.fenced(fence());
  ASSERT_TRUE(job_events.status(store, StoreStatus::failed, "pod x: ImagePullBackOff"));
  api_retry();  // the store is Failed: the API accepts the retry while the worker is still cleaning up
  db.write([&](db::Conn& c) { db::JobQueue::complete(c, job.id, job.lease_token, 20); });
  EXPECT_EQ(row().status, StoreStatus::queued);
  const auto again = db.write([](db::Conn& c) { return db::JobQueue::claim(c, 30s, 30); });
  ASSERT_TRUE(again) << "the store would stay Queued with no job";
  EXPECT_EQ(again->kind, db::JobKind::create);
}

}  // namespace

// A job that changes an installed store (a PATCH) writes its working statuses as Upgrading; its goal statuses
// (Ready, Suspended, Failed) are written as they are.
TEST_F(FencedEvents, AnUpdatingJobWritesItsWorkingStatusesAsUpgrading) {
  auto updating = events.fenced(fence(), true);
  EXPECT_TRUE(updating.status(store, StoreStatus::provisioning, "installing helm release"));
  EXPECT_EQ(row().status, StoreStatus::upgrading);
  EXPECT_TRUE(updating.status(store, StoreStatus::installing, "waiting for Deployment wordpress"));
  EXPECT_EQ(row().status, StoreStatus::upgrading);
  EXPECT_EQ(row().status_reason, "waiting for Deployment wordpress");
  EXPECT_TRUE(updating.status(store, StoreStatus::suspended, "workloads scaled to 0; data volumes kept"));
  EXPECT_EQ(row().status, StoreStatus::suspended);
  auto first_install = events.fenced(fence());
  EXPECT_TRUE(first_install.status(store, StoreStatus::installing, "helm release deployed"));
  EXPECT_EQ(row().status, StoreStatus::installing);
}
