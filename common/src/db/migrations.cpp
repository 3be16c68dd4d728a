// Forward-only schema migrations, versioned by PRAGMA user_version. Migration N takes a file from version N-1 to
// N; a file at any older version is brought up to date at open. Never edit a released migration: add one.
#include <array>
#include <stdexcept>
#include <string>

#include "storefleet/db/database.hpp"

namespace storefleet::db {
namespace {

constexpr const char* kMigration1 = R"sql(
CREATE TABLE stores (
  id            INTEGER PRIMARY KEY,
  name          TEXT    NOT NULL,
  engine        TEXT    NOT NULL CHECK (engine IN ('woocommerce', 'medusa')),
  namespace     TEXT    NOT NULL,
  status        TEXT    NOT NULL CHECK (status IN ('Queued','Provisioning','Installing','Ready','Failed','Deleting','Deleted')),
  status_reason TEXT    NOT NULL DEFAULT '',
  url           TEXT    NOT NULL,
  owner         TEXT    NOT NULL DEFAULT '',
  observed      TEXT    NOT NULL DEFAULT '{}',
  created_at    INTEGER NOT NULL,
  updated_at    INTEGER NOT NULL,
  ready_at      INTEGER
) STRICT;
-- A deleted store keeps its row for history; only live stores must have unique names.
CREATE UNIQUE INDEX stores_live_name ON stores(name) WHERE status <> 'Deleted';
CREATE INDEX stores_status ON stores(status, id);

CREATE TABLE jobs (
  id            INTEGER PRIMARY KEY,
  store_id      INTEGER NOT NULL REFERENCES stores(id),
  kind          TEXT    NOT NULL CHECK (kind IN ('create', 'delete')),
  state         TEXT    NOT NULL CHECK (state IN ('queued', 'running', 'done', 'dead', 'cancelled')),
  attempts      INTEGER NOT NULL DEFAULT 0,
  max_attempts  INTEGER NOT NULL,
  not_before    INTEGER NOT NULL,
  lease_token   TEXT,
  lease_expires INTEGER,
  rerun         INTEGER NOT NULL DEFAULT 0,
  last_error    TEXT    NOT NULL DEFAULT '',
  created_at    INTEGER NOT NULL,
  updated_at    INTEGER NOT NULL
) STRICT;
-- At most one active job per store: two workers can never act on one release at once.
CREATE UNIQUE INDEX jobs_one_active_per_store ON jobs(store_id) WHERE state IN ('queued', 'running');
CREATE INDEX jobs_runnable ON jobs(state, not_before, id);
)sql";

constexpr const char* kMigration2 = R"sql(
CREATE TABLE events (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,  -- AUTOINCREMENT: SSE ids are never reused
  type       TEXT    NOT NULL,
  store      TEXT    NOT NULL,
  status     TEXT    NOT NULL DEFAULT '',
  reason     TEXT    NOT NULL DEFAULT '',
  data       TEXT    NOT NULL DEFAULT '{}',
  at         INTEGER NOT NULL
) STRICT;
CREATE INDEX events_store ON events(store, id);

CREATE TABLE audit_log (
  id         INTEGER PRIMARY KEY,
  at         INTEGER NOT NULL,
  action     TEXT    NOT NULL,
  store      TEXT    NOT NULL DEFAULT '',
  actor      TEXT    NOT NULL,
  client_ip  TEXT    NOT NULL DEFAULT '',
  outcome    TEXT    NOT NULL,
  detail     TEXT    NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX audit_store ON audit_log(store, id);
)sql";

constexpr const char* kMigration3 = R"sql(
CREATE TABLE api_tokens (
  id           TEXT    PRIMARY KEY,
  name         TEXT    NOT NULL,
  role         TEXT    NOT NULL CHECK (role IN ('admin', 'tenant')),
  secret_hash  TEXT    NOT NULL UNIQUE,
  store_limit  INTEGER NOT NULL DEFAULT 0,
  created_at   INTEGER NOT NULL,
  revoked_at   INTEGER
) STRICT;

CREATE TABLE sessions (
  secret_hash  TEXT    PRIMARY KEY,
  token_id     TEXT    NOT NULL,
  role         TEXT    NOT NULL CHECK (role IN ('admin', 'tenant')),
  created_at   INTEGER NOT NULL,
  expires_at   INTEGER NOT NULL
) STRICT;
CREATE INDEX sessions_token ON sessions(token_id);

CREATE TABLE idempotency_keys (
  actor        TEXT    NOT NULL,
  key          TEXT    NOT NULL,
  request_hash TEXT    NOT NULL,
  status       INTEGER NOT NULL,
  body         TEXT    NOT NULL,
  created_at   INTEGER NOT NULL,
  PRIMARY KEY (actor, key)
) STRICT;
CREATE INDEX stores_owner ON stores(owner, status);
)sql";

