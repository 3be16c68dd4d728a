#include "storefleet/db/audit.hpp"

#include "storefleet/core/util.hpp"

namespace storefleet::db {

std::int64_t AuditLog::record(Conn& c, AuditEntry e) {
  // The store row meant is the newest of that name (the one a request on that name reaches).
  SQLite::Statement q(c, "INSERT INTO audit_log (at, action, store, actor, client_ip, outcome, detail, store_id) "
                         "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, "
                         "(SELECT max(id) FROM stores WHERE name = ?3 AND ?3 <> '')) RETURNING id");
  q.bind(1, e.at != 0 ? e.at : now_ms());
  q.bind(2, e.action);
  q.bind(3, e.store);
  q.bind(4, e.actor);
  q.bind(5, e.client_ip);
  q.bind(6, e.outcome);
  q.bind(7, e.detail);
  q.executeStep();
  return q.getColumn(0).getInt64();
}

std::vector<AuditEntry> AuditLog::list(Conn& c, int limit, const std::optional<std::string>& store,
                                       const std::optional<std::string>& visible_to) {
  AuditQuery q;
  q.limit = limit;
  q.store = store;
  q.visible_to = visible_to;
  return search(c, q);
}

std::vector<AuditEntry> AuditLog::search(Conn& c, const AuditQuery& q) {
  SQLite::Statement st(
      c,
      "SELECT a.id, a.at, a.action, a.store, a.actor, a.client_ip, a.outcome, a.detail, coalesce(t.name, '') "
      "FROM audit_log a LEFT JOIN api_tokens t ON t.id = a.actor "
      "WHERE (:store IS NULL OR a.store = :store) "
      // A tenant sees its own actions, and what an admin did to its own stores: never another tenant's token id
      // or address, nor the history of a store that had its name before.
      "AND (:tenant IS NULL OR a.actor = :tenant OR (a.store_id IN (SELECT id FROM stores WHERE owner = :tenant) "
      "AND (a.actor = 'admin' OR a.actor IN (SELECT id FROM api_tokens WHERE role = 'admin')))) "
      "AND (:actor IS NULL OR a.actor = :actor OR a.actor IN (SELECT id FROM api_tokens WHERE name = :actor)) "
      "AND (:action IS NULL OR a.action = :action) "
      "AND (:contains = '' OR instr(lower(a.store || ' ' || a.action || ' ' || a.outcome || ' ' || a.detail), "
      "lower(:contains)) > 0) "
      "AND (:since IS NULL OR a.at >= :since) AND (:until IS NULL OR a.at < :until) "
      "AND (:before = 0 OR a.id < :before) "
      "ORDER BY a.id DESC LIMIT :limit");
  auto bind_opt = [&](const char* name, const auto& v) {
    if (v) st.bind(name, *v); else st.bind(name);
  };
  bind_opt(":store", q.store);
  bind_opt(":tenant", q.visible_to);
  bind_opt(":actor", q.actor);
  bind_opt(":action", q.action);
  st.bind(":contains", q.contains);
  bind_opt(":since", q.since);
  bind_opt(":until", q.until);
  st.bind(":before", q.before_id);
  st.bind(":limit", q.limit);
  std::vector<AuditEntry> out;
  while (st.executeStep()) {
    AuditEntry e;
    e.id = st.getColumn(0).getInt64();
    e.at = st.getColumn(1).getInt64();
    e.action = st.getColumn(2).getString();
    e.store = st.getColumn(3).getString();
    e.actor = st.getColumn(4).getString();
    e.client_ip = st.getColumn(5).getString();
    e.outcome = st.getColumn(6).getString();
    e.detail = st.getColumn(7).getString();
    e.actor_name = st.getColumn(8).getString();
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace storefleet::db
