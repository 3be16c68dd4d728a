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
  SQLite::Statement q(c,
                      "SELECT id, at, action, store, actor, client_ip, outcome, detail FROM audit_log "
                      "WHERE (?1 IS NULL OR store = ?1) "
                      // A tenant sees its own actions, and what an admin did to its own stores: never another
                      // tenant's token id or address, nor the history of a store that had its name before.
                      "AND (?2 IS NULL OR actor = ?2 OR (store_id IN (SELECT id FROM stores WHERE owner = ?2) "
                      "AND (actor = 'admin' OR actor IN (SELECT id FROM api_tokens WHERE role = 'admin')))) "
                      "ORDER BY id DESC LIMIT ?3");
  if (store) q.bind(1, *store); else q.bind(1);
  if (visible_to) q.bind(2, *visible_to); else q.bind(2);
  q.bind(3, limit);
  std::vector<AuditEntry> out;
  while (q.executeStep()) {
    AuditEntry e;
    e.id = q.getColumn(0).getInt64();
    e.at = q.getColumn(1).getInt64();
    e.action = q.getColumn(2).getString();
    e.store = q.getColumn(3).getString();
    e.actor = q.getColumn(4).getString();
    e.client_ip = q.getColumn(5).getString();
    e.outcome = q.getColumn(6).getString();
    e.detail = q.getColumn(7).getString();
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace storefleet::db
