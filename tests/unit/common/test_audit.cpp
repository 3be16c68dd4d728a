#include <gtest/gtest.h>

#include "storefleet/db/audit.hpp"
#include "temp_dir.hpp"

using namespace storefleet;
using namespace storefleet::db;

TEST(Audit, NewestFirstWithLimitAndStoreFilter) {
  test::TempDir dir;
  Database db(dir.file("a.db"));
  db.write([](Conn& c) {
    for (int i = 0; i < 6; ++i)
      AuditLog::record(c, {0, 1000 + i, i % 2 ? "store.delete" : "store.create", i < 4 ? "alpha" : "beta", "admin",
                           "127.0.0.1", "accepted", "n=" + std::to_string(i)});
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
