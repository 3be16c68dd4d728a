#include "storefleet/core/rollout.hpp"

#include <array>

namespace storefleet {
namespace {

template <class E, std::size_t N>
std::string_view name_in(const std::array<std::pair<E, std::string_view>, N>& t, E v) {
  for (const auto& [value, name] : t)
    if (value == v) return name;
  return "?";
}
template <class E, std::size_t N>
std::optional<E> value_in(const std::array<std::pair<E, std::string_view>, N>& t, std::string_view s) {
  for (const auto& [value, name] : t)
    if (name == s) return value;
  return std::nullopt;
}

constexpr std::array<std::pair<RolloutState, std::string_view>, 5> kStates{{{RolloutState::running, "running"},
                                                                             {RolloutState::paused, "paused"},
                                                                             {RolloutState::completed, "completed"},
                                                                             {RolloutState::aborting, "aborting"},
                                                                             {RolloutState::aborted, "aborted"}}};
constexpr std::array<std::pair<RolloutStoreState, std::string_view>, 4> kStoreStates{
    {{RolloutStoreState::pending, "pending"},
     {RolloutStoreState::started, "started"},
     {RolloutStoreState::reverted, "reverted"},
     {RolloutStoreState::kept, "kept"}}};

bool settled(const Store& s, std::int64_t since_generation) {
  if (s.observed_generation < since_generation) return false;
  return s.status == StoreStatus::ready || s.status == StoreStatus::failed || s.status == StoreStatus::degraded ||
         s.status == StoreStatus::suspended;
}

}  // namespace

std::string_view to_string(RolloutState s) noexcept { return name_in(kStates, s); }
std::optional<RolloutState> parse_rollout_state(std::string_view s) noexcept { return value_in(kStates, s); }
std::string_view to_string(RolloutStoreState s) noexcept { return name_in(kStoreStates, s); }
std::optional<RolloutStoreState> parse_rollout_store_state(std::string_view s) noexcept {
  return value_in(kStoreStates, s);
}

std::string_view to_string(StoreOutcome o) noexcept {
  switch (o) {
    case StoreOutcome::pending: return "pending";
    case StoreOutcome::upgrading: return "upgrading";
    case StoreOutcome::done: return "done";
    case StoreOutcome::failed: return "failed";
    case StoreOutcome::gone: return "gone";
  }
  return "?";
}

std::string_view to_string(RolloutStep s) noexcept {
  switch (s) {
    case RolloutStep::none: return "none";
    case RolloutStep::start_wave: return "start_wave";
    case RolloutStep::pause: return "pause";
    case RolloutStep::complete: return "complete";
    case RolloutStep::revert: return "revert";
    case RolloutStep::finish_abort: return "finish_abort";
  }
  return "?";
}

StoreOutcome store_outcome(const RolloutEntry& e, const std::optional<Store>& store, const std::string& want_version) {
  if (!store || store->status == StoreStatus::deleting || store->status == StoreStatus::deleted)
    return StoreOutcome::gone;
  if (e.state == RolloutStoreState::pending) return StoreOutcome::pending;
  if (!settled(*store, e.started_generation)) return StoreOutcome::upgrading;
  const auto& goal = e.state == RolloutStoreState::started ? want_version : e.from_version;
  if ((store->status == StoreStatus::ready || store->status == StoreStatus::suspended) && store->version == goal)
    return StoreOutcome::done;
  return StoreOutcome::failed;
}

int started_failures(const RolloutView& v) {
  int n = 0;
  for (const auto& m : v.members) n += m.state == RolloutStoreState::started && m.outcome == StoreOutcome::failed;
  return n;
}

RolloutDecision decide_rollout(const RolloutView& v) {
  if (v.state == RolloutState::aborting) {
    for (const auto& m : v.members)
      if (m.state == RolloutStoreState::started) return {RolloutStep::revert, 0, ""};
    for (const auto& m : v.members)
      if (m.state == RolloutStoreState::reverted && m.outcome == StoreOutcome::upgrading) return {};
    return {RolloutStep::finish_abort, 0, ""};
  }
  if (v.state != RolloutState::running) return {};
  const int failures = started_failures(v);
  std::string failed;
  for (const auto& m : v.members) {
    if (m.state != RolloutStoreState::started || m.outcome != StoreOutcome::failed) continue;
    if (failed.size() < 600) failed += (failed.empty() ? "" : "; ") + m.store + (m.reason.empty() ? "" : ": " + m.reason);
  }
  if (failures - v.failures_acknowledged > v.max_failures)
    return {RolloutStep::pause, 0,
            std::to_string(failures) + " store(s) failed (at most " + std::to_string(v.max_failures) +
                " allowed): " + failed};
  if (v.current_wave == 0) return v.waves > 0 ? RolloutDecision{RolloutStep::start_wave, 1, ""}
                                              : RolloutDecision{RolloutStep::complete, 0, ""};
  for (const auto& m : v.members)
    if (m.wave == v.current_wave && m.outcome == StoreOutcome::upgrading) return {};
  if (v.current_wave < v.waves) return {RolloutStep::start_wave, v.current_wave + 1, ""};
  return {RolloutStep::complete, 0, ""};
}

}  // namespace storefleet
