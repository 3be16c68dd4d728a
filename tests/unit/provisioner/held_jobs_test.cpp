// The lease keeper on a real SQLite file: held leases are extended apart from the job code; a lost lease or a
// newer request of another kind cancels the job's token and hands its store to the reconciler.
#include <gtest/gtest.h>

#include <thread>

#include "storefleet/core/util.hpp"
#include "storefleet/db/jobs.hpp"
#include "storefleet/db/stores.hpp"
#include "storefleet/provisioner/held_jobs.hpp"
#include "temp_dir.hpp"

using namespace storefleet;
using namespace storefleet::provisioner;
using namespace std::chrono_literals;

namespace {

class LeaseKeeper : public ::testing::Test {
 protected:
  test::TempDir dir;
  db::Database db{dir.file("held.db")};
  db::QueuePolicy policy;
  std::vector<std::string> changed;
  std::mutex changed_mutex;
  Store store = db.write([](db::Conn& c) {
    return db::StoreRepo::insert(c, {"shop", Engine::woocommerce, "http://shop.local", ""}, 1);
  });

  db::Job claim(std::chrono::milliseconds lease) {
    return db.write([&](db::Conn& c) {
      db::JobQueue::enqueue(c, store.id, db::JobKind::create, policy, now_ms());
      return *db::JobQueue::claim(c, lease, now_ms());
    });
  }
  HeldJobs keeper(std::chrono::milliseconds lease) {
    return HeldJobs(db, lease, [this](const std::string& s) {
      std::lock_guard lock(changed_mutex);
      changed.push_back(s);
    });
  }
  std::optional<db::Job> job(std::int64_t id) { return db.read([&](db::Conn& c) { return db::JobQueue::find(c, id); }); }
};

}  // namespace

TEST_F(LeaseKeeper, ExtendsEveryHeldLease) {
  auto held = keeper(10s);
  const auto j = claim(10s);
  held.add(j, store, now_ms());
  const auto before = job(j.id)->lease_expires;
  std::this_thread::sleep_for(20ms);
  held.extend_all();
  EXPECT_GT(job(j.id)->lease_expires, before);
  EXPECT_FALSE(held.find("shop")->cancel.cancelled());
  EXPECT_TRUE(changed.empty());
}

TEST_F(LeaseKeeper, TheKeeperThreadKeepsALeaseAliveWithoutTheJobCode) {
  auto held = keeper(300ms);
  const auto j = claim(300ms);
  held.add(j, store, now_ms());
  held.start();
  std::this_thread::sleep_for(900ms);  // three leases long: nobody else can take the job meanwhile
  EXPECT_FALSE(db.write([](db::Conn& c) { return db::JobQueue::claim(c, 300ms, now_ms()); }).has_value());
  held.stop();
  EXPECT_FALSE(held.find("shop")->lost);
}

TEST_F(LeaseKeeper, ALostLeaseCancelsTheJobAndRequeuesItsStore) {
  auto held = keeper(50ms);
  const auto j = claim(50ms);
  const auto h = held.add(j, store, now_ms());
  std::this_thread::sleep_for(80ms);  // expired: another worker takes the job over
  const auto other = db.write([](db::Conn& c) { return db::JobQueue::claim(c, 10s, now_ms()); });
  ASSERT_TRUE(other.has_value());
  held.extend_all();
  EXPECT_TRUE(h->lost);
  EXPECT_TRUE(h->cancel.cancelled());
  EXPECT_EQ(changed, std::vector<std::string>{"shop"});
  EXPECT_EQ(job(j.id)->lease_token, other->lease_token) << "the new holder's lease is untouched";
}

TEST_F(LeaseKeeper, ADeleteRequestedDuringACreateSupersedesIt) {
  auto held = keeper(10s);
  const auto h = held.add(claim(10s), store, now_ms());
  db.write([&](db::Conn& c) { db::JobQueue::enqueue(c, store.id, db::JobKind::destroy, policy, now_ms()); });
  held.extend_all();
  EXPECT_TRUE(h->superseded);
  EXPECT_FALSE(h->lost);
  EXPECT_TRUE(h->cancel.cancelled()) << "the running helm install is stopped";
  EXPECT_EQ(changed, std::vector<std::string>{"shop"});
}

TEST_F(LeaseKeeper, ReleasingAtShutdownMakesTheJobsClaimableAtOnce) {
  auto held = keeper(10s);
  const auto j = claim(10s);
  held.add(j, store, now_ms());
  held.cancel_all();
  EXPECT_TRUE(held.find("shop")->cancel.cancelled());
  held.release_all();
  EXPECT_EQ(held.size(), 0u);
  const auto again = db.write([](db::Conn& c) { return db::JobQueue::claim(c, 10s, now_ms()); });
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(again->id, j.id);
}

TEST_F(LeaseKeeper, RemovingForgetsOnlyThatJob) {
  auto held = keeper(10s);
  const auto first = held.add(claim(10s), store, now_ms());
  held.remove(*first);
  EXPECT_EQ(held.find("shop"), nullptr);
  const auto second = held.add(*job(first->job.id), store, now_ms());
  held.remove(*first);  // a late remove of the old entry leaves the new one
  EXPECT_EQ(held.find("shop"), second);
}
