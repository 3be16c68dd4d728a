// The store list as operators query it: filters, search, every sort in both orders, and keyset paging that
// neither repeats nor skips a row while stores are being created between pages.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "storefleet/db/store_listing.hpp"
#include "storefleet/db/stores.hpp"
#include "storefleet/db/tokens.hpp"
#include "temp_dir.hpp"

using namespace storefleet;
using namespace storefleet::db;

namespace {

class Listing : public ::testing::Test {
 protected:
  test::TempDir dir;
  Database db{dir.file("l.db")};
  std::int64_t clock = 1000;

  Store add(const std::string& name, Engine engine = Engine::woocommerce, StoreStatus status = StoreStatus::queued,
            const std::string& owner = "") {
    return db.write([&](Conn& c) {
      auto s = StoreRepo::insert(c, {name, engine, store_url(name, "local"), owner}, ++clock);
      if (status != StoreStatus::queued) StoreRepo::set_status(c, s.id, status, "", ++clock);
      return *StoreRepo::find_by_id(c, s.id);
    });
  }
  StorePage page(const StoreQuery& q) { return db.read([&](Conn& c) { return StoreListing::query(c, q); }); }
  static std::vector<std::string> names(const StorePage& p) {
    std::vector<std::string> out;
    for (const auto& r : p.rows) out.push_back(r.store.name);
    return out;
  }
  // Every page of a query, following the cursor.
  std::vector<std::string> all_pages(StoreQuery q, const std::function<void()>& between_pages = {}) {
    std::vector<std::string> out;
    for (;;) {
      auto p = page(q);
      for (auto& n : names(p)) out.push_back(n);
      if (!p.next) return out;
      q.after = p.next;
      if (between_pages) between_pages();
    }
  }
};

TEST_F(Listing, FiltersCombineAndTotalCountsEveryPage) {
  add("alpha-shop", Engine::woocommerce, StoreStatus::ready);
  add("beta-shop", Engine::medusa, StoreStatus::failed);
  add("gamma-store", Engine::medusa, StoreStatus::ready);
  add("delta-shop", Engine::woocommerce, StoreStatus::deleted);

  StoreQuery q;
  q.limit = 2;
  auto p = page(q);
  EXPECT_EQ(p.total, 3);  // Deleted is hidden unless asked for
  EXPECT_EQ(names(p), (std::vector<std::string>{"alpha-shop", "beta-shop"}));
  EXPECT_TRUE(p.next);

  q = {};
  q.engine = Engine::medusa;
  EXPECT_EQ(names(page(q)), (std::vector<std::string>{"beta-shop", "gamma-store"}));
  q.statuses = {StoreStatus::ready};
  EXPECT_EQ(names(page(q)), (std::vector<std::string>{"gamma-store"}));

  q = {};
  q.statuses = {StoreStatus::failed, StoreStatus::deleted};
  EXPECT_EQ(names(page(q)), (std::vector<std::string>{"beta-shop", "delta-shop"}));

  q = {};
  q.name_contains = "shop";
  auto found = page(q);
  EXPECT_EQ(names(found), (std::vector<std::string>{"alpha-shop", "beta-shop"}));
  EXPECT_EQ(found.total, 2);
  q.name_contains = "%";  // no wildcard: a literal substring
  EXPECT_TRUE(page(q).rows.empty());
}

TEST_F(Listing, OwnerByIdOrNameAndTheTenantRestriction) {
  auto token = db.write([](Conn& c) { return TokenRepo::issue(c, "acme", Role::tenant, 0, 1); }).token;
  add("acme-one", Engine::woocommerce, StoreStatus::ready, token.id);
  add("admin-one");
  StoreQuery q;
  q.owner = token.id;
  auto by_id = page(q);
  ASSERT_EQ(names(by_id), (std::vector<std::string>{"acme-one"}));
  EXPECT_EQ(by_id.rows[0].owner_name, "acme");
  q.owner = "acme";
  EXPECT_EQ(names(page(q)), (std::vector<std::string>{"acme-one"}));

  q = {};
  q.tenant = token.id;
  EXPECT_EQ(names(page(q)), (std::vector<std::string>{"acme-one"}));
  q.owner = "someone-else";  // a tenant asking for another owner sees nothing, not the other's stores
  EXPECT_TRUE(page(q).rows.empty());
}

TEST_F(Listing, EverySortInBothOrdersWithTiesBrokenById) {
  add("m-shop", Engine::medusa, StoreStatus::ready);
  add("a-shop", Engine::woocommerce, StoreStatus::failed);
  add("z-shop", Engine::medusa, StoreStatus::installing);
  add("b-shop", Engine::woocommerce, StoreStatus::ready);
  db.write([&](Conn& c) {  // touch m-shop last
    StoreRepo::set_observed(c, StoreRepo::find_live(c, "m-shop")->id, "{}", 99999);
  });
  StoreQuery q;
  q.sort = StoreSort::name;
  EXPECT_EQ(names(page(q)), (std::vector<std::string>{"a-shop", "b-shop", "m-shop", "z-shop"}));
  q.descending = true;
  EXPECT_EQ(names(page(q)), (std::vector<std::string>{"z-shop", "m-shop", "b-shop", "a-shop"}));
  q = {};
  q.sort = StoreSort::status;  // by severity: Failed, then in progress, then Ready (ties: oldest first)
  EXPECT_EQ(names(page(q)), (std::vector<std::string>{"a-shop", "z-shop", "m-shop", "b-shop"}));
  q = {};
  q.sort = StoreSort::engine;
  EXPECT_EQ(names(page(q)), (std::vector<std::string>{"m-shop", "z-shop", "a-shop", "b-shop"}));
  q = {};
  q.sort = StoreSort::updated;
  q.descending = true;
  EXPECT_EQ(names(page(q)).front(), "m-shop");
  q = {};
  q.descending = true;  // created, newest first
  EXPECT_EQ(names(page(q)), (std::vector<std::string>{"b-shop", "z-shop", "a-shop", "m-shop"}));
}

TEST_F(Listing, PagingNeitherRepeatsNorSkipsWhileStoresAreCreated) {
  std::set<std::string> before;
  for (int i = 0; i < 40; ++i) {
    const auto name = "shop-" + std::to_string((i * 37) % 100);  // names not in creation order
    add(name, i % 3 ? Engine::woocommerce : Engine::medusa, i % 4 ? StoreStatus::ready : StoreStatus::failed);
    before.insert(name);
  }
  int created = 0;
  for (StoreSort sort : {StoreSort::created, StoreSort::name, StoreSort::status, StoreSort::engine}) {
    for (bool descending : {false, true}) {
      StoreQuery q;
      q.sort = sort;
      q.descending = descending;
      q.limit = 7;
      auto seen = all_pages(q, [&] { add("new-" + std::to_string(created++)); });
      std::set<std::string> unique(seen.begin(), seen.end());
      EXPECT_EQ(unique.size(), seen.size()) << "a row repeated, sort " << to_string(sort);
      for (const auto& n : before) EXPECT_TRUE(unique.count(n)) << n << " skipped, sort " << to_string(sort);
      // And the order held across page boundaries.
      auto whole = page([&] { auto w = q; w.limit = 1000; return w; }());
      std::vector<std::string> expected;
      for (const auto& n : names(whole))
        if (unique.count(n)) expected.push_back(n);
      EXPECT_EQ(seen, expected) << "sort " << to_string(sort) << (descending ? " desc" : " asc");
    }
  }
}

TEST_F(Listing, SortNamesRoundTrip) {
  for (auto name : store_sort_names()) {
    auto s = parse_store_sort(name);
    ASSERT_TRUE(s) << name;
    EXPECT_EQ(to_string(*s), name);
  }
  EXPECT_FALSE(parse_store_sort("age"));
}

}  // namespace
