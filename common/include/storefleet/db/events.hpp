#pragma once
// Append-only event log. The row id is the SSE event id; events are appended in the same transaction as the
// status change they describe (an outbox), so a reader that resumes from an id misses nothing.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storefleet/core/store.hpp"
#include "storefleet/db/database.hpp"

namespace storefleet::db {

struct Event {
  std::int64_t id = 0;
  std::string type;        // store.status | store.step | store.observed | store.orphan (see proto-docs/events.md)
  std::string store;       // store name
  std::string status;      // store status after the event ("" when unchanged)
  std::string reason;
  std::string data_json = "{}";  // type-specific payload (a JSON object)
  std::int64_t at = 0;     // ms since epoch
  std::int64_t store_id = 0;  // the store row it happened to (0: none, an orphan report): a reused name is a new store
};

class EventLog {
 public:
  static std::int64_t append(Conn& c, Event e);  // returns the new id (e.id is ignored)
  static std::vector<Event> read_after(Conn& c, std::int64_t after_id, int limit,
                                       const std::optional<std::string>& store = std::nullopt);
  static std::vector<Event> for_store(Conn& c, std::int64_t store_id, int limit);  // oldest first
  // Events of a name that belong to no store row (orphan namespace reports), oldest first.
  static std::vector<Event> for_storeless_name(Conn& c, const std::string& name, int limit);
  static std::int64_t last_id(Conn& c);
};

// The store.status event of a store's change to `status` (written by both services, with the change itself).
Event status_event(const Store& store, StoreStatus status, std::string reason, std::int64_t at,
                   std::string data_json = "{}");

// The SSE/JSON form of an event: { id, type, store, status, reason, at (ISO-8601), data }.
std::string event_to_json(const Event& e);

}  // namespace storefleet::db