// A session remembers a digest of the credential it was opened with, so rotating the admin token ends the
// admin's sessions. Sessions opened before this migration have none and end at once (log in again).
constexpr const char* kMigration4 = R"sql(
ALTER TABLE sessions ADD COLUMN credential_digest TEXT NOT NULL DEFAULT '';
)sql";

// Audit rows point at the store row they were about (a reused name is another store): a tenant's audit log then
// shows its own stores' history, not a former owner's. Existing rows get the newest store of their name.
constexpr const char* kMigration5 = R"sql(
ALTER TABLE audit_log ADD COLUMN store_id INTEGER;
UPDATE audit_log SET store_id = (SELECT max(id) FROM stores WHERE stores.name = audit_log.store) WHERE store <> '';
CREATE INDEX audit_store_id ON audit_log(store_id, id);
)sql";

// (1) A store that was Ready and no longer is, is Degraded: SQLite cannot alter a CHECK, so the table is rebuilt
// (migrate() runs this with foreign keys off, as SQLite's ALTER TABLE procedure requires). The rebuilt table also
// separates desired from observed: generation (requests) and observed_generation (what the provisioner settled).
// (2) Events point at the store row they happened to, so a reused name starts a new history: each existing event
// goes to the newest row of its name created at or before it (orphan reports belong to no store).
constexpr const char* kMigration6 = R"sql(
CREATE TABLE stores_v6 (
  id            INTEGER PRIMARY KEY,
  name          TEXT    NOT NULL,
  engine        TEXT    NOT NULL CHECK (engine IN ('woocommerce', 'medusa')),
  namespace     TEXT    NOT NULL,
  status        TEXT    NOT NULL CHECK (status IN ('Queued','Provisioning','Installing','Ready','Degraded','Failed',
                                                   'Deleting','Deleted')),
  status_reason TEXT    NOT NULL DEFAULT '',
  url           TEXT    NOT NULL,
  owner         TEXT    NOT NULL DEFAULT '',
  observed      TEXT    NOT NULL DEFAULT '{}',
  created_at    INTEGER NOT NULL,
  updated_at    INTEGER NOT NULL,
  ready_at      INTEGER,
  generation          INTEGER NOT NULL DEFAULT 1,  -- bumped by every accepted request (create, retry, delete)
  observed_generation INTEGER NOT NULL DEFAULT 0   -- the generation the provisioner last settled
) STRICT;
INSERT INTO stores_v6 (id, name, engine, namespace, status, status_reason, url, owner, observed, created_at,
                       updated_at, ready_at, generation, observed_generation)
  SELECT id, name, engine, namespace, status, status_reason, url, owner, observed, created_at, updated_at, ready_at,
         1, CASE WHEN status IN ('Ready', 'Failed', 'Deleted') THEN 1 ELSE 0 END
  FROM stores;
DROP TABLE stores;
ALTER TABLE stores_v6 RENAME TO stores;
CREATE UNIQUE INDEX stores_live_name ON stores(name) WHERE status <> 'Deleted';
CREATE INDEX stores_status ON stores(status, id);
CREATE INDEX stores_owner ON stores(owner, status);

ALTER TABLE events ADD COLUMN store_id INTEGER;
UPDATE events SET store_id = coalesce(
    (SELECT max(s.id) FROM stores s WHERE s.name = events.store AND s.created_at <= events.at),
    (SELECT min(s.id) FROM stores s WHERE s.name = events.store))
  WHERE type <> 'store.orphan';
CREATE INDEX events_store_id ON events(store_id, id);
)sql";

// The store list at fleet scale: each sort key has an index ending in id (the cursor's tie-breaker), and status
// sorts by severity (trouble first) through a generated column. The audit log filters by actor, action and time.
constexpr const char* kMigration7 = R"sql(
ALTER TABLE stores ADD COLUMN status_rank INTEGER GENERATED ALWAYS AS (
  CASE status WHEN 'Failed' THEN 0 WHEN 'Degraded' THEN 1 WHEN 'Queued' THEN 2 WHEN 'Provisioning' THEN 3
              WHEN 'Installing' THEN 4 WHEN 'Deleting' THEN 5 WHEN 'Ready' THEN 6 ELSE 7 END) VIRTUAL;
