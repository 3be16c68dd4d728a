// /api/metrics, /api/audit-logs, /api/health, /api/ready.
#include "api_fixture.hpp"

#include "storefleet/core/util.hpp"
#include "storefleet/db/events.hpp"
#include "storefleet/db/stores.hpp"

namespace storefleet::test {
namespace {

using InfoApiTest = ApiFixture;

TEST_F(InfoApiTest, MetricsCountStoresAndActivity) {
  for (auto n : {"m-one", "m-two", "m-three"}) ASSERT_EQ(create(n).status, 202);
  db.write([](db::Conn& c) {
    auto two = db::StoreRepo::find_live(c, "m-two");
    db::StoreRepo::set_status(c, two->id, StoreStatus::ready, "", now_ms());
    auto three = db::StoreRepo::find_live(c, "m-three");
    db::StoreRepo::set_status(c, three->id, StoreStatus::failed, "boom", now_ms());
    db::EventLog::append(c, db::Event{0, "store.status", "m-three", "Failed", "boom", "{}", now_ms(), three->id});
  });
  ASSERT_EQ(call("DELETE", "/api/stores/m-one").status, 202);
  db.write([](db::Conn& c) {
    auto one = db::StoreRepo::find_live(c, "m-one");
    db::StoreRepo::set_status(c, one->id, StoreStatus::deleted, "", now_ms());
  });
  auto v = json(call("GET", "/api/metrics"));
  EXPECT_EQ(v.at("stores").at("total").as_int64(), 2);
  EXPECT_EQ(v.at("stores").at("ready").as_int64(), 1);
  EXPECT_EQ(v.at("stores").at("degraded").as_int64(), 0);
  EXPECT_EQ(v.at("stores").at("failed").as_int64(), 1);
  EXPECT_EQ(v.at("stores").at("provisioning").as_int64(), 0);
  EXPECT_EQ(v.at("activity").at("created").as_int64(), 3);
  EXPECT_EQ(v.at("activity").at("deleted").as_int64(), 1);
  EXPECT_EQ(v.at("activity").at("failed").as_int64(), 1);
}

TEST_F(InfoApiTest, AuditLogsNewestFirstWithLimitAndStoreFilter) {
  ASSERT_EQ(create("aud-a").status, 202);
  ASSERT_EQ(create("aud-b").status, 202);
  ASSERT_EQ(call("DELETE", "/api/stores/aud-a").status, 202);
  auto all = json(call("GET", "/api/audit-logs"));
  ASSERT_EQ(all.at("logs").as_array().size(), 3u);
  EXPECT_EQ(all.at("logs").at(0).at("action").as_string(), "store.delete");
  EXPECT_EQ(json(call("GET", "/api/audit-logs?limit=1")).at("logs").as_array().size(), 1u);
  auto a = json(call("GET", "/api/audit-logs?store=aud-a"));
  ASSERT_EQ(a.at("logs").as_array().size(), 2u);
  for (const auto& l : a.at("logs").as_array()) EXPECT_EQ(l.at("store_name").as_string(), "aud-a");
  for (auto q : {"?limit=0", "?limit=x", "?limit=501", "?store=Bad%20Name", "?store=..%2F"})
    EXPECT_EQ(call("GET", std::string("/api/audit-logs") + q).status, 400) << q;
}

TEST_F(InfoApiTest, HealthIsOkEvenWithoutProvisioner) {
  auto r = call("GET", "/api/health");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(json(r).at("status").as_string(), "ok");
  EXPECT_EQ(json(r).at("provisioner").as_string(), "disconnected");
}

TEST_F(InfoApiTest, ReadyNeedsTheProvisionerStream) {
  auto r = call("GET", "/api/ready");
  EXPECT_EQ(r.status, 503);
  EXPECT_EQ(json(r).at("database").as_string(), "writable");
  EXPECT_EQ(json(r).at("provisioner").as_string(), "disconnected");
  provisioner_up = true;
  r = call("GET", "/api/ready");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(json(r).at("ready").as_bool(), true);
}

}  // namespace
}  // namespace storefleet::test
