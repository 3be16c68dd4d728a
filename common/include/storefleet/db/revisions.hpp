#pragma once
// A store's release history as the provisioner saw each helm action end (GET /api/stores/{name}/revisions), and
// what a rollback goes back to.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storefleet/db/database.hpp"

namespace storefleet::db {

struct Revision {
  std::int64_t store_id = 0;
  int revision = 0;             // helm's revision number
  std::string version;          // catalogue version it deployed
  bool suspended = false;
  std::string action;           // install | upgrade | rollback
  std::string outcome;          // deployed | failed
  std::string requested_by;     // the actor whose request it carried out
  std::string detail;           // why it failed, or what it rolled back to
  std::int64_t at = 0;
};

class RevisionRepo {
 public:
  // Records (or, for a revision helm reused, replaces) one helm action's end.
  static void record(Conn& c, const Revision& r);
  static std::vector<Revision> for_store(Conn& c, std::int64_t store_id, int limit = 100);  // newest first
  static std::optional<Revision> find(Conn& c, std::int64_t store_id, int revision);
  // The newest revision older than `before` that deployed and never failed: what an automatic rollback returns to.
  static std::optional<Revision> last_deployed(Conn& c, std::int64_t store_id, int before);
  // The revision's workloads never became ready: it failed after helm deployed it.
  static void mark_failed(Conn& c, std::int64_t store_id, int revision, const std::string& why);
};

}  // namespace storefleet::db