CREATE INDEX stores_by_name ON stores(name, id);
CREATE INDEX stores_by_rank ON stores(status_rank, id);
CREATE INDEX stores_by_engine ON stores(engine, id);
CREATE INDEX stores_by_updated ON stores(updated_at, id);
-- Every filter column in one covering index: a filtered count (the list's total) never reads the table.
CREATE INDEX stores_filter ON stores(status, engine, owner, name);
CREATE INDEX audit_actor ON audit_log(actor, id);
CREATE INDEX audit_action ON audit_log(action, id);
CREATE INDEX audit_at ON audit_log(at, id);
)sql";

// Day-2 operations: a store's spec gains the version it runs and whether it is suspended, and the statuses gain
// Upgrading (a change to an installed store is rolling out) and Suspended. The CHECK changes, so the table is rebuilt
// as in (6), its indexes with it. Existing stores run what the chart pinned before versions existed. The
// provisioner publishes the versions it can deploy (the chart's catalogue) into `catalog`, so the API validates
// against what the running provisioner can actually install.
constexpr const char* kMigration8 = R"sql(
CREATE TABLE stores_v8 (
  id            INTEGER PRIMARY KEY,
  name          TEXT    NOT NULL,
  engine        TEXT    NOT NULL CHECK (engine IN ('woocommerce', 'medusa')),
  namespace     TEXT    NOT NULL,
  status        TEXT    NOT NULL CHECK (status IN ('Queued','Provisioning','Installing','Upgrading','Ready','Suspended',
                                                   'Degraded','Failed','Deleting','Deleted')),
  status_reason TEXT    NOT NULL DEFAULT '',
  url           TEXT    NOT NULL,
  owner         TEXT    NOT NULL DEFAULT '',
  observed      TEXT    NOT NULL DEFAULT '{}',
  created_at    INTEGER NOT NULL,
  updated_at    INTEGER NOT NULL,
  ready_at      INTEGER,
  generation          INTEGER NOT NULL DEFAULT 1,
  observed_generation INTEGER NOT NULL DEFAULT 0,
  version       TEXT    NOT NULL DEFAULT '',              -- catalogue version wanted ('' = the default, resolved at install)
  suspended     INTEGER NOT NULL DEFAULT 0 CHECK (suspended IN (0, 1)),
  deployed_spec TEXT    NOT NULL DEFAULT '',              -- the spec of the last helm upgrade that succeeded
  spec_by       TEXT    NOT NULL DEFAULT '',              -- who asked for the spec it has (an actor, or the provisioner)
  status_rank   INTEGER GENERATED ALWAYS AS (
    CASE status WHEN 'Failed' THEN 0 WHEN 'Degraded' THEN 1 WHEN 'Queued' THEN 2 WHEN 'Provisioning' THEN 3
                WHEN 'Installing' THEN 4 WHEN 'Upgrading' THEN 5 WHEN 'Deleting' THEN 6 WHEN 'Suspended' THEN 7
                WHEN 'Ready' THEN 8 ELSE 9 END) VIRTUAL
) STRICT;
INSERT INTO stores_v8 (id, name, engine, namespace, status, status_reason, url, owner, observed, created_at,
                       updated_at, ready_at, generation, observed_generation, version, deployed_spec)
  SELECT id, name, engine, namespace, status, status_reason, url, owner, observed, created_at, updated_at, ready_at,
         generation, observed_generation, CASE engine WHEN 'woocommerce' THEN '9.8.5' ELSE '2.8.4' END,
         CASE engine WHEN 'woocommerce' THEN '9.8.5' ELSE '2.8.4' END
  FROM stores;
DROP TABLE stores;
ALTER TABLE stores_v8 RENAME TO stores;
CREATE UNIQUE INDEX stores_live_name ON stores(name) WHERE status <> 'Deleted';
CREATE INDEX stores_status ON stores(status, id);
CREATE INDEX stores_owner ON stores(owner, status);
CREATE INDEX stores_by_name ON stores(name, id);
CREATE INDEX stores_by_rank ON stores(status_rank, id);
CREATE INDEX stores_by_engine ON stores(engine, id);
CREATE INDEX stores_by_updated ON stores(updated_at, id);
CREATE INDEX stores_filter ON stores(status, engine, owner, name);

-- Each helm action on a store's release as the provisioner saw it end: the revision helm gave it, the spec it
-- deployed, what it was (install, upgrade, rollback), how it ended, and whose request it carried out.
CREATE TABLE revisions (
  id           INTEGER PRIMARY KEY,
  store_id     INTEGER NOT NULL REFERENCES stores(id),
  revision     INTEGER NOT NULL,
  version      TEXT    NOT NULL,
  suspended    INTEGER NOT NULL CHECK (suspended IN (0, 1)),
  action       TEXT    NOT NULL CHECK (action IN ('install', 'upgrade', 'rollback')),
  outcome      TEXT    NOT NULL CHECK (outcome IN ('deployed', 'failed')),
  requested_by TEXT    NOT NULL DEFAULT '',
  detail       TEXT    NOT NULL DEFAULT '',
  at           INTEGER NOT NULL,
  UNIQUE (store_id, revision)
) STRICT;

