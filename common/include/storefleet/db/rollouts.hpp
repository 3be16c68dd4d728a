#pragma once
// Rollout rows and their stores (schema: migrations.cpp, version 8).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storefleet/core/rollout.hpp"
#include "storefleet/db/database.hpp"

namespace storefleet::db {

struct Rollout {
  std::int64_t id = 0;
  Engine engine = Engine::woocommerce;
  std::string to_version;
  std::string selector_json = "\"all\"";
  int wave_size = 10;
  int max_failures = 0;
  RolloutState state = RolloutState::running;
  int current_wave = 0;
  int failures_acknowledged = 0;
  std::string reason;
  std::string created_by;
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
};

// A rollout with each store's row and outcome, and the view decide_rollout judges.
struct RolloutSnapshot {
  Rollout rollout;
  std::vector<RolloutEntry> entries;
  std::vector<std::optional<Store>> stores;  // per entry (nothing: the row is gone)
  std::vector<StoreOutcome> outcomes;        // per entry
  RolloutView view;
  int waves = 0;
};
std::optional<RolloutSnapshot> load_rollout(Conn& c, std::int64_t id);

class RolloutRepo {
 public:
  // Inserts the rollout and its entries (their waves already assigned); returns its id.
  static std::int64_t insert(Conn& c, const Rollout& r, const std::vector<RolloutEntry>& entries);
  static std::optional<Rollout> find(Conn& c, std::int64_t id);
  static std::vector<Rollout> list(Conn& c, int limit = 100);  // newest first
  static std::vector<std::int64_t> active_ids(Conn& c);       // running or aborting
  // A running or paused rollout of the engine (one at a time per engine).
  static std::optional<std::int64_t> unfinished_for_engine(Conn& c, Engine e);
  static std::vector<RolloutEntry> entries(Conn& c, std::int64_t rollout_id);
  // Rollouts (running or aborting) a store belongs to: its settling moves them on.
  static std::vector<std::int64_t> active_for_store(Conn& c, std::int64_t store_id);
  static void set_state(Conn& c, std::int64_t id, RolloutState s, const std::string& reason, std::int64_t now);
  static void set_current_wave(Conn& c, std::int64_t id, int wave, std::int64_t now);
  static void acknowledge_failures(Conn& c, std::int64_t id, int failures, std::int64_t now);
  static void set_entry(Conn& c, std::int64_t rollout_id, std::int64_t store_id, RolloutStoreState s,
                        std::int64_t started_generation, const std::string& reason);
};

}  // namespace storefleet::db
