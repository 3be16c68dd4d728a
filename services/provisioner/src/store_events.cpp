#include "storefleet/provisioner/store_events.hpp"

#include <boost/json/serialize.hpp>

#include "storefleet/core/log.hpp"
#include "storefleet/core/util.hpp"
#include "storefleet/db/events.hpp"
#include "storefleet/db/jobs.hpp"
#include "storefleet/db/spec_changes.hpp"
#include "storefleet/db/stores.hpp"

namespace json = boost::json;

namespace storefleet::provisioner {

namespace {
// The status change and its store.status event, in the caller's transaction.
void write_status(db::Conn& c, const Store& store, StoreStatus status, const std::string& reason, std::string data) {
  const auto now = now_ms();
  db::StoreRepo::set_status(c, store.id, status, reason, now);
  db::EventLog::append(c, db::status_event(store, status, reason, now, std::move(data)));
}

// stores.observed and its store.observed event, in the caller's transaction.
void write_observed(db::Conn& c, const Store& store, const StoreObservation& o, const std::string& reason) {
  const auto now = now_ms();
  db::StoreRepo::set_observed(c, store.id, observed_column_json(o, reason), now);
  db::Event e;
  e.type = "store.observed";
  e.store = store.name;
  e.store_id = store.id;
  e.data_json = observed_event_json(o);
  e.at = now;
  db::EventLog::append(c, e);
}
}  // namespace

bool StoreEvents::status(const Store& store, StoreStatus status, const std::string& reason, int attempt) {
  if (updating_ && (status == StoreStatus::provisioning || status == StoreStatus::installing))
    status = StoreStatus::upgrading;
  const bool written = db_.write([&](db::Conn& c) {
    if (!fence_holds(c)) return false;
    const auto current = db::StoreRepo::find_by_id(c, store.id);
    if (current && current->status == status && current->status_reason == reason) return false;
    write_status(c, store, status, reason,
                 attempt > 0 ? json::serialize(json::object{{"attempt", attempt}}) : std::string("{}"));
    return true;
  });
  if (written) status_written(store, status, reason);
  return written;
}

bool StoreEvents::still_as_seen(db::Conn& c, const Store& seen) {
  const auto current = db::StoreRepo::find_by_id(c, seen.id);
  return current && (current->status == StoreStatus::ready || current->status == StoreStatus::degraded) &&
         current->status == seen.status && current->status_reason == seen.status_reason &&
         !db::JobQueue::active_for_store(c, seen.id);
}

bool StoreEvents::live_status(const Store& seen, StoreStatus status, const std::string& reason) {
  if (seen.status == status && seen.status_reason == reason) return false;
  const bool written = db_.write([&](db::Conn& c) {
    if (!still_as_seen(c, seen)) return false;
    write_status(c, seen, status, reason, "{}");
    return true;
  });
  if (written) status_written(seen, status, reason);
  return written;
}

bool StoreEvents::live_observed(const Store& seen, const StoreObservation& o, const std::string& reason) {
  const bool written = db_.write([&](db::Conn& c) {
    if (!still_as_seen(c, seen)) return false;
    write_observed(c, seen, o, reason);
    return true;
  });
  if (written) on_append_();
  return written;
}

void StoreEvents::status_written(const Store& store, StoreStatus status, const std::string& reason) {
  log::info("store", "status", {{"store", store.name}, {"status", std::string(to_string(status))}, {"reason", reason}});
  on_append_();
}

bool StoreEvents::respec(const Store& store, const std::string& version, bool suspended, const std::string& by,
                         const std::string& reason) {
  const auto status = db_.write([&](db::Conn& c) -> std::optional<StoreStatus> {
    if (!fence_holds(c)) return std::nullopt;
    const auto current = db::StoreRepo::find_by_id(c, store.id);
    if (!current) return std::nullopt;
    // Marks this (running) job to run again, and shows the change like any other.
    return db::change_spec(c, *current, version, suspended, by, reason, now_ms()).status;
  });
  if (status) status_written(store, *status, reason);
  return status.has_value();
}

void StoreEvents::settled(const Store& store) {
  db_.write([&](db::Conn& c) {
    if (fence_holds(c)) db::StoreRepo::set_observed_generation(c, store.id, store.generation);
  });
}

void StoreEvents::step(const Store& store, const std::string& step, const std::string& state, const std::string& detail) {
  const bool written = db_.write([&](db::Conn& c) {
    if (!fence_holds(c)) return false;
    db::Event e;
    e.type = "store.step";
    e.store = store.name;
    e.store_id = store.id;
    e.data_json = json::serialize(json::object{{"step", step}, {"state", state}, {"detail", detail}});
    e.at = now_ms();
    db::EventLog::append(c, e);
    return true;
  });
  if (!written) return;
  log::info("store", "step", {{"store", store.name}, {"step", step}, {"state", state}, {"detail", detail}});
  on_append_();
}

void StoreEvents::observed(const Store& store, const StoreObservation& o, const std::string& reason) {
  const bool written = db_.write([&](db::Conn& c) {
    if (!fence_holds(c)) return false;
    write_observed(c, store, o, reason);
    return true;
  });
  if (written) on_append_();
}

void StoreEvents::observed_column(const Store& store, const StoreObservation& o, const std::string& reason) {
  db_.write([&](db::Conn& c) {
    if (fence_holds(c)) db::StoreRepo::set_observed(c, store.id, observed_column_json(o, reason), now_ms());
  });
}

void StoreEvents::orphan(const std::string& store_label, const std::string& ns) {
  db_.write([&](db::Conn& c) {
    db::Event e;
    e.type = "store.orphan";
    e.store = store_label;
    e.reason = "labelled namespace without a store";
    e.data_json = json::serialize(json::object{{"namespace", ns}});
    e.at = now_ms();
    db::EventLog::append(c, e);
  });
  log::warn("reconcile", "orphan namespace", {{"namespace", ns}, {"store", store_label}});
  on_append_();
}

}  // namespace storefleet::provisioner
