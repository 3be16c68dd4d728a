// GET /api/stores as operators query it and GET /api/audit-logs with filters: the query string's every parameter,
// the 400s that list the valid values, warnings on rows, owner names, and the audit cursor.
#include "api_fixture.hpp"

#include "storefleet/core/util.hpp"
#include "storefleet/db/stores.hpp"
#include "storefleet/db/tokens.hpp"

namespace storefleet::test {
namespace {

using StoreListApi = ApiFixture;

std::vector<std::string> names_of(const boost::json::value& v) {
  std::vector<std::string> out;
  for (const auto& s : v.at("stores").as_array()) out.emplace_back(s.at("store_name").as_string());
  return out;
}

void set_status(db::Database& d, const std::string& name, StoreStatus st, const std::string& observed = "") {
  d.write([&](db::Conn& c) {
    auto s = db::StoreRepo::find_live(c, name);
    ASSERT_TRUE(s);
    db::StoreRepo::set_status(c, s->id, st, "", now_ms());
    if (!observed.empty()) db::StoreRepo::set_observed(c, s->id, observed, now_ms());
  });
}

TEST_F(StoreListApi, FiltersSearchSortAndTotal) {
  for (auto n : {"north-shop", "south-shop", "east-store", "west-shop"}) ASSERT_EQ(create(n).status, 202);
  ASSERT_EQ(create("medusa-one", "medusa").status, 202);
  set_status(db, "south-shop", StoreStatus::failed);
  set_status(db, "east-store", StoreStatus::ready);

  auto v = json(call("GET", "/api/stores?q=SHOP&sort=name&order=desc&limit=2"));
  EXPECT_EQ(names_of(v), (std::vector<std::string>{"west-shop", "south-shop"}));
  EXPECT_EQ(v.at("total").as_int64(), 3);
  ASSERT_TRUE(v.at("next_cursor").is_string());
  auto next = json(call("GET", "/api/stores?q=shop&sort=name&order=desc&limit=2&cursor=" +
                                   std::string(v.at("next_cursor").as_string())));
  EXPECT_EQ(names_of(next), (std::vector<std::string>{"north-shop"}));
  EXPECT_TRUE(next.at("next_cursor").is_null());

  EXPECT_EQ(names_of(json(call("GET", "/api/stores?status=failed,READY&sort=status"))),
            (std::vector<std::string>{"south-shop", "east-store"}));
  EXPECT_EQ(names_of(json(call("GET", "/api/stores?engine=medusa"))), (std::vector<std::string>{"medusa-one"}));
}

TEST_F(StoreListApi, BadParametersAre400NamingTheValidValues) {
  struct Case {
    const char* query;
    const char* field;
    const char* mentions;
  };
  for (const auto& c : {Case{"status=ready,sleeping", "status", "Queued, Provisioning, Installing, Upgrading, Ready, Suspended"},
                        Case{"engine=magento", "engine", "woocommerce or medusa"},
                        Case{"sort=age", "sort", "created, name, status, engine, updated"},
                        Case{"order=up", "order", "asc or desc"},
                        Case{"limit=1001", "limit", "1 to 1000"},
                        Case{"cursor=zzzz", "cursor", "not a cursor"}}) {
    auto r = call("GET", std::string("/api/stores?") + c.query);
    ASSERT_EQ(r.status, 400) << c.query;
    const auto detail = json(r).at("error").at("details").at(0);
    EXPECT_EQ(detail.at("field").as_string(), c.field) << c.query;
    EXPECT_NE(std::string(detail.at("message").as_string()).find(c.mentions), std::string::npos)
        << c.query << " → " << r.body;
  }
  EXPECT_EQ(call("GET", "/api/stores?q=" + std::string(64, 'a')).status, 400);
}

TEST_F(StoreListApi, ACursorIsBoundToItsSortAndOrder) {
  for (auto n : {"aa-shop", "bb-shop", "cc-shop"}) ASSERT_EQ(create(n).status, 202);
  auto v = json(call("GET", "/api/stores?sort=name&limit=1"));
  const std::string cursor(v.at("next_cursor").as_string());
  EXPECT_EQ(names_of(json(call("GET", "/api/stores?sort=name&limit=1&cursor=" + cursor))),
            (std::vector<std::string>{"bb-shop"}));
  for (auto other : {"sort=name&order=desc", "sort=created", "sort=status"}) {
    auto r = call("GET", std::string("/api/stores?") + other + "&cursor=" + cursor);
    EXPECT_EQ(r.status, 400) << other;
    EXPECT_NE(r.body.find("another sort or order"), std::string::npos) << r.body;
  }
}

TEST_F(StoreListApi, RowsCarryOwnerNameAndWarningsObservedBeforeFailure) {
  auto token = db.write([](db::Conn& c) { return db::TokenRepo::issue(c, "acme", db::Role::tenant, 0, 1); }).token;
  ctx = tenant_ctx(token.id);
  ASSERT_EQ(create("acme-shop").status, 202);
  ctx = admin_ctx();
  set_status(db, "acme-shop", StoreStatus::installing,
             R"({"pods":[{"name":"acme-shop-wordpress-1","ready":false,"reason":"ImagePullBackOff",)"
             R"("message":"Back-off pulling image \"wordpress:nope\""},{"name":"acme-shop-mariadb-0","ready":true,)"
             R"("reason":""}],"jobs":[{"name":"acme-shop-setup-r1","state":"failed","message":"BackoffLimitExceeded"}]})");
  auto row = json(call("GET", "/api/stores?owner=acme")).at("stores").at(0);
  EXPECT_EQ(row.at("owner").as_string(), token.id);
  EXPECT_EQ(row.at("owner_name").as_string(), "acme");
  const auto& warnings = row.at("warnings").as_array();
  ASSERT_EQ(warnings.size(), 2u);  // the ready pod is no warning
  EXPECT_EQ(warnings[0].at("reason").as_string(), "ImagePullBackOff");
  EXPECT_EQ(warnings[0].at("name").as_string(), "acme-shop-wordpress-1");
  EXPECT_EQ(warnings[1].at("kind").as_string(), "Job");
  EXPECT_EQ(json(call("GET", "/api/stores/acme-shop")).at("warnings").as_array().size(), 2u);
  EXPECT_EQ(json(call("GET", "/api/stores/acme-shop/status")).at("warnings").as_array().size(), 2u);

