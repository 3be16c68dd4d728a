// A fleet rollout, reconciled like a store: observe (the rollout, its stores' rows) → decide_rollout → at most one
// step, in one transaction with the events it produces → look again when a store of it settles (let_go) or after
// a short safety delay. Everything lives in SQLite, so a restarted provisioner resumes exactly where it stopped.
#include <boost/json/serialize.hpp>

#include "storefleet/core/log.hpp"
#include "storefleet/core/util.hpp"
#include "storefleet/db/events.hpp"
#include "storefleet/db/rollouts.hpp"
#include "storefleet/db/spec_changes.hpp"
#include "storefleet/db/stores.hpp"
#include "storefleet/provisioner/reconciler.hpp"

namespace storefleet::provisioner {
namespace json = boost::json;

namespace {

constexpr auto kSafetyRecheck = std::chrono::seconds(2);

void progress_event(db::Conn& c, const db::RolloutSnapshot& s, RolloutState state, int wave,
                    const std::string& reason, std::int64_t now) {
  int done = 0, failed = 0;
  for (const auto o : s.outcomes) {
    done += o == StoreOutcome::done;
    failed += o == StoreOutcome::failed;
  }
  db::Event e;
  e.type = "rollout.progress";
  e.store = "";
  e.status = std::string(to_string(state));
  e.reason = reason;
  e.data_json = json::serialize(json::object{{"rollout", s.rollout.id},
                                             {"engine", std::string(to_string(s.rollout.engine))},
                                             {"toVersion", s.rollout.to_version},
                                             {"wave", wave},
                                             {"waves", s.waves},
                                             {"total", static_cast<std::int64_t>(s.entries.size())},
                                             {"done", done},
                                             {"failed", failed}});
  e.at = now;
  db::EventLog::append(c, e);
}

}  // namespace

std::chrono::milliseconds Reconciler::reconcile_rollout(std::int64_t id) {
  const auto by = "rollout " + std::to_string(id);
  const auto decision = s_.db.write([&](db::Conn& c) -> RolloutDecision {
    const auto snap = db::load_rollout(c, id);
    if (!snap) return {};
    const auto d = decide_rollout(snap->view);
    const auto now = now_ms();
    const auto& r = snap->rollout;
    switch (d.step) {
      case RolloutStep::none: break;
      case RolloutStep::start_wave: {
        for (std::size_t i = 0; i < snap->entries.size(); ++i) {
          const auto& e = snap->entries[i];
          const auto& store = snap->stores[i];
          if (e.wave != d.wave || e.state != RolloutStoreState::pending || snap->outcomes[i] == StoreOutcome::gone)
            continue;
          const auto why = by + ", wave " + std::to_string(d.wave) + ": upgrade " + store->version + " → " + r.to_version;
          const auto change = db::change_spec(c, *store, r.to_version, store->suspended, by, why + " requested", now);
          db::RolloutRepo::set_entry(c, id, e.store_id, RolloutStoreState::started, change.settles_at, "");
        }
        db::RolloutRepo::set_current_wave(c, id, d.wave, now);
        progress_event(c, *snap, RolloutState::running, d.wave, "wave " + std::to_string(d.wave) + " started", now);
        break;
      }
      case RolloutStep::pause:
        db::RolloutRepo::set_state(c, id, RolloutState::paused, d.reason, now);
        progress_event(c, *snap, RolloutState::paused, r.current_wave, d.reason, now);
        break;
      case RolloutStep::complete: {
        const auto why = "every selected store moved to " + r.to_version;
        db::RolloutRepo::set_state(c, id, RolloutState::completed, why, now);
        progress_event(c, *snap, RolloutState::completed, r.current_wave, why, now);
        break;
      }
      case RolloutStep::revert:
        for (std::size_t i = 0; i < snap->entries.size(); ++i) {
          const auto& e = snap->entries[i];
          const auto& store = snap->stores[i];
          if (e.state != RolloutStoreState::started) continue;
          if (!store || snap->outcomes[i] == StoreOutcome::gone) {
            db::RolloutRepo::set_entry(c, id, e.store_id, RolloutStoreState::kept, 0, "deleted meanwhile");
            continue;
          }
          if (store->version == e.from_version) {  // back already (rolled back by itself)
            db::RolloutRepo::set_entry(c, id, e.store_id, RolloutStoreState::reverted, store->observed_generation, "");
            continue;
          }
          const auto* from = s_.settings.catalog.find(store->engine, e.from_version);
          const auto* to = s_.settings.catalog.find(store->engine, store->version);
          if (!from || (to && from->data_schema < to->data_schema)) {
            db::RolloutRepo::set_entry(c, id, e.store_id, RolloutStoreState::kept, 0,
                                       "cannot go back to " + e.from_version +
                                           (from ? " (an older data format): restore a backup" : " (no longer offered)"));
            continue;
          }
          const auto change = db::change_spec(c, *store, e.from_version, store->suspended, by + " (abort)",
                                              by + " aborted: back to " + e.from_version + " requested", now);
          db::RolloutRepo::set_entry(c, id, e.store_id, RolloutStoreState::reverted, change.settles_at, "");
        }
        progress_event(c, *snap, RolloutState::aborting, r.current_wave, "reverting the stores it changed", now);
        break;
      case RolloutStep::finish_abort:
        db::RolloutRepo::set_state(c, id, RolloutState::aborted, "aborted; the stores it changed are back", now);
        progress_event(c, *snap, RolloutState::aborted, r.current_wave, "aborted", now);
        break;
    }
    return d;
  });
  if (decision.step == RolloutStep::none) {
    const bool active = s_.db.read([&](db::Conn& c) {
      const auto r = db::RolloutRepo::find(c, id);
      return r && (r->state == RolloutState::running || r->state == RolloutState::aborting);
    });
    return active ? std::chrono::milliseconds(kSafetyRecheck) : std::chrono::milliseconds(0);
  }
  log::info("rollout", "step", {{"rollout", std::to_string(id)}, {"step", std::string(to_string(decision.step))},
                                {"wave", std::to_string(decision.wave)}, {"reason", decision.reason}});
  s_.events.notify_appended();
  wake();  // jobs were queued: claim them now
  return std::chrono::milliseconds(1);
}

void Reconciler::enqueue_rollouts_of(std::int64_t store_id) {
  const auto ids = s_.db.read([&](db::Conn& c) { return db::RolloutRepo::active_for_store(c, store_id); });
  for (const auto id : ids) queue_.add(rollout_key(id));
}

void Reconciler::enqueue_active_rollouts() {
  for (const auto id : s_.db.read([](db::Conn& c) { return db::RolloutRepo::active_ids(c); })) queue_.add(rollout_key(id));
}

std::string rollout_key(std::int64_t id) { return "rollout/" + std::to_string(id); }

}  // namespace storefleet::provisioner
