// The fleet rollout model: how a store of a rollout is doing, and the rollout's next step (table-tested).
#include <gtest/gtest.h>

#include "storefleet/core/rollout.hpp"

namespace storefleet {
namespace {

Store row(StoreStatus status, const std::string& version, std::int64_t generation, std::int64_t observed) {
  Store s;
  s.status = status;
  s.version = version;
  s.generation = generation;
  s.observed_generation = observed;
  return s;
}

RolloutEntry started(std::int64_t settles = 3) {
  RolloutEntry e;
  e.state = RolloutStoreState::started;
  e.from_version = "1.0";
  e.started_generation = settles;
  return e;
}

TEST(StoreOutcome, FromTheStoreRow) {
  RolloutEntry pending;
  EXPECT_EQ(store_outcome(pending, row(StoreStatus::ready, "1.0", 2, 2), "2.0"), StoreOutcome::pending);
  EXPECT_EQ(store_outcome(started(), std::nullopt, "2.0"), StoreOutcome::gone);
  EXPECT_EQ(store_outcome(started(), row(StoreStatus::deleting, "2.0", 3, 3), "2.0"), StoreOutcome::gone);
  EXPECT_EQ(store_outcome(started(), row(StoreStatus::upgrading, "2.0", 3, 2), "2.0"), StoreOutcome::upgrading);
  EXPECT_EQ(store_outcome(started(), row(StoreStatus::ready, "2.0", 3, 2), "2.0"), StoreOutcome::upgrading)
      << "Ready from before the change: not settled at its generation yet";
  EXPECT_EQ(store_outcome(started(), row(StoreStatus::ready, "2.0", 3, 3), "2.0"), StoreOutcome::done);
  EXPECT_EQ(store_outcome(started(), row(StoreStatus::suspended, "2.0", 3, 3), "2.0"), StoreOutcome::done);
  EXPECT_EQ(store_outcome(started(), row(StoreStatus::failed, "2.0", 3, 3), "2.0"), StoreOutcome::failed);
  EXPECT_EQ(store_outcome(started(), row(StoreStatus::ready, "1.0", 4, 4), "2.0"), StoreOutcome::failed)
      << "rolled back by itself";
  auto reverted = started(5);
  reverted.state = RolloutStoreState::reverted;
  EXPECT_EQ(store_outcome(reverted, row(StoreStatus::ready, "1.0", 5, 5), "2.0"), StoreOutcome::done);
  EXPECT_EQ(store_outcome(reverted, row(StoreStatus::upgrading, "1.0", 5, 4), "2.0"), StoreOutcome::upgrading);
}

RolloutView::Member member(int wave, RolloutStoreState state, StoreOutcome outcome, std::string store = "s") {
  return {wave, state, outcome, std::move(store), outcome == StoreOutcome::failed ? "Failed: pod x: Unschedulable" : ""};
}

TEST(DecideRollout, Table) {
  using S = RolloutStoreState;
  using O = StoreOutcome;
  RolloutView fresh;
  fresh.waves = 2;
  fresh.members = {member(1, S::pending, O::pending), member(2, S::pending, O::pending)};
  auto wave1_busy = fresh;
  wave1_busy.current_wave = 1;
  wave1_busy.members[0] = member(1, S::started, O::upgrading);
  auto wave1_done = wave1_busy;
  wave1_done.members[0] = member(1, S::started, O::done);
  auto last_done = wave1_done;
  last_done.current_wave = 2;
  last_done.members[1] = member(2, S::started, O::done);
  auto one_failure = wave1_busy;
  one_failure.members[0] = member(1, S::started, O::failed, "shop-a");
  auto allowed_failure = one_failure;
  allowed_failure.max_failures = 1;
  auto acknowledged = one_failure;
  acknowledged.failures_acknowledged = 1;
  auto gone_in_wave = wave1_busy;
  gone_in_wave.members[0] = member(1, S::started, O::gone);
  auto paused = one_failure;
  paused.state = RolloutState::paused;
  RolloutView empty;
  auto aborting = one_failure;
  aborting.state = RolloutState::aborting;
  auto reverting = aborting;
  reverting.members[0] = member(1, S::reverted, O::upgrading);
  auto reverted = aborting;
  reverted.members[0] = member(1, S::reverted, O::done);

  struct Case {
    const char* name;
    RolloutView view;
    RolloutDecision want;
  };
  for (const auto& c : std::vector<Case>{
           {"a new rollout starts wave 1", fresh, {RolloutStep::start_wave, 1, ""}},
           {"a wave still upgrading: wait", wave1_busy, {}},
           {"wave 1 settled: wave 2", wave1_done, {RolloutStep::start_wave, 2, ""}},
           {"the last wave settled: complete", last_done, {RolloutStep::complete, 0, ""}},
           {"a failure beyond maxFailures pauses, naming it", one_failure,
            {RolloutStep::pause, 0, "1 store(s) failed (at most 0 allowed): shop-a: Failed: pod x: Unschedulable"}},
           {"a failure within maxFailures goes on", allowed_failure, {RolloutStep::start_wave, 2, ""}},
           {"failures a resume accepted go on", acknowledged, {RolloutStep::start_wave, 2, ""}},
           {"a store deleted meanwhile does not hold the wave", gone_in_wave, {RolloutStep::start_wave, 2, ""}},
           {"paused: nothing", paused, {}},
           {"nothing selected: complete", empty, {RolloutStep::complete, 0, ""}},
           {"aborting: revert what it started", aborting, {RolloutStep::revert, 0, ""}},
           {"aborting: wait for the reverted stores", reverting, {}},
           {"aborting: every reverted store settled", reverted, {RolloutStep::finish_abort, 0, ""}},
       }) {
    EXPECT_EQ(decide_rollout(c.view), c.want) << c.name;
  }
}

}  // namespace
}  // namespace storefleet
