#pragma once
// Audit log: who did what to which store, from where, with what outcome.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storefleet/db/database.hpp"

namespace storefleet::db {

struct AuditEntry {
  std::int64_t id = 0;
  std::int64_t at = 0;
  std::string action;      // e.g. "store.create", "store.delete", "store.retry"
  std::string store;       // "" when not about one store
  std::string actor;       // token id, or "anonymous"
  std::string client_ip;
  std::string outcome;     // "accepted", "rejected: <code>", ...
  std::string detail;
  std::string actor_name;  // the acting token's name, when it is a token that still exists (read only)
};

struct AuditQuery {
  std::optional<std::string> store;        // exact store name
  std::optional<std::string> visible_to;   // a tenant's token id: what that tenant may see
  std::optional<std::string> actor;        // a token id, "admin", or a token's name
  std::optional<std::string> action;       // exact, e.g. "store.create"
  std::string contains;                    // case-insensitive substring of store, action, outcome or detail
  std::optional<std::int64_t> since, until;  // ms since the epoch, inclusive / exclusive
  std::int64_t before_id = 0;              // cursor: rows older than this id; 0 = from the newest
  int limit = 50;
};

class AuditLog {
 public:
  static std::int64_t record(Conn& c, AuditEntry e);
  // Newest first. `visible_to`: a tenant sees its own actions and what admins did to its own store rows.
  static std::vector<AuditEntry> list(Conn& c, int limit, const std::optional<std::string>& store = std::nullopt,
                                      const std::optional<std::string>& visible_to = std::nullopt);
  // Newest first, at most q.limit rows.
  static std::vector<AuditEntry> search(Conn& c, const AuditQuery& q);
};

}  // namespace storefleet::db
