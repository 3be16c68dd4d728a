#include <gtest/gtest.h>

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
