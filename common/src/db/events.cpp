#include "storefleet/db/events.hpp"

#include <boost/json.hpp>

#include "storefleet/core/json_util.hpp"
#include "storefleet/core/util.hpp"

namespace storefleet::db {
namespace {

constexpr const char* kSelect = "SELECT id, type, store, status, reason, data, at, store_id FROM events ";

Event row_to_event(SQLite::Statement& q) {
  Event e;
  e.id = q.getColumn(0).getInt64();
  e.type = q.getColumn(1).getString();
  e.store = q.getColumn(2).getString();
  e.status = q.getColumn(3).getString();
  e.reason = q.getColumn(4).getString();
  e.data_json = q.getColumn(5).getString();
  e.at = q.getColumn(6).getInt64();
  e.store_id = q.getColumn(7).isNull() ? 0 : q.getColumn(7).getInt64();
  return e;
}

std::vector<Event> collect(SQLite::Statement& q) {
  std::vector<Event> out;
  while (q.executeStep()) out.push_back(row_to_event(q));
  return out;
}

}  // namespace

std::int64_t EventLog::append(Conn& c, Event e) {
  // The payload must be a JSON object: readers embed it verbatim.
  if (!parse_object(e.data_json)) e.data_json = "{}";
  SQLite::Statement q(c, "INSERT INTO events (type, store, status, reason, data, at, store_id) "
                         "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id");
  q.bind(1, e.type);
  q.bind(2, e.store);
  q.bind(3, e.status);
  q.bind(4, e.reason);
  q.bind(5, e.data_json);
  q.bind(6, e.at != 0 ? e.at : now_ms());
  if (e.store_id > 0) q.bind(7, e.store_id);
  else q.bind(7);
  q.executeStep();
  return q.getColumn(0).getInt64();
}

std::vector<Event> EventLog::read_after(Conn& c, std::int64_t after_id, int limit,
                                        const std::optional<std::string>& store) {
  SQLite::Statement q(c, std::string(kSelect) + (store ? "WHERE id > ? AND store = ? " : "WHERE id > ? ") +
                             "ORDER BY id LIMIT ?");
  int i = 1;
  q.bind(i++, after_id);
  if (store) q.bind(i++, *store);
  q.bind(i, limit);
  return collect(q);
}

std::vector<Event> EventLog::for_store(Conn& c, std::int64_t store_id, int limit) {
  // The newest `limit` events, returned oldest first (a timeline).
  SQLite::Statement q(c, std::string("SELECT * FROM (") + kSelect +
                             "WHERE store_id = ? ORDER BY id DESC LIMIT ?) ORDER BY id");
  q.bind(1, store_id);
  q.bind(2, limit);
  return collect(q);
}

std::vector<Event> EventLog::for_storeless_name(Conn& c, const std::string& name, int limit) {
  SQLite::Statement q(c, std::string("SELECT * FROM (") + kSelect +
                             "WHERE store = ? AND store_id IS NULL ORDER BY id DESC LIMIT ?) ORDER BY id");
  q.bind(1, name);
  q.bind(2, limit);
  return collect(q);
}

std::int64_t EventLog::last_id(Conn& c) {
  return c.execAndGet("SELECT COALESCE(MAX(id), 0) FROM events").getInt64();
}

Event status_event(const Store& store, StoreStatus status, std::string reason, std::int64_t at,
                   std::string data_json) {
  Event e;
  e.type = "store.status";
  e.store = store.name;
  e.store_id = store.id;
  e.status = std::string(to_string(status));
  e.reason = std::move(reason);
  e.data_json = std::move(data_json);
  e.at = at;
  return e;
}

std::string event_to_json(const Event& e) {
  boost::json::object o;
  o["id"] = e.id;
  o["type"] = e.type;
  o["store"] = e.store;
  o["status"] = e.status;
  o["reason"] = e.reason;
  o["at"] = iso8601_ms(e.at);
  auto data = parse_object(e.data_json);
  o["data"] = data ? std::move(*data) : boost::json::object{};
  return boost::json::serialize(o);
}

}  // namespace storefleet::db
