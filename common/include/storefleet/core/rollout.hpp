#pragma once
// The fleet rollout model both services share: how each store of a rollout is doing (from its row), and what the
// rollout does next (a pure, table-tested decision; the provisioner acts on it, the API reports it).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "storefleet/core/store.hpp"

namespace storefleet {

enum class RolloutState { running, paused, completed, aborting, aborted };
std::string_view to_string(RolloutState s) noexcept;
std::optional<RolloutState> parse_rollout_state(std::string_view s) noexcept;

// What the rollout did to a store: not yet (pending), changed it to the new version (started), changed it back
// (reverted, on abort), or left it alone on abort (kept: it could not go back).
enum class RolloutStoreState { pending, started, reverted, kept };
std::string_view to_string(RolloutStoreState s) noexcept;
std::optional<RolloutStoreState> parse_rollout_store_state(std::string_view s) noexcept;

// How a store of a rollout is doing now.
enum class StoreOutcome { pending, upgrading, done, failed, gone };
std::string_view to_string(StoreOutcome o) noexcept;

struct RolloutEntry {
  std::int64_t store_id = 0;
  std::string store;
  int wave = 1;
  std::string from_version;
  RolloutStoreState state = RolloutStoreState::pending;
  std::int64_t started_generation = 0;
  std::string reason;  // why it was kept, or why it failed (filled in when reported)
};

// From the store row (nothing: deleted): done once the change settled Ready on `want_version`; failed once it
// settled otherwise (Failed, Degraded, or rolled back by itself to another version); upgrading until then.
StoreOutcome store_outcome(const RolloutEntry& e, const std::optional<Store>& store, const std::string& want_version);

struct RolloutView {
  RolloutState state = RolloutState::running;
  int current_wave = 0;
  int waves = 0;
  int max_failures = 0;
  int failures_acknowledged = 0;
  struct Member {
    int wave = 1;
    RolloutStoreState state = RolloutStoreState::pending;
    StoreOutcome outcome = StoreOutcome::pending;
    std::string store;
    std::string reason;
  };
  std::vector<Member> members;
};

enum class RolloutStep { none, start_wave, pause, complete, revert, finish_abort };
std::string_view to_string(RolloutStep s) noexcept;

struct RolloutDecision {
  RolloutStep step = RolloutStep::none;
  int wave = 0;        // start_wave: which
  std::string reason;  // pause: the failed stores and why
  friend bool operator==(const RolloutDecision&, const RolloutDecision&) = default;
};

// Stores the rollout started that failed (what maxFailures is counted against).
int started_failures(const RolloutView& v);

// running: start the first wave; pause when failures beyond those acknowledged exceed max_failures; start the next
// wave once every store of the current one settled; complete after the last. aborting: revert the stores it
// started, then finish once every reverted store settled. paused, completed, aborted: nothing.
RolloutDecision decide_rollout(const RolloutView& v);

}  // namespace storefleet
