#include "storefleet/db/revisions.hpp"

namespace storefleet::db {
namespace {

constexpr const char* kColumns =
    "store_id, revision, version, suspended, action, outcome, requested_by, detail, at";

Revision from_row(SQLite::Statement& q) {
  Revision r;
  r.store_id = q.getColumn(0).getInt64();
  r.revision = q.getColumn(1).getInt();
  r.version = q.getColumn(2).getString();
  r.suspended = q.getColumn(3).getInt() != 0;
  r.action = q.getColumn(4).getString();
  r.outcome = q.getColumn(5).getString();
  r.requested_by = q.getColumn(6).getString();
  r.detail = q.getColumn(7).getString();
  r.at = q.getColumn(8).getInt64();
  return r;
}

}  // namespace

void RevisionRepo::record(Conn& c, const Revision& r) {
  SQLite::Statement q(c, std::string("INSERT OR REPLACE INTO revisions (") + kColumns +
                             ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
  q.bind(1, r.store_id);
  q.bind(2, r.revision);
  q.bind(3, r.version);
  q.bind(4, r.suspended ? 1 : 0);
  q.bind(5, r.action);
  q.bind(6, r.outcome);
  q.bind(7, r.requested_by);
  q.bind(8, r.detail);
  q.bind(9, r.at);
  q.exec();
}

std::vector<Revision> RevisionRepo::for_store(Conn& c, std::int64_t store_id, int limit) {
  SQLite::Statement q(c, std::string("SELECT ") + kColumns +
                             " FROM revisions WHERE store_id = ? ORDER BY revision DESC LIMIT ?");
  q.bind(1, store_id);
  q.bind(2, limit);
  std::vector<Revision> out;
  while (q.executeStep()) out.push_back(from_row(q));
  return out;
}

std::optional<Revision> RevisionRepo::find(Conn& c, std::int64_t store_id, int revision) {
  SQLite::Statement q(c, std::string("SELECT ") + kColumns + " FROM revisions WHERE store_id = ? AND revision = ?");
  q.bind(1, store_id);
  q.bind(2, revision);
  if (!q.executeStep()) return std::nullopt;
  return from_row(q);
}

std::optional<Revision> RevisionRepo::last_deployed(Conn& c, std::int64_t store_id, int before) {
  SQLite::Statement q(c, std::string("SELECT ") + kColumns +
                             " FROM revisions WHERE store_id = ? AND outcome = 'deployed' AND revision < ? "
                             "ORDER BY revision DESC LIMIT 1");
  q.bind(1, store_id);
  q.bind(2, before);
  if (!q.executeStep()) return std::nullopt;
  return from_row(q);
}

void RevisionRepo::mark_failed(Conn& c, std::int64_t store_id, int revision, const std::string& why) {
  SQLite::Statement q(c, "UPDATE revisions SET outcome = 'failed', detail = ? WHERE store_id = ? AND revision = ?");
  q.bind(1, why);
  q.bind(2, store_id);
  q.bind(3, revision);
  q.exec();
}

}  // namespace storefleet::db
