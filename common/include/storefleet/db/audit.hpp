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
};

class AuditLog {
 public:
  static std::int64_t record(Conn& c, AuditEntry e);
  // Newest first. `visible_to`: a tenant sees its own actions and what admins did to its own store rows.
  static std::vector<AuditEntry> list(Conn& c, int limit, const std::optional<std::string>& store = std::nullopt,
                                      const std::optional<std::string>& visible_to = std::nullopt);
};

}  // namespace storefleet::db
