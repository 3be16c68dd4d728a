#include <gtest/gtest.h>

#include "storefleet/core/errors.hpp"
#include "storefleet/db/stores.hpp"
#include "temp_dir.hpp"

using namespace storefleet;
using namespace storefleet::db;

namespace {

class Stores : public ::testing::Test {
 protected:
  test::TempDir dir;
  Database db{dir.file("s.db")};
  Store add(const std::string& name, const std::string& owner = "") {
    return db.write([&](Conn& c) {
      return StoreRepo::insert(c, {name, Engine::woocommerce, store_url(name, "local"), owner}, 1000);
    });
  }
};

TEST_F(Stores, InsertStartsQueuedWithNamespaceAndUrl) {
  auto s = add("my-shop");
  EXPECT_GT(s.id, 0);
  EXPECT_EQ(s.status, StoreStatus::queued);
  EXPECT_EQ(s.ns, "store-my-shop");
  EXPECT_EQ(s.url, "http://my-shop.local");
  EXPECT_EQ(s.created_at, 1000);
  EXPECT_FALSE(s.ready_at);
}

TEST_F(Stores, DuplicateLiveNameIsAConflictAndChangesNothing) {
  add("dup-shop");
  try {
    add("dup-shop");
    FAIL() << "expected conflict";
  } catch (const DomainError& e) {
    EXPECT_EQ(e.code(), Errc::conflict);
  }
  auto all = db.read([](Conn& c) { return StoreRepo::list(c, {}); });
  EXPECT_EQ(all.size(), 1u);
}

TEST_F(Stores, NameIsFreeAgainOnceDeleted) {
  auto first = add("reuse-me");
  db.write([&](Conn& c) { StoreRepo::set_status(c, first.id, StoreStatus::deleted, "", 2000); });
  auto second = add("reuse-me");
  EXPECT_NE(first.id, second.id);
  auto live = db.read([](Conn& c) { return StoreRepo::find_live(c, "reuse-me"); });
  ASSERT_TRUE(live);
  EXPECT_EQ(live->id, second.id);
}

TEST_F(Stores, ReadyAtIsSetOnceWhenReady) {
  auto s = add("ready-shop");
  db.write([&](Conn& c) {
    EXPECT_TRUE(StoreRepo::set_status(c, s.id, StoreStatus::ready, "all pods ready", 5000));
    EXPECT_TRUE(StoreRepo::set_status(c, s.id, StoreStatus::ready, "still ready", 6000));
    EXPECT_FALSE(StoreRepo::set_status(c, 999999, StoreStatus::ready, "", 6000));
  });
  auto got = db.read([&](Conn& c) { return StoreRepo::find_by_id(c, s.id); });
  ASSERT_TRUE(got);
  EXPECT_EQ(got->ready_at, 5000);
  EXPECT_EQ(got->updated_at, 6000);
  EXPECT_EQ(got->status_reason, "still ready");
}

TEST_F(Stores, ListFiltersAndPaginatesByCursor) {
  for (int i = 0; i < 5; ++i) add("shop-" + std::to_string(i), i % 2 ? "tenant-a" : "tenant-b");
  auto s2 = db.read([](Conn& c) { return StoreRepo::find_live(c, "shop-2"); });
  db.write([&](Conn& c) { StoreRepo::set_status(c, s2->id, StoreStatus::failed, "boom", 2000); });

  auto filter = [](auto&& set) {
    StoreFilter f;
    set(f);
    return f;
  };
  auto page1 = db.read([&](Conn& c) { return StoreRepo::list(c, filter([](StoreFilter& f) { f.limit = 2; })); });
  ASSERT_EQ(page1.size(), 2u);
  auto page2 = db.read([&](Conn& c) {
    return StoreRepo::list(c, filter([&](StoreFilter& f) {
                             f.after_id = page1.back().id;
                             f.limit = 2;
                           }));
  });
  ASSERT_EQ(page2.size(), 2u);
  EXPECT_GT(page2.front().id, page1.back().id);
  auto failed =
      db.read([&](Conn& c) { return StoreRepo::list(c, filter([](StoreFilter& f) { f.status = StoreStatus::failed; })); });
  ASSERT_EQ(failed.size(), 1u);
  EXPECT_EQ(failed[0].name, "shop-2");
  auto tenant =
      db.read([&](Conn& c) { return StoreRepo::list(c, filter([](StoreFilter& f) { f.owner = "tenant-a"; })); });
  EXPECT_EQ(tenant.size(), 2u);
  EXPECT_EQ(db.read([](Conn& c) { return StoreRepo::count_live_for_owner(c, "tenant-b"); }), 3);
}

TEST_F(Stores, CountsByStatus) {
  auto a = add("count-a");
  add("count-b");
  auto c3 = add("count-c");
  db.write([&](Conn& c) {
    StoreRepo::set_status(c, a.id, StoreStatus::ready, "", 2);
    StoreRepo::set_status(c, c3.id, StoreStatus::deleted, "", 2);
  });
  auto counts = db.read([](Conn& c) { return StoreRepo::counts(c); });
  EXPECT_EQ(counts.total, 2);  // deleted stores are history, not inventory
  EXPECT_EQ(counts.ready, 1);
  EXPECT_EQ(counts.provisioning, 1);
  EXPECT_EQ(counts.failed, 0);
}

TEST_F(Stores, ObservedJsonIsStored) {
  auto s = add("obs-shop");
  db.write([&](Conn& c) { StoreRepo::set_observed(c, s.id, R"({"pods":[]})", 3); });
  EXPECT_EQ(db.read([&](Conn& c) { return StoreRepo::find_by_id(c, s.id); })->observed_json, R"({"pods":[]})");
}

}  // namespace
