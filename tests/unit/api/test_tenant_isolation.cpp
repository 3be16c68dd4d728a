// A tenant sees and manages only its own stores: other stores are 404 on every route, absent from lists,
// metrics and audit logs. Store limits, idempotent replays and the credentials route.
#include <gtest/gtest.h>

#include <thread>

#include "api_fixture.hpp"
#include "storefleet/api/provisioner_link.hpp"
#include "storefleet/db/events.hpp"
#include "storefleet/db/stores.hpp"

namespace storefleet::test {
namespace {

class TenantTest : public ApiFixture {
 protected:
  void SetUp() override {
    ctx = tenant_ctx("tok_b");
    ASSERT_EQ(create("b-shop").status, 202);
    ctx = tenant_ctx("tok_a");
    ASSERT_EQ(create("a-shop").status, 202);
  }
};

TEST_F(TenantTest, OtherTenantsStoresAreNotFoundOnEveryRoute) {
  struct Route {
    const char* method;
    const char* target;
  } routes[] = {{"GET", "/api/stores/b-shop"},         {"GET", "/api/stores/b-shop/status"},
                {"GET", "/api/stores/b-shop/events"},  {"DELETE", "/api/stores/b-shop"},
                {"POST", "/api/stores/b-shop/retry"},  {"GET", "/api/stores/b-shop/credentials"}};
  for (const auto& r : routes) {
    auto resp = call(r.method, r.target);
    EXPECT_EQ(resp.status, 404) << r.method << " " << r.target << " " << resp.body;
    EXPECT_EQ(resp.body.find("tok_b"), std::string::npos);
  }
  EXPECT_TRUE(credential_requests.empty());  // the provisioner was never asked
  // ...while the same routes work on its own store (retry: 409, the store is not Failed).
  EXPECT_EQ(call("GET", "/api/stores/a-shop").status, 200);
  EXPECT_EQ(call("GET", "/api/stores/a-shop/events").status, 200);
  EXPECT_EQ(call("POST", "/api/stores/a-shop/retry").status, 409);
}

TEST_F(TenantTest, ListsMetricsAndAuditLogsShowOnlyOwnStores) {
  auto list = call("GET", "/api/stores");
  EXPECT_NE(list.body.find("a-shop"), std::string::npos);
  EXPECT_EQ(list.body.find("b-shop"), std::string::npos);
  EXPECT_EQ(json(call("GET", "/api/metrics")).at("stores").at("total").as_int64(), 1);
  auto audit = call("GET", "/api/audit-logs");
  EXPECT_NE(audit.body.find("a-shop"), std::string::npos);
  EXPECT_EQ(audit.body.find("b-shop"), std::string::npos);
  EXPECT_EQ(call("GET", "/api/audit-logs?store=b-shop").body.find("b-shop"), std::string::npos);
  ctx = admin_ctx();
  auto all = call("GET", "/api/stores");
  EXPECT_NE(all.body.find("a-shop"), std::string::npos);
  EXPECT_NE(all.body.find("b-shop"), std::string::npos);
}

TEST_F(TenantTest, ANameTakenByAnotherTenantIsAConflictWithoutDetails) {
  auto r = create("b-shop");
  EXPECT_EQ(r.status, 409);  // names are global (one namespace per store)
  EXPECT_EQ(r.body.find("tok_b"), std::string::npos);
}

TEST_F(TenantTest, StoreLimitCountsLiveStores) {
  ctx = tenant_ctx("tok_a", 2);
  EXPECT_EQ(create("a-second").status, 202);
  auto third = create("a-third");
  EXPECT_EQ(third.status, 403);
  EXPECT_EQ(error_code_of(third), "store_limit_reached");
  ctx = admin_ctx();
  EXPECT_EQ(create("admin-shop").status, 202);  // admins have no limit
}

TEST_F(TenantTest, IdempotencyKeyReplaysTheFirstAnswerAndRefusesAnotherBody) {
  const std::map<std::string, std::string> h{{"Content-Type", "application/json"}, {"Idempotency-Key", "k-1"}};
  const auto body = R"({"storeName":"a-idem","engine":"medusa"})";
  auto first = call("POST", "/api/stores", body, h);
  ASSERT_EQ(first.status, 202);
  const int wakes_after_first = wakes.load();
  auto again = call("POST", "/api/stores", body, h);
  EXPECT_EQ(again.status, 202);
  EXPECT_EQ(again.body, first.body);
  EXPECT_EQ(again.header("Idempotent-Replayed"), "true");
  EXPECT_EQ(wakes.load(), wakes_after_first);  // nothing ran twice
  auto other = call("POST", "/api/stores", R"({"storeName":"a-other","engine":"medusa"})", h);
  EXPECT_EQ(other.status, 422);
  EXPECT_EQ(error_code_of(other), "idempotency_key_reused");
  // Keys belong to a credential: another tenant may use the same key for its own request.
  ctx = tenant_ctx("tok_b");
  EXPECT_EQ(call("POST", "/api/stores", R"({"storeName":"b-other","engine":"medusa"})", h).status, 202);
  // Deletes too: a replayed delete answers like the first one.
  ctx = tenant_ctx("tok_a");
  const std::map<std::string, std::string> dh{{"Idempotency-Key", "del-1"}};
  auto del = call("DELETE", "/api/stores/a-idem", {}, dh);
  EXPECT_EQ(del.status, 202);
  EXPECT_EQ(call("DELETE", "/api/stores/a-idem", {}, dh).body, del.body);
  EXPECT_EQ(call("DELETE", "/api/stores/a-shop", {}, dh).status, 422);
}

TEST_F(TenantTest, RejectedAnswersAreReplayedTooAndBadKeysRefused) {
  const std::map<std::string, std::string> h{{"Content-Type", "application/json"}, {"Idempotency-Key", "dup"}};
  auto first = call("POST", "/api/stores", R"({"storeName":"b-shop","engine":"medusa"})", h);
  EXPECT_EQ(first.status, 409);
  EXPECT_EQ(call("POST", "/api/stores", R"({"storeName":"b-shop","engine":"medusa"})", h).status, 409);
  auto bad = call("POST", "/api/stores", R"({"storeName":"a-x","engine":"medusa"})",
                  {{"Content-Type", "application/json"}, {"Idempotency-Key", std::string(201, 'k')}});
  EXPECT_EQ(bad.status, 400);
}

TEST_F(TenantTest, AFormerOwnersFailuresStayItsOwnAfterANameIsReused) {
  ctx = tenant_ctx("tok_a");
  ASSERT_EQ(create("reused-name").status, 202);
  db.write([](db::Conn& c) {
    auto s = db::StoreRepo::find_live(c, "reused-name");
    db::EventLog::append(c, db::Event{0, "store.status", "reused-name", "Failed", "boom", "{}", db::now_ms(), s->id});
    db::StoreRepo::set_status(c, s->id, StoreStatus::deleted, "", db::now_ms());
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(2));  // the new store row is created later
  ctx = tenant_ctx("tok_b");
  ASSERT_EQ(create("reused-name").status, 202);
  EXPECT_EQ(json(call("GET", "/api/metrics")).at("activity").at("failed").as_int64(), 0);
  ctx = tenant_ctx("tok_a");
  EXPECT_EQ(json(call("GET", "/api/metrics")).at("activity").at("failed").as_int64(), 1);
}

TEST_F(TenantTest, AReusedNameStartsANewTimeline) {
  ctx = tenant_ctx("tok_a");
  ASSERT_EQ(create("secret-plans").status, 202);
  db.write([](db::Conn& c) {
    auto s = db::StoreRepo::find_live(c, "secret-plans");
    db::EventLog::append(c, db::Event{0, "store.step", "secret-plans", "", "launch: 2027-01", "{}", db::now_ms(), s->id});
  });
  ASSERT_EQ(call("DELETE", "/api/stores/secret-plans").status, 202);
  db.write([](db::Conn& c) {
    auto s = db::StoreRepo::find_live(c, "secret-plans");
    db::StoreRepo::set_status(c, s->id, StoreStatus::deleted, "store deleted", db::now_ms());
  });
  ctx = tenant_ctx("tok_b");
  ASSERT_EQ(create("secret-plans").status, 202);
  const auto body = call("GET", "/api/stores/secret-plans/events").body;
  EXPECT_EQ(body.find("launch"), std::string::npos) << body;
  EXPECT_EQ(body.find("delete requested"), std::string::npos) << body;
  const auto events = json(call("GET", "/api/stores/secret-plans/events")).at("events").as_array();
  ASSERT_EQ(events.size(), 1u);  // b's own "store requested"
  EXPECT_EQ(events[0].at("reason").as_string(), "store requested");
  // The former store's history is not lost: it stays in the log under its own store row.
  auto all = db.read([](db::Conn& c) { return db::EventLog::read_after(c, 0, 100, std::string("secret-plans")); });
  EXPECT_EQ(all.size(), 4u);
}

TEST_F(TenantTest, MedusaCredentialsNameTheStoreApiAndItsPublishableKey) {
  ASSERT_EQ(create("a-medusa", "medusa").status, 202);
  provisioner_credentials = {
      200, R"({"storeName":"a-medusa","username":"admin","password":"pw-1","email":"e@x","publishableKey":"pk_12"})"};
  auto r = call("GET", "/api/stores/a-medusa/credentials");
  ASSERT_EQ(r.status, 200) << r.body;
  const auto body = json(r);
  EXPECT_EQ(body.at("adminUrl").as_string(), "http://a-medusa.local/app");
  EXPECT_EQ(body.at("login").as_string(), "e@x");  // Medusa's admin logs in with the email
  EXPECT_EQ(body.at("storeApiUrl").as_string(), "http://a-medusa.local/store");
  EXPECT_EQ(body.at("publishableKey").as_string(), "pk_12");
  EXPECT_NE(body.at("note").as_string().find("no storefront"), std::string::npos);
}

TEST_F(TenantTest, CredentialsComeFromTheProvisionerAndAreAudited) {
  provisioner_credentials = {200, R"({"storeName":"a-shop","username":"admin","password":"pw-123","email":"e@x"})"};
  auto r = call("GET", "/api/stores/a-shop/credentials");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(json(r).at("password").as_string(), "pw-123");
  EXPECT_EQ(json(r).at("adminUrl").as_string(), "http://a-shop.local/wp-admin/");
  EXPECT_EQ(json(r).at("login").as_string(), "admin");  // WordPress logs in with the user name
  EXPECT_FALSE(json(r).as_object().contains("publishableKey"));
  EXPECT_EQ(credential_requests, std::vector<std::string>{"a-shop"});
  auto audit = call("GET", "/api/audit-logs?store=a-shop");
  EXPECT_NE(audit.body.find("store.credentials.read"), std::string::npos);
  EXPECT_EQ(audit.body.find("pw-123"), std::string::npos);

  provisioner_credentials = {404, "{}"};
  EXPECT_EQ(error_code_of(call("GET", "/api/stores/a-shop/credentials")), "not_ready");
  provisioner_credentials = {0, ""};
  EXPECT_EQ(call("GET", "/api/stores/a-shop/credentials").status, 503);
  provisioner_credentials = {500, R"({"error":"secret-ish detail"})"};
  auto bad = call("GET", "/api/stores/a-shop/credentials");
  EXPECT_EQ(bad.status, 502);
  EXPECT_EQ(bad.body.find("secret-ish"), std::string::npos);
}

}  // namespace
}  // namespace storefleet::test
