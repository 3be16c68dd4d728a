#include <gtest/gtest.h>

#include "queue_fixture.hpp"

using namespace storefleet;
using namespace storefleet::db;
using namespace std::chrono_literals;

namespace {

using Queue = test::QueueFixture;

TEST_F(Queue, ClaimTakesTheOldestRunnableJob) {
  auto a = store("shop-a"), b = store("shop-b"), c = store("shop-c");
  auto ja = enqueue(a, JobKind::create, 100);
  auto jb = enqueue(b, JobKind::create, 100);
  enqueue(c, JobKind::create, 5000);  // not due yet at t=200
  auto first = claim(200);
  auto second = claim(200);
  ASSERT_TRUE(first && second);
  EXPECT_EQ(first->id, ja);
  EXPECT_EQ(second->id, jb);
  EXPECT_FALSE(claim(200)) << "job c is not due before t=5000";
  EXPECT_EQ(first->state, JobState::running);
  EXPECT_EQ(first->attempts, 1);
  EXPECT_EQ(first->lease_token.size(), 32u);
  EXPECT_NE(first->lease_token, second->lease_token);
  EXPECT_EQ(first->lease_expires, 200 + 10000);
}

TEST_F(Queue, ExpiredLeaseMakesTheJobClaimableAgain) {
  auto j = enqueue(store("shop"), JobKind::create, 0);
  auto held = claim(0, 1000ms);
  ASSERT_TRUE(held);
  EXPECT_FALSE(claim(999)) << "lease still valid";
  auto reclaimed = claim(1000);
  ASSERT_TRUE(reclaimed);
  EXPECT_EQ(reclaimed->id, j);
  EXPECT_EQ(reclaimed->attempts, 2) << "a crashed attempt counts";
  EXPECT_NE(reclaimed->lease_token, held->lease_token);
  // The first worker lost its lease: it can no longer extend, complete or fail the job.
  db.write([&](Conn& c) {
    EXPECT_FALSE(JobQueue::extend(c, j, held->lease_token, 1000ms, 1001).held);
    EXPECT_FALSE(JobQueue::complete(c, j, held->lease_token, 1001));
    EXPECT_FALSE(JobQueue::fail(c, j, held->lease_token, "x", policy, 1001));
  });
}

TEST_F(Queue, TokenMismatchIsRefusedAndExtendPushesExpiry) {
  auto j = enqueue(store("shop"), JobKind::create, 0);
  auto held = claim(0, 1000ms);
  db.write([&](Conn& c) {
    EXPECT_FALSE(JobQueue::extend(c, j, "not-the-token", 1000ms, 500).held);
    auto st = JobQueue::extend(c, j, held->lease_token, 5000ms, 500);
    EXPECT_TRUE(st.held);
    EXPECT_EQ(st.kind, JobKind::create);
  });
  EXPECT_FALSE(claim(2000)) << "extended to t=5500";
  db.write([&](Conn& c) { EXPECT_TRUE(JobQueue::complete(c, j, held->lease_token, 2000)); });
  auto done = db.read([&](Conn& c) { return JobQueue::find(c, j); });
  EXPECT_EQ(done->state, JobState::done);
  EXPECT_FALSE(claim(100000));
}

TEST_F(Queue, FailureBacksOffExponentiallyThenDeadLetters) {
  auto j = enqueue(store("shop"), JobKind::create, 0);
  std::int64_t now = 0;
  const std::int64_t expected_delays[] = {1000, 2000};
  for (std::int64_t delay : expected_delays) {
    auto held = claim(now);
    ASSERT_TRUE(held);
    auto state = db.write([&](Conn& c) { return JobQueue::fail(c, j, held->lease_token, "helm failed", policy, now); });
    EXPECT_EQ(state, JobState::queued);
    EXPECT_FALSE(claim(now + delay - 1)) << "backoff " << delay;
    now += delay;
  }
  auto last = claim(now);
  ASSERT_TRUE(last);
  EXPECT_EQ(last->attempts, 3);
  auto state = db.write([&](Conn& c) { return JobQueue::fail(c, j, last->lease_token, "still failing", policy, now); });
  EXPECT_EQ(state, JobState::dead);
  auto dead = db.read([&](Conn& c) { return JobQueue::find(c, j); });
  EXPECT_EQ(dead->last_error, "still failing");
  EXPECT_FALSE(claim(now + 1000000));
}

TEST_F(Queue, BackoffIsCapped) {
  QueuePolicy p{.max_attempts = 10, .backoff_base = 1000ms, .backoff_cap = 5000ms};
  EXPECT_EQ(backoff_after(0, p), 0ms);
  EXPECT_EQ(backoff_after(1, p), 1000ms);
  EXPECT_EQ(backoff_after(3, p), 4000ms);
  EXPECT_EQ(backoff_after(4, p), 5000ms);
  EXPECT_EQ(backoff_after(60, p), 5000ms);
}

TEST_F(Queue, ExpiredLeaseOnTheLastAttemptIsReapedAsDead) {
  auto j = enqueue(store("shop"), JobKind::create, 0);
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(claim(i * 2000, 1000ms)) << i;
  EXPECT_FALSE(claim(10000)) << "no attempts left";
  auto reaped = db.write([](Conn& c) { return JobQueue::reap_exhausted(c, 10000); });
  ASSERT_EQ(reaped.size(), 1u);
  EXPECT_EQ(reaped[0].id, j);
  EXPECT_EQ(reaped[0].state, JobState::dead);
}

TEST_F(Queue, OneActiveJobPerStore) {
  auto s = store("shop");
  auto j1 = enqueue(s, JobKind::create, 0);
  auto j2 = enqueue(s, JobKind::create, 0);
  EXPECT_EQ(j1, j2);
  // The partial unique index holds even against a raw insert.
  EXPECT_THROW(db.write([&](Conn& c) {
    c.exec("INSERT INTO jobs (store_id, kind, state, max_attempts, not_before, created_at, updated_at) VALUES (" +
           std::to_string(s) + ", 'delete', 'queued', 3, 0, 0, 0)");
  }),
               SQLite::Exception);
  EXPECT_EQ(db.read([](Conn& c) { return JobQueue::depth(c); }), 1);
}

TEST_F(Queue, DeleteReplacesAQueuedCreate) {
  auto s = store("shop");
  auto j = enqueue(s, JobKind::create, 0);
  EXPECT_EQ(enqueue(s, JobKind::destroy, 10), j);
  auto got = claim(10);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->kind, JobKind::destroy);
}

