#include "storefleet/db/stores.hpp"

#include <sqlite3.h>

#include "storefleet/core/errors.hpp"

namespace storefleet::db {
std::string store_columns(std::string_view alias) {
  std::string out;
  for (const char* c : {"id", "name", "engine", "namespace", "status", "status_reason", "url", "owner", "observed",
                        "created_at", "updated_at", "ready_at", "generation", "observed_generation", "version", "suspended",
                        "deployed_spec", "spec_by"})
    out += (out.empty() ? "" : ", ") + std::string(alias) + (alias.empty() ? "" : ".") + c;
  return out;
}

Store store_from_row(SQLite::Statement& q) {
  Store s;
  s.id = q.getColumn(0).getInt64();
  s.name = q.getColumn(1).getString();
  s.engine = parse_engine(q.getColumn(2).getString()).value_or(Engine::woocommerce);
  s.ns = q.getColumn(3).getString();
  s.status = parse_status(q.getColumn(4).getString()).value_or(StoreStatus::failed);
  s.status_reason = q.getColumn(5).getString();
  s.url = q.getColumn(6).getString();
  s.owner = q.getColumn(7).getString();
  s.observed_json = q.getColumn(8).getString();
  s.created_at = q.getColumn(9).getInt64();
  s.updated_at = q.getColumn(10).getInt64();
  if (!q.getColumn(11).isNull()) s.ready_at = q.getColumn(11).getInt64();
  s.generation = q.getColumn(12).getInt64();
  s.observed_generation = q.getColumn(13).getInt64();
  s.version = q.getColumn(14).getString();
  s.suspended = q.getColumn(15).getInt() != 0;
  s.deployed_spec = q.getColumn(16).getString();
  s.spec_by = q.getColumn(17).getString();
  return s;
}

namespace {
const std::string kColumns = store_columns();

std::optional<Store> query_one(SQLite::Statement& q) {
  if (!q.executeStep()) return std::nullopt;
  return store_from_row(q);
}

}  // namespace

Store StoreRepo::insert(Conn& c, const NewStore& n, std::int64_t now) {
  SQLite::Statement q(c, std::string("INSERT INTO stores (name, engine, namespace, status, url, owner, created_at, "
                                     "updated_at, version, spec_by) VALUES (?, ?, ?, 'Queued', ?, ?, ?, ?, ?, ?) RETURNING ") +
                             kColumns);
  q.bind(1, n.name);
  q.bind(2, std::string(to_string(n.engine)));
  q.bind(3, namespace_for(n.name));
  q.bind(4, n.url);
  q.bind(5, n.owner);
  q.bind(6, now);
  q.bind(7, now);
  q.bind(8, n.version);
  q.bind(9, n.requested_by);
  try {
    q.executeStep();
  } catch (const SQLite::Exception& e) {
    if (e.getExtendedErrorCode() == SQLITE_CONSTRAINT_UNIQUE)
      throw DomainError(Errc::conflict, "a store named '" + n.name + "' already exists");
    throw;
  }
  return store_from_row(q);
}

std::optional<Store> StoreRepo::find_live(Conn& c, const std::string& name) {
  SQLite::Statement q(c, "SELECT " + kColumns +
                             " FROM stores WHERE name = ? AND status <> 'Deleted' ORDER BY id DESC LIMIT 1");
  q.bind(1, name);
  return query_one(q);
}

std::optional<Store> StoreRepo::find_latest(Conn& c, const std::string& name) {
  SQLite::Statement q(c, "SELECT " + kColumns + " FROM stores WHERE name = ? ORDER BY id DESC LIMIT 1");
  q.bind(1, name);
  return query_one(q);
}

std::optional<Store> StoreRepo::find_by_id(Conn& c, std::int64_t id) {
  SQLite::Statement q(c, "SELECT " + kColumns + " FROM stores WHERE id = ?");
  q.bind(1, id);
  return query_one(q);
}

std::vector<Store> StoreRepo::list(Conn& c, const StoreFilter& f) {
  std::string sql = "SELECT " + kColumns + " FROM stores WHERE id > :after";
  if (f.status)
    sql += " AND status = :status";
  else if (!f.include_deleted)
    sql += " AND status <> 'Deleted'";
  if (f.owner) sql += " AND owner = :owner";
  sql += " ORDER BY id LIMIT :limit";
  SQLite::Statement q(c, sql);
  q.bind(":after", f.after_id);
  if (f.status) q.bind(":status", std::string(to_string(*f.status)));
  if (f.owner) q.bind(":owner", *f.owner);
  q.bind(":limit", f.limit);
  std::vector<Store> out;
  while (q.executeStep()) out.push_back(store_from_row(q));
  return out;
}

bool StoreRepo::set_status(Conn& c, std::int64_t id, StoreStatus status, const std::string& reason, std::int64_t now) {
  SQLite::Statement q(c,
                      "UPDATE stores SET status = ?, status_reason = ?, updated_at = ?, "
                      "ready_at = CASE WHEN ? = 'Ready' THEN COALESCE(ready_at, ?) ELSE ready_at END WHERE id = ?");
  const std::string st(to_string(status));
  q.bind(1, st);
  q.bind(2, reason);
  q.bind(3, now);
  q.bind(4, st);
  q.bind(5, now);
  q.bind(6, id);
  return q.exec() == 1;
}

void StoreRepo::bump_generation(Conn& c, std::int64_t id, std::int64_t now) {
  SQLite::Statement q(c, "UPDATE stores SET generation = generation + 1, updated_at = ? WHERE id = ?");
  q.bind(1, now);
  q.bind(2, id);
  q.exec();
}

void StoreRepo::set_spec(Conn& c, std::int64_t id, const std::string& version, bool suspended, const std::string& by,
                         std::int64_t now) {
  SQLite::Statement q(c, "UPDATE stores SET version = ?, suspended = ?, spec_by = ?, generation = generation + 1, "
                         "updated_at = ? WHERE id = ?");
  q.bind(1, version);
  q.bind(2, suspended ? 1 : 0);
  q.bind(3, by);
  q.bind(4, now);
  q.bind(5, id);
  q.exec();
}

bool StoreRepo::resolve_default_version(Conn& c, std::int64_t id, const std::string& version) {
  SQLite::Statement q(c, "UPDATE stores SET version = ? WHERE id = ? AND version = ''");
  q.bind(1, version);
  q.bind(2, id);
  return q.exec() == 1;
}

void StoreRepo::set_deployed_spec(Conn& c, std::int64_t id, const std::string& spec) {
  SQLite::Statement q(c, "UPDATE stores SET deployed_spec = ? WHERE id = ?");
  q.bind(1, spec);
  q.bind(2, id);
  q.exec();
}

void StoreRepo::set_observed_generation(Conn& c, std::int64_t id, std::int64_t generation) {
  SQLite::Statement q(c, "UPDATE stores SET observed_generation = max(observed_generation, ?) WHERE id = ?");
  q.bind(1, generation);
  q.bind(2, id);
  q.exec();
}

void StoreRepo::set_observed(Conn& c, std::int64_t id, const std::string& observed_json, std::int64_t now) {
  SQLite::Statement q(c, "UPDATE stores SET observed = ?, updated_at = ? WHERE id = ?");
  q.bind(1, observed_json);
  q.bind(2, now);
  q.bind(3, id);
  q.exec();
}

StoreCounts StoreRepo::counts(Conn& c, const std::optional<std::string>& owner) {
  std::string sql = "SELECT status, COUNT(*) FROM stores";
  if (owner) sql += " WHERE owner = :owner";
  sql += " GROUP BY status";
  SQLite::Statement q(c, sql);
  if (owner) q.bind(":owner", *owner);
  StoreCounts out;
  for (StoreStatus s : all_statuses()) out.by_status.emplace_back(s, 0);
  while (q.executeStep()) {
    auto st = parse_status(q.getColumn(0).getString());
    if (!st) continue;
    std::int64_t n = q.getColumn(1).getInt64();
    for (auto& [s, count] : out.by_status)
      if (s == *st) count = n;
    if (*st != StoreStatus::deleted) out.total += n;
    if (*st == StoreStatus::ready) out.ready += n;
    if (*st == StoreStatus::degraded) out.degraded += n;
    if (*st == StoreStatus::failed) out.failed += n;
    if (*st == StoreStatus::queued || *st == StoreStatus::provisioning || *st == StoreStatus::installing ||
        *st == StoreStatus::upgrading)
      out.provisioning += n;
  }
  return out;
}

std::int64_t StoreRepo::count_live_for_owner(Conn& c, const std::string& owner) {
  SQLite::Statement q(c, "SELECT COUNT(*) FROM stores WHERE owner = ? AND status <> 'Deleted'");
  q.bind(1, owner);
  q.executeStep();
  return q.getColumn(0).getInt64();
}

}  // namespace storefleet::db

namespace storefleet::db {

std::optional<std::string> StoreRepo::owner_of(Conn& c, std::int64_t id) {
  SQLite::Statement q(c, "SELECT owner FROM stores WHERE id = ?");
  q.bind(1, id);
  if (!q.executeStep()) return std::nullopt;
  return q.getColumn(0).getString();
}

}  // namespace storefleet::db
