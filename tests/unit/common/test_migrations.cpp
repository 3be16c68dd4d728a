#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <limits>
#include <stdexcept>
#include <thread>
#include <vector>

#include "storefleet/db/database.hpp"
#include "storefleet/db/events.hpp"
#include "storefleet/db/stores.hpp"
#include "temp_dir.hpp"

using namespace storefleet;
using namespace storefleet::db;

namespace {

bool table_exists(Conn& c, const std::string& name) {
  SQLite::Statement q(c, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?");
  q.bind(1, name);
  return q.executeStep();
}

TEST(Migrations, FromEmptyToNewest) {
  test::TempDir dir;
  Database db(dir.file("s.db"));
  EXPECT_EQ(db.schema_version(), kSchemaVersion);
  db.read([](Conn& c) {
    for (auto t : {"stores", "jobs", "events", "audit_log", "api_tokens", "sessions", "idempotency_keys"}) EXPECT_TRUE(table_exists(c, t)) << t;
    EXPECT_EQ(c.execAndGet("PRAGMA journal_mode").getString(), "wal");
    EXPECT_EQ(c.execAndGet("PRAGMA foreign_keys").getInt(), 1);
  });
}

TEST(Migrations, FromEachOlderVersionKeepingData) {
  for (int start = 0; start < kSchemaVersion; ++start) {
    test::TempDir dir;
    auto file = dir.file("s.db");
    {
      SQLite::Database c(file.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
      migrate(c, start);
      EXPECT_EQ(user_version(c), start);
      if (start >= 1)
        c.exec("INSERT INTO stores (name, engine, namespace, status, url, created_at, updated_at) "
               "VALUES ('old-shop', 'medusa', 'store-old-shop', 'Ready', 'http://old-shop.local', 1, 2)");
    }
    Database db(file);
    EXPECT_EQ(db.schema_version(), kSchemaVersion) << "from " << start;
    db.read([&](Conn& c) {
      EXPECT_TRUE(table_exists(c, "events"));
      EXPECT_TRUE(table_exists(c, "api_tokens"));
      auto s = StoreRepo::find_live(c, "old-shop");
      EXPECT_EQ(s.has_value(), start >= 1);
      if (s) {
        EXPECT_EQ(s->engine, Engine::medusa);
      }
    });
  }
}

// Version 6 rebuilds the stores table (Degraded) under the jobs' foreign key, and gives each existing event the
// store row of its name that existed when it happened.
TEST(Migrations, Version6KeepsJobsAndAttributesEventsToTheirStoreRow) {
  test::TempDir dir;
  auto file = dir.file("s.db");
  {
    SQLite::Database c(file.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    c.exec("PRAGMA foreign_keys=ON");
    migrate(c, 5);
    c.exec("INSERT INTO stores (id, name, engine, namespace, status, url, owner, created_at, updated_at) VALUES "
           "(1, 'plans', 'medusa', 'store-plans', 'Deleted', 'u', 'tok_a', 100, 300),"
           "(2, 'plans', 'medusa', 'store-plans', 'Ready', 'u', 'tok_b', 400, 500)");
    c.exec("INSERT INTO jobs (store_id, kind, state, max_attempts, not_before, created_at, updated_at) "
           "VALUES (2, 'create', 'done', 5, 0, 400, 500)");
    c.exec("INSERT INTO events (type, store, at) VALUES ('store.status', 'plans', 150), ('store.step', 'plans', 450),"
           "('store.orphan', 'plans', 460), ('store.status', 'plans', 50)");
  }
  Database db(file);
  db.write([](Conn& c) {
    EXPECT_EQ(c.execAndGet("PRAGMA foreign_keys").getInt(), 1);
    EXPECT_EQ(c.execAndGet("SELECT count(*) FROM jobs WHERE store_id = 2").getInt(), 1);
    SQLite::Statement q(c, "SELECT at, coalesce(store_id, 0) FROM events ORDER BY at");
    std::vector<std::pair<int, int>> got;
    while (q.executeStep()) got.emplace_back(q.getColumn(0).getInt(), q.getColumn(1).getInt());
    // 50: before any row of the name → its first row; 460: an orphan report belongs to no store.
    EXPECT_EQ(got, (std::vector<std::pair<int, int>>{{50, 1}, {150, 1}, {450, 2}, {460, 0}}));
    EXPECT_EQ(StoreRepo::find_by_id(c, 2)->generation, 1);
    EXPECT_EQ(StoreRepo::find_by_id(c, 2)->observed_generation, 1) << "a Ready store was settled";
    EXPECT_TRUE(StoreRepo::set_status(c, 2, StoreStatus::degraded, "pod gone", 600));
    EXPECT_EQ(StoreRepo::find_by_id(c, 2)->status, StoreStatus::degraded);
    EXPECT_THROW(c.exec("INSERT INTO jobs (store_id, kind, state, max_attempts, not_before, created_at, updated_at) "
                        "VALUES (99, 'create', 'done', 5, 0, 1, 1)"),
                 SQLite::Exception);  // the foreign key still holds
  });
}

// Version 8 rebuilds the stores table again (Upgrading, Suspended): existing stores run what the chart pinned before
// versions existed, their jobs keep pointing at them, and the list's severity order places the new statuses.
TEST(Migrations, Version8GivesExistingStoresTheirPinnedVersionAndAcceptsTheNewStatuses) {
  test::TempDir dir;
  auto file = dir.file("s.db");
  {
    SQLite::Database c(file.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    c.exec("PRAGMA foreign_keys=ON");
    migrate(c, 7);
    c.exec("INSERT INTO stores (id, name, engine, namespace, status, url, created_at, updated_at, generation) VALUES "
           "(1, 'woo', 'woocommerce', 'store-woo', 'Ready', 'u', 1, 2, 3), "
           "(2, 'med', 'medusa', 'store-med', 'Degraded', 'u', 1, 2, 1)");
    c.exec("INSERT INTO jobs (store_id, kind, state, max_attempts, not_before, created_at, updated_at) "
           "VALUES (1, 'create', 'done', 5, 0, 1, 2)");
  }
  Database db(file);
  db.write([](Conn& c) {
    const auto woo = StoreRepo::find_by_id(c, 1);
    ASSERT_TRUE(woo);
    EXPECT_EQ(woo->version, "9.8.5");
    EXPECT_EQ(woo->deployed_spec, "9.8.5");
    EXPECT_EQ(woo->generation, 3);
    EXPECT_FALSE(woo->suspended);
    EXPECT_EQ(StoreRepo::find_by_id(c, 2)->version, "2.8.4");
    EXPECT_EQ(c.execAndGet("SELECT count(*) FROM jobs WHERE store_id = 1").getInt(), 1);
    EXPECT_TRUE(StoreRepo::set_status(c, 1, StoreStatus::suspended, "scaled to 0", 5));
    EXPECT_TRUE(StoreRepo::set_status(c, 2, StoreStatus::upgrading, "upgrade", 5));
    EXPECT_EQ(c.execAndGet("SELECT group_concat(name) FROM (SELECT name FROM stores ORDER BY status_rank)").getString(),
              "med,woo") << "Upgrading sorts before Suspended";
    EXPECT_TRUE(table_exists(c, "catalog"));
  });
}

TEST(Migrations, ReopeningIsANoOp) {
  test::TempDir dir;
  { Database db(dir.file("s.db")); }
  Database again(dir.file("s.db"));
  EXPECT_EQ(again.schema_version(), kSchemaVersion);
}

TEST(Migrations, NewerFileIsRefused) {
  test::TempDir dir;
  {
    SQLite::Database c(dir.file("s.db").string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    c.exec("PRAGMA user_version = 99");
  }
  EXPECT_THROW(Database(dir.file("s.db")), std::runtime_error);
}

TEST(Migrations, StrictTablesRejectWrongTypes) {
  test::TempDir dir;
  Database db(dir.file("s.db"));
  db.read([](Conn& c) {
    EXPECT_THROW(c.exec("INSERT INTO stores (name, engine, namespace, status, url, created_at, updated_at) "
                        "VALUES ('x', 'woocommerce', 'store-x', 'Queued', 'u', 'not-a-number', 1)"),
                 SQLite::Exception);
    EXPECT_THROW(c.exec("INSERT INTO stores (name, engine, namespace, status, url, created_at, updated_at) "
                        "VALUES ('x', 'shopify', 'store-x', 'Queued', 'u', 1, 1)"),
                 SQLite::Exception);
  });
}

}  // namespace

// WAL checkpoints leave the writers' COMMITs: a background thread copies the WAL back instead.
TEST(Database, CheckpointsRunInTheBackgroundNotInWrites) {
  test::TempDir dir;
  Database db(dir.file("c.db"));
  db.checkpoint_in_background(std::chrono::milliseconds(50));
  EXPECT_EQ(db.write([](Conn& c) { return c.execAndGet("PRAGMA wal_autocheckpoint").getInt(); }), 0);
  for (int i = 0; i < 300; ++i)
    db.write([&](Conn& c) { c.exec("INSERT INTO audit_log(at, action, actor, outcome) VALUES (1, 'x', 'y', 'z')"); });
  const auto before = db.background_checkpoints();
  for (int i = 0; i < 60 && db.background_checkpoints() < before + 2; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_GE(db.background_checkpoints(), before + 2) << "the background thread checkpoints by itself";
  EXPECT_EQ(db.frames_left_by_last_checkpoint(), 0) << "and copied every WAL frame back";
  EXPECT_EQ(db.read([](Conn& c) { return c.execAndGet("SELECT count(*) FROM audit_log").getInt(); }), 300);
}

// With writes and reads never pausing, a PASSIVE checkpoint never reaches the WAL's end, and the WAL would grow for
// as long as the load lasts. The background thread restarts it once it passes the limit, so it stays bounded.
namespace {
// The largest size the WAL reached while one thread wrote ~1 page rows and two read, for `duration`.
std::uintmax_t largest_wal_under_load(const std::filesystem::path& file, int restart_after_frames,
                                      std::chrono::milliseconds duration) {
  Database db(file);
  db.checkpoint_in_background(std::chrono::milliseconds(10), restart_after_frames);
  std::atomic<bool> stop{false};
  std::vector<std::thread> readers;
  for (int r = 0; r < 2; ++r)
    readers.emplace_back([&] {
      while (!stop) db.read([](Conn& c) { return c.execAndGet("SELECT count(*) FROM audit_log").getInt(); });
    });
  const std::string detail(3000, 'x');
  std::uintmax_t largest = 0;
  for (const auto until = std::chrono::steady_clock::now() + duration; std::chrono::steady_clock::now() < until;) {
    db.write([&](Conn& c) {
      SQLite::Statement q(c, "INSERT INTO audit_log(at, action, actor, outcome, detail) VALUES (1, 'x', 'y', 'z', ?)");
      q.bind(1, detail);
      q.exec();
    });
    std::error_code ec;
    largest = std::max(largest, std::filesystem::file_size(file.string() + "-wal", ec));
  }
  stop = true;
  for (auto& t : readers) t.join();
  return largest;
}
}  // namespace

TEST(Database, BackgroundCheckpointsKeepTheWalBoundedUnderSteadyLoad) {
  test::TempDir dir;
  const auto never = largest_wal_under_load(dir.file("never.db"), std::numeric_limits<int>::max(),
                                            std::chrono::milliseconds(1000));
  const auto bounded = largest_wal_under_load(dir.file("bounded.db"), 256, std::chrono::milliseconds(1000));
  // 256 frames are 1 MiB; what the writer adds while a pass runs comes on top (a few MiB at this write rate).
  ASSERT_GT(never, 24u << 20) << "without restarts the WAL grows with the load (else this test shows nothing)";
  EXPECT_LT(bounded * 4, never) << "with restarts it stays near the limit: " << bounded << " bytes against " << never;
}

// Every write() that begins a transaction is counted, committed or rolled back; reads and opening are not.
TEST(Database, CountsWriteTransactions) {
  test::TempDir dir;
  Database db(dir.file("w.db"));
  EXPECT_EQ(db.write_transactions(), 0u) << "opening and migrating is not a write()";
  for (int i = 0; i < 3; ++i)
    db.write([&](Conn& c) { c.exec("INSERT INTO audit_log(at, action, actor, outcome) VALUES (1, 'x', 'y', 'z')"); });
  EXPECT_EQ(db.write([](Conn& c) { return c.execAndGet("SELECT count(*) FROM audit_log").getInt(); }), 3);
  EXPECT_EQ(db.write_transactions(), 4u);
  EXPECT_THROW(db.write([](Conn&) { throw std::runtime_error("rolled back"); }), std::runtime_error);
  EXPECT_EQ(db.write_transactions(), 5u) << "a rolled-back transaction was still begun";
  db.read([](Conn& c) { c.execAndGet("SELECT count(*) FROM audit_log"); });
  EXPECT_EQ(db.write_transactions(), 5u) << "reads are not counted";
}