TEST_F(Queue, DeleteSupersedesARunningCreateWhichRunsAgainAsDelete) {
  auto s = store("shop");
  auto j = enqueue(s, JobKind::create, 0);
  auto worker = claim(0);
  ASSERT_TRUE(worker);
  enqueue(s, JobKind::destroy, 50);
  EXPECT_FALSE(claim(60)) << "still held by the first worker";
  db.write([&](Conn& c) {
    auto st = JobQueue::extend(c, j, worker->lease_token, 10000ms, 70);
    EXPECT_TRUE(st.held);
    EXPECT_EQ(st.kind, JobKind::destroy) << "the worker learns that a delete was requested";
    EXPECT_TRUE(JobQueue::complete(c, j, worker->lease_token, 80));
  });
  auto again = claim(90);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->id, j);
  EXPECT_EQ(again->kind, JobKind::destroy);
  EXPECT_EQ(again->attempts, 1);
}

// Race: the worker has written Failed and is cleaning up; a retry arrives before it completes the job. The retry
// must not be absorbed by the finishing run (the store would stay Queued with no job, forever).
TEST_F(Queue, ASameKindRequestDuringARunIsRunAgainAfterIt) {
  auto s = store("shop");
  auto j = enqueue(s, JobKind::create, 0);
  auto worker = claim(0);
  ASSERT_TRUE(worker);
  EXPECT_EQ(enqueue(s, JobKind::create, 50), j);  // the retry
  db.write([&](Conn& c) { EXPECT_TRUE(JobQueue::complete(c, j, worker->lease_token, 60)); });
  auto again = claim(70);
  ASSERT_TRUE(again) << "the retry was absorbed";
  EXPECT_EQ(again->kind, JobKind::create);
  EXPECT_EQ(again->attempts, 1);
}

TEST_F(Queue, ASameKindRequestDuringTheLastFailingAttemptIsNotDeadLettered) {
  auto s = store("shop");
  auto j = enqueue(s, JobKind::create, 0);
  std::optional<Job> w;
  for (int i = 0; i < policy.max_attempts; ++i) {
    w = claim(100000 * i);
    ASSERT_TRUE(w);
    if (i + 1 < policy.max_attempts)
      db.write([&](Conn& c) { JobQueue::fail(c, j, w->lease_token, "boom", policy, 100000 * i); });
  }
  enqueue(s, JobKind::create, 400000);  // a retry while the last attempt fails
  const auto state = db.write([&](Conn& c) { return JobQueue::fail(c, j, w->lease_token, "boom", policy, 400001); });
  EXPECT_EQ(state, JobState::queued);
}

TEST_F(Queue, AFenceHoldsWhileTheLeaseAndTheKindDo) {
  auto s = store("shop");
  auto j = enqueue(s, JobKind::create, 0);
  auto w = claim(0);
  ASSERT_TRUE(w);
  const JobFence mine{j, w->lease_token, JobKind::create};
  EXPECT_TRUE(db.read([&](Conn& c) { return JobQueue::holds(c, mine); }));
  EXPECT_FALSE(db.read([&](Conn& c) { return JobQueue::holds(c, JobFence{j, "not-the-token", JobKind::create}); }));
  enqueue(s, JobKind::destroy, 10);  // a delete supersedes the create: its writes no longer hold
  EXPECT_FALSE(db.read([&](Conn& c) { return JobQueue::holds(c, mine); }));
  EXPECT_TRUE(db.read([&](Conn& c) { return JobQueue::holds(c, JobFence{j, w->lease_token, JobKind::destroy}); }));
  db.write([&](Conn& c) { JobQueue::complete(c, j, w->lease_token, 20); });
  EXPECT_FALSE(db.read([&](Conn& c) { return JobQueue::holds(c, JobFence{j, w->lease_token, JobKind::destroy}); }));
}

TEST_F(Queue, NewJobAfterCompletionAndNextDue) {
  auto s = store("shop");
  auto j = enqueue(s, JobKind::create, 0);
  auto w = claim(0);
  db.write([&](Conn& c) { JobQueue::complete(c, j, w->lease_token, 1); });
  EXPECT_FALSE(db.read([](Conn& c) { return JobQueue::next_due(c); }));
  auto j2 = enqueue(s, JobKind::destroy, 777);
  EXPECT_NE(j, j2);
  EXPECT_EQ(db.read([](Conn& c) { return JobQueue::next_due(c); }), 777);
}

}  // namespace
