#pragma once
// Audit of refused writes. Accepted writes are audited by their handlers inside the same transaction as the
// change; every POST/DELETE under /api that ends in an error is recorded here, after the fact, with who, from
// where and why ("rejected: <error code>").
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <tuple>

#include "storefleet/api/http_types.hpp"
#include "storefleet/db/audit.hpp"
#include "storefleet/db/database.hpp"

namespace storefleet::api {

using AuditSink = std::function<void(const HttpRequest& req, const HttpResponse& resp, const std::string& route)>;

bool is_audited_write(const std::string& method, const std::string& path);
// "store.create", "store.delete", ... for known routes; "<METHOD> <route>" otherwise.
std::string audit_action(const std::string& method, const std::string& route);
// The store a path is about ("" when none): /api/stores/<name>[/...].
std::string audit_store(const std::string& path);
// "rejected: <error.code>" from an error body, or "rejected: <status>".
std::string rejected_outcome(const HttpResponse& resp);

// Refusals that a flood is made of (401 unauthorized, 429 rate_limited) are counted in memory, not written one
// transaction each: flush() (every few seconds, and at shutdown) writes one row per (action, store, actor, client,
// outcome) with how many and over which span, in one transaction. Distinct sources are capped; beyond the cap,
// refusals are counted in one "other sources" row, so memory stays bounded whatever a flood looks like.
class RefusalTally {
 public:
  explicit RefusalTally(std::size_t max_sources = 10000) : max_sources_(max_sources) {}
  static bool tallied(const std::string& outcome);  // "rejected: unauthorized" / "rejected: rate_limited"
  void note(const db::AuditEntry& e);
  // Writes what was counted since the last flush (one transaction; nothing when nothing was counted). Returns the
  // number of rows written.
  std::size_t flush(db::Database& db);
  std::uint64_t pending() const;

 private:
  struct Count {
    std::uint64_t n = 0;
    std::int64_t first = 0, last = 0;
  };
  using Key = std::tuple<std::string, std::string, std::string, std::string, std::string>;
  mutable std::mutex mutex_;
  std::map<Key, Count> counts_;
  Count overflow_;
  std::size_t max_sources_;
};

// `tally`: where flood-type refusals go (nullptr: every refusal is written at once).
AuditSink make_audit_sink(db::Database& db, RefusalTally* tally = nullptr);

}  // namespace storefleet::api