  set_status(db, "acme-shop", StoreStatus::deleting);  // a store on its way out has nothing to act on
  EXPECT_TRUE(json(call("GET", "/api/stores/acme-shop")).at("warnings").as_array().empty());
}

TEST_F(StoreListApi, AuditLogFiltersPagesAndNamesTheActor) {
  auto token = db.write([](db::Conn& c) { return db::TokenRepo::issue(c, "ci-bot", db::Role::admin, 0, 1); }).token;
  ctx = tenant_ctx(token.id);
  ctx.owner_filter.reset();  // an admin token: sees everything
  for (auto n : {"log-one", "log-two", "log-three"}) ASSERT_EQ(create(n).status, 202);
  ctx = admin_ctx();
  ASSERT_EQ(call("DELETE", "/api/stores/log-two").status, 202);

  auto by_bot = json(call("GET", "/api/audit-logs?actor=ci-bot"));
  ASSERT_EQ(by_bot.at("logs").as_array().size(), 3u);
  EXPECT_EQ(by_bot.at("logs").at(0).at("actor_name").as_string(), "ci-bot");
  EXPECT_EQ(by_bot.at("logs").at(0).at("actor").as_string(), token.id);

  auto deletes = json(call("GET", "/api/audit-logs?action=store.delete"));
  ASSERT_EQ(deletes.at("logs").as_array().size(), 1u);
  EXPECT_EQ(deletes.at("logs").at(0).at("store").as_string(), "log-two");
  EXPECT_EQ(json(call("GET", "/api/audit-logs?q=THREE")).at("logs").as_array().size(), 1u);
  EXPECT_TRUE(json(call("GET", "/api/audit-logs?until=2001-01-01")).at("logs").as_array().empty());
  EXPECT_EQ(json(call("GET", "/api/audit-logs?since=2001-01-01T00:00:00Z")).at("logs").as_array().size(), 4u);

  std::vector<std::int64_t> ids;
  std::string cursor;
  for (int page = 0; page < 10; ++page) {
    auto v = json(call("GET", "/api/audit-logs?limit=3" + (cursor.empty() ? "" : "&cursor=" + cursor)));
    for (const auto& l : v.at("logs").as_array()) ids.push_back(l.at("id").as_int64());
    if (v.at("next_cursor").is_null()) break;
    cursor = std::string(v.at("next_cursor").as_string());
  }
  ASSERT_EQ(ids.size(), 4u);
  EXPECT_TRUE(std::is_sorted(ids.rbegin(), ids.rend()));  // newest first, none twice
  for (auto bad : {"since=yesterday", "until=2026-13-01", "cursor=zz"})
    EXPECT_EQ(call("GET", std::string("/api/audit-logs?") + bad).status, 400) << bad;
}

}  // namespace
}  // namespace storefleet::test
