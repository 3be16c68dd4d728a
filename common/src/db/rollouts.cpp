#include "storefleet/db/rollouts.hpp"

#include <algorithm>

#include "storefleet/db/stores.hpp"

namespace storefleet::db {
namespace {

constexpr const char* kColumns =
    "id, engine, to_version, selector, wave_size, max_failures, state, current_wave, failures_acknowledged, reason, "
    "created_by, created_at, updated_at";

Rollout from_row(SQLite::Statement& q) {
  Rollout r;
  r.id = q.getColumn(0).getInt64();
  r.engine = parse_engine(q.getColumn(1).getString()).value_or(Engine::woocommerce);
  r.to_version = q.getColumn(2).getString();
  r.selector_json = q.getColumn(3).getString();
  r.wave_size = q.getColumn(4).getInt();
  r.max_failures = q.getColumn(5).getInt();
  r.state = parse_rollout_state(q.getColumn(6).getString()).value_or(RolloutState::paused);
  r.current_wave = q.getColumn(7).getInt();
  r.failures_acknowledged = q.getColumn(8).getInt();
  r.reason = q.getColumn(9).getString();
  r.created_by = q.getColumn(10).getString();
  r.created_at = q.getColumn(11).getInt64();
  r.updated_at = q.getColumn(12).getInt64();
  return r;
}

std::vector<std::int64_t> ids_of(SQLite::Statement& q) {
  std::vector<std::int64_t> out;
  while (q.executeStep()) out.push_back(q.getColumn(0).getInt64());
  return out;
}

}  // namespace

std::int64_t RolloutRepo::insert(Conn& c, const Rollout& r, const std::vector<RolloutEntry>& entries) {
  SQLite::Statement q(c, "INSERT INTO rollouts (engine, to_version, selector, wave_size, max_failures, state, "
                         "reason, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  q.bind(1, std::string(to_string(r.engine)));
  q.bind(2, r.to_version);
  q.bind(3, r.selector_json);
  q.bind(4, r.wave_size);
  q.bind(5, r.max_failures);
  q.bind(6, std::string(to_string(r.state)));
  q.bind(7, r.reason);
  q.bind(8, r.created_by);
  q.bind(9, r.created_at);
  q.bind(10, r.created_at);
  q.exec();
  const auto id = c.getLastInsertRowid();
  SQLite::Statement e(c, "INSERT INTO rollout_stores (rollout_id, store_id, store, wave, from_version, state, reason) "
                         "VALUES (?, ?, ?, ?, ?, ?, ?)");
  for (const auto& x : entries) {
    e.bind(1, id);
    e.bind(2, x.store_id);
    e.bind(3, x.store);
    e.bind(4, x.wave);
    e.bind(5, x.from_version);
    e.bind(6, std::string(to_string(x.state)));
    e.bind(7, x.reason);
    e.exec();
    e.reset();
  }
  return id;
}

std::optional<Rollout> RolloutRepo::find(Conn& c, std::int64_t id) {
  SQLite::Statement q(c, std::string("SELECT ") + kColumns + " FROM rollouts WHERE id = ?");
  q.bind(1, id);
  if (!q.executeStep()) return std::nullopt;
  return from_row(q);
}

std::vector<Rollout> RolloutRepo::list(Conn& c, int limit) {
  SQLite::Statement q(c, std::string("SELECT ") + kColumns + " FROM rollouts ORDER BY id DESC LIMIT ?");
  q.bind(1, limit);
  std::vector<Rollout> out;
  while (q.executeStep()) out.push_back(from_row(q));
  return out;
}

std::vector<std::int64_t> RolloutRepo::active_ids(Conn& c) {
  SQLite::Statement q(c, "SELECT id FROM rollouts WHERE state IN ('running', 'aborting') ORDER BY id");
  return ids_of(q);
}

std::optional<std::int64_t> RolloutRepo::unfinished_for_engine(Conn& c, Engine e) {
  SQLite::Statement q(c, "SELECT id FROM rollouts WHERE engine = ? AND state IN ('running', 'paused', 'aborting') "
                         "ORDER BY id LIMIT 1");
  q.bind(1, std::string(to_string(e)));
  if (!q.executeStep()) return std::nullopt;
  return q.getColumn(0).getInt64();
}

std::vector<RolloutEntry> RolloutRepo::entries(Conn& c, std::int64_t rollout_id) {
  SQLite::Statement q(c, "SELECT store_id, store, wave, from_version, state, started_generation, reason "
                         "FROM rollout_stores WHERE rollout_id = ? ORDER BY wave, store");
  q.bind(1, rollout_id);
  std::vector<RolloutEntry> out;
  while (q.executeStep()) {
    RolloutEntry e;
    e.store_id = q.getColumn(0).getInt64();
    e.store = q.getColumn(1).getString();
    e.wave = q.getColumn(2).getInt();
    e.from_version = q.getColumn(3).getString();
    e.state = parse_rollout_store_state(q.getColumn(4).getString()).value_or(RolloutStoreState::kept);
    e.started_generation = q.getColumn(5).getInt64();
    e.reason = q.getColumn(6).getString();
    out.push_back(std::move(e));
  }
  return out;
}

std::vector<std::int64_t> RolloutRepo::active_for_store(Conn& c, std::int64_t store_id) {
  SQLite::Statement q(c, "SELECT r.id FROM rollouts r JOIN rollout_stores s ON s.rollout_id = r.id "
                         "WHERE s.store_id = ? AND r.state IN ('running', 'aborting')");
  q.bind(1, store_id);
  return ids_of(q);
}

void RolloutRepo::set_state(Conn& c, std::int64_t id, RolloutState s, const std::string& reason, std::int64_t now) {
  SQLite::Statement q(c, "UPDATE rollouts SET state = ?, reason = ?, updated_at = ? WHERE id = ?");
  q.bind(1, std::string(to_string(s)));
  q.bind(2, reason);
  q.bind(3, now);
  q.bind(4, id);
  q.exec();
}

void RolloutRepo::set_current_wave(Conn& c, std::int64_t id, int wave, std::int64_t now) {
  SQLite::Statement q(c, "UPDATE rollouts SET current_wave = ?, updated_at = ? WHERE id = ?");
  q.bind(1, wave);
  q.bind(2, now);
  q.bind(3, id);
  q.exec();
}

void RolloutRepo::acknowledge_failures(Conn& c, std::int64_t id, int failures, std::int64_t now) {
  SQLite::Statement q(c, "UPDATE rollouts SET failures_acknowledged = ?, updated_at = ? WHERE id = ?");
  q.bind(1, failures);
  q.bind(2, now);
  q.bind(3, id);
  q.exec();
}

void RolloutRepo::set_entry(Conn& c, std::int64_t rollout_id, std::int64_t store_id, RolloutStoreState s,
                            std::int64_t started_generation, const std::string& reason) {
  SQLite::Statement q(c, "UPDATE rollout_stores SET state = ?, started_generation = ?, reason = ? "
                         "WHERE rollout_id = ? AND store_id = ?");
  q.bind(1, std::string(to_string(s)));
  q.bind(2, started_generation);
  q.bind(3, reason);
  q.bind(4, rollout_id);
  q.bind(5, store_id);
  q.exec();
}

std::optional<RolloutSnapshot> load_rollout(Conn& c, std::int64_t id) {
  auto r = RolloutRepo::find(c, id);
  if (!r) return std::nullopt;
  RolloutSnapshot s;
  s.rollout = std::move(*r);
  s.entries = RolloutRepo::entries(c, id);
  auto& v = s.view;
  v.state = s.rollout.state;
  v.current_wave = s.rollout.current_wave;
  v.max_failures = s.rollout.max_failures;
  v.failures_acknowledged = s.rollout.failures_acknowledged;
  for (const auto& e : s.entries) {
    auto store = StoreRepo::find_by_id(c, e.store_id);
    const auto outcome = store_outcome(e, store, s.rollout.to_version);
    s.waves = std::max(s.waves, e.wave);
    std::string why = e.reason;
    if (outcome == StoreOutcome::failed && store)
      why = store->status == StoreStatus::failed || store->status == StoreStatus::degraded
                ? std::string(to_string(store->status)) + ": " + store->status_reason
                : "settled on " + store->version + " (rolled back)";
    v.members.push_back({e.wave, e.state, outcome, e.store, why});
    s.stores.push_back(std::move(store));
    s.outcomes.push_back(outcome);
  }
  v.waves = s.waves;
  return s;
}

}  // namespace storefleet::db
