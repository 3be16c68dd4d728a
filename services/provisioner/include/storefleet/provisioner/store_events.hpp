#pragma once
// Writes what happens to a store: the status change and its event in one transaction (an outbox), step and
// observation events. Every append pokes the SSE hub so subscribers see it at once.
#include <functional>
#include <string>

#include "storefleet/core/store.hpp"
#include "storefleet/db/database.hpp"
#include "storefleet/provisioner/observed_facts.hpp"

namespace storefleet::provisioner {

class StoreEvents {
 public:
  StoreEvents(db::Database& db, std::function<void()> on_append) : db_(db), on_append_(std::move(on_append)) {}

  // Sets status + reason and appends a store.status event (data: {} or {"attempt": n}). Skips both when the
  // store already has exactly this status and reason.
  void status(const Store& store, StoreStatus status, const std::string& reason, int attempt = 0);
  // As status(), for the live tracking after Ready: written only if, in the same transaction, the row is still
  // Ready or Degraded and no job is queued or running for it (a job owns the status while it works). Returns
  // whether it was written.
  bool live_status(const Store& store, StoreStatus status, const std::string& reason);
  // A store.step event: step ∈ namespace|secret|helm|pods|setup|uninstall|namespace-delete,
  // state ∈ started|done|failed.
  void step(const Store& store, const std::string& step, const std::string& state, const std::string& detail = "");
  // stores.observed + a store.observed event, in one transaction.
  void observed(const Store& store, const StoreObservation& o, const std::string& reason);
  // stores.observed only (the reason changed but the objects did not).
  void observed_column(const Store& store, const StoreObservation& o, const std::string& reason);
  void orphan(const std::string& store_label, const std::string& ns);

 private:
  db::Database& db_;
  std::function<void()> on_append_;
};

}  // namespace storefleet::provisioner