-- Fleet rollouts: one engine's stores moved to a version in waves, each wave gated on its stores becoming Ready.
-- What a rollout did to each store is rollout_stores.state; how the store is doing is read from the store row.
CREATE TABLE rollouts (
  id            INTEGER PRIMARY KEY,
  engine        TEXT    NOT NULL CHECK (engine IN ('woocommerce', 'medusa')),
  to_version    TEXT    NOT NULL,
  selector      TEXT    NOT NULL,                  -- the request's selector, JSON
  wave_size     INTEGER NOT NULL CHECK (wave_size > 0),
  max_failures  INTEGER NOT NULL CHECK (max_failures >= 0),
  state         TEXT    NOT NULL CHECK (state IN ('running', 'paused', 'completed', 'aborting', 'aborted')),
  current_wave  INTEGER NOT NULL DEFAULT 0,        -- the newest wave started (0: none yet)
  failures_acknowledged INTEGER NOT NULL DEFAULT 0,  -- failed stores a resume accepted
  reason        TEXT    NOT NULL DEFAULT '',
  created_by    TEXT    NOT NULL,
  created_at    INTEGER NOT NULL,
  updated_at    INTEGER NOT NULL
) STRICT;
CREATE INDEX rollouts_active ON rollouts(state) WHERE state IN ('running', 'aborting');
CREATE TABLE rollout_stores (
  rollout_id    INTEGER NOT NULL REFERENCES rollouts(id),
  store_id      INTEGER NOT NULL REFERENCES stores(id),
  store         TEXT    NOT NULL,
  wave          INTEGER NOT NULL,
  from_version  TEXT    NOT NULL,
  state         TEXT    NOT NULL CHECK (state IN ('pending', 'started', 'reverted', 'kept')),
  started_generation INTEGER NOT NULL DEFAULT 0,   -- the store's generation once the rollout changed it
  reason        TEXT    NOT NULL DEFAULT '',
  PRIMARY KEY (rollout_id, store_id)
) STRICT;
CREATE INDEX rollout_stores_store ON rollout_stores(store_id);

CREATE TABLE catalog (
  id           INTEGER PRIMARY KEY CHECK (id = 1),
  json         TEXT    NOT NULL,
  published_at INTEGER NOT NULL
) STRICT;
)sql";

constexpr std::array<const char*, kSchemaVersion> kMigrations{kMigration1, kMigration2, kMigration3, kMigration4,
                                                              kMigration5, kMigration6, kMigration7, kMigration8};

}  // namespace

int user_version(Conn& c) { return c.execAndGet("PRAGMA user_version").getInt(); }

void migrate(Conn& c, int target) {
  if (target < 0 || target > kSchemaVersion) throw std::invalid_argument("unknown schema version");
  int current = user_version(c);
  if (current > kSchemaVersion)
    throw std::runtime_error("database schema version " + std::to_string(current) +
                             " is newer than this build understands (" + std::to_string(kSchemaVersion) + ")");
  // Rebuilding a referenced table needs foreign keys off (a no-op inside a transaction, so set out here);
  // each step checks them itself before it commits.
  const bool foreign_keys = c.execAndGet("PRAGMA foreign_keys").getInt() != 0;
  if (foreign_keys) c.exec("PRAGMA foreign_keys=OFF");
  struct RestoreForeignKeys {
    Conn& c;
    bool on;
    ~RestoreForeignKeys() {
      if (on) c.exec("PRAGMA foreign_keys=ON");
    }
  } restore{c, foreign_keys};
  while (current < target) {
    SQLite::Transaction tx(c, SQLite::TransactionBehavior::IMMEDIATE);
    // Re-read inside the write lock: another process may have migrated meanwhile.
    current = user_version(c);
    if (current >= target) break;
    c.exec(kMigrations[static_cast<std::size_t>(current)]);
    if (c.execAndGet("SELECT count(*) FROM pragma_foreign_key_check").getInt() != 0)
      throw std::runtime_error("migration " + std::to_string(current + 1) + " broke a foreign key");
    c.exec("PRAGMA user_version = " + std::to_string(current + 1));
    tx.commit();
    ++current;
  }
}

}  // namespace storefleet::db
