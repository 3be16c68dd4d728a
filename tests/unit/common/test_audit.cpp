#include <gtest/gtest.h>

#include "storefleet/db/audit.hpp"
#include "storefleet/db/stores.hpp"
#include "temp_dir.hpp"

using namespace storefleet;
using namespace storefleet::db;

TEST(Audit, NewestFirstWithLimitAndStoreFilter) {
  test::TempDir dir;
  Database db(dir.file("a.db"));
  db.write([](Conn& c) {
    for (int i = 0; i < 6; ++i)
      AuditLog::record(c, {0, 1000 + i, i % 2 ? "store.delete" : "store.create", i < 4 ? "alpha" : "beta", "admin",
                           "127.0.0.1", "accepted", "n=" + std::to_string(i), {}});
  });
  auto newest = db.read([](Conn& c) { return AuditLog::list(c, 2); });
  ASSERT_EQ(newest.size(), 2u);
  EXPECT_EQ(newest[0].detail, "n=5");
  EXPECT_EQ(newest[1].detail, "n=4");
  auto alpha = db.read([](Conn& c) { return AuditLog::list(c, 100, std::string("alpha")); });
  ASSERT_EQ(alpha.size(), 4u);
  EXPECT_EQ(alpha.front().detail, "n=3");
  EXPECT_EQ(alpha.back().detail, "n=0");
  EXPECT_EQ(alpha.front().action, "store.delete");
  EXPECT_EQ(alpha.front().client_ip, "127.0.0.1");
  EXPECT_EQ(alpha.front().at, 1003);
  EXPECT_TRUE(db.read([](Conn& c) { return AuditLog::list(c, 10, std::string("nobody")); }).empty());
}

TEST(Audit, ATenantSeesItsOwnActionsAndAdminsOnItsStoresNeitherOtherTenantsNorAFormerOwnersHistory) {
  test::TempDir dir;
  Database db(dir.file("a.db"));
  auto row = [&](const std::string& action, const std::string& store, const std::string& actor, const std::string& ip) {
    db.write([&](Conn& c) { AuditLog::record(c, {0, 0, action, store, actor, ip, "accepted", "", {}}); });
  };
  auto seen_by = [&](const std::string& tenant) {
    std::vector<std::string> out;
    for (const auto& e : db.read([&](Conn& c) { return AuditLog::list(c, 100, std::nullopt, tenant); }))
      out.push_back(e.action + " " + e.store + " " + e.actor);
    return out;
  };
  // Tenant A creates and deletes secret-plans; then tenant B creates secret-plans (the name is free again).
  const auto a_store = db.write([](Conn& c) { return StoreRepo::insert(c, {"secret-plans", Engine::medusa, "u", "tok_a"}, 1); });
  row("store.create", "secret-plans", "tok_a", "10.0.0.1");
  row("store.delete", "secret-plans", "admin", "10.0.0.9");  // an admin deleted A's store
  db.write([&](Conn& c) { StoreRepo::set_status(c, a_store.id, StoreStatus::deleted, "", 2); });
  db.write([](Conn& c) { StoreRepo::insert(c, {"secret-plans", Engine::medusa, "u", "tok_b"}, 3); });
  row("store.create", "secret-plans", "tok_b", "10.0.0.2");
  row("store.retry", "secret-plans", "tok_c", "10.0.0.3");  // tenant C probes the name (refused in reality)

  EXPECT_EQ(seen_by("tok_b"), (std::vector<std::string>{"store.create secret-plans tok_b"}));
  EXPECT_EQ(seen_by("tok_a"), (std::vector<std::string>{"store.delete secret-plans admin", "store.create secret-plans tok_a"}));
  EXPECT_EQ(seen_by("tok_c"), (std::vector<std::string>{"store.retry secret-plans tok_c"}));
  EXPECT_EQ(db.read([](Conn& c) { return AuditLog::list(c, 100); }).size(), 4u);  // an admin sees everything
}
