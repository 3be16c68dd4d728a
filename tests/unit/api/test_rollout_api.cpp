// /api/rollouts over a real SQLite file: what a rollout selects and in which waves, who may start one, and the
// state changes resume and abort may make.
#include "api_fixture.hpp"
#include "storefleet/core/catalog.hpp"
#include "storefleet/core/util.hpp"
#include "storefleet/db/catalog_repo.hpp"
#include "storefleet/db/rollouts.hpp"
#include "storefleet/db/stores.hpp"

namespace storefleet::test {
namespace {

class RolloutApiTest : public ApiFixture {
 protected:
  void SetUp() override {
    Catalog c;
    c.engines.push_back({Engine::woocommerce, "2.0",
                         {{"3.0", "d.yaml", "", 3, false},
                          {"2.1", "a.yaml", "", 2, false},
                          {"2.0", "b.yaml", "", 2, false},
                          {"1.0", "c.yaml", "", 1, false}}});
    c.engines.push_back({Engine::medusa, "5.0", {{"5.0", "m.yaml", "", 1, false}}});
    db.write([&](db::Conn& conn) { db::CatalogRepo::publish(conn, c, 1); });
  }
  void make(const std::string& name, const std::string& version, const std::string& engine = "woocommerce") {
    auto body = boost::json::object{{"storeName", name}, {"engine", engine}, {"version", version}};
    ASSERT_EQ(call("POST", "/api/stores", boost::json::serialize(body)).status, 202) << name;
  }
  api::HttpResponse start(const std::string& body) { return call("POST", "/api/rollouts", body); }
};

TEST_F(RolloutApiTest, SelectsTheEnginesStoresThatCanMoveInWavesByName) {
  for (const auto* n : {"shop-e", "shop-a", "shop-d", "shop-c", "shop-b"}) make(n, "2.0");
  make("on-target", "2.1");
  make("old-one", "1.0");  // an upgrade across data formats: it moves
  make("other-engine", "5.0", "medusa");
  auto r = start(R"({"engine":"woocommerce","toVersion":"2.1","waveSize":2,"maxFailures":1})");
  ASSERT_EQ(r.status, 202) << r.body;
  const auto doc = json(r);
  EXPECT_EQ(doc.at("state"), "running");
  EXPECT_EQ(doc.at("waves").as_array().size(), 3u);
  std::vector<std::string> order;
  for (const auto& s : doc.at("stores").as_array())
    order.push_back(std::string(s.at("store").as_string()) + "@" + std::to_string(s.at("wave").as_int64()));
  EXPECT_EQ(order, (std::vector<std::string>{"old-one@1", "shop-a@1", "shop-b@2", "shop-c@2", "shop-d@3",
                                             "shop-e@3"}))
      << "by name, not on the target already, not another engine";
  EXPECT_GT(wakes.load(), 0);
  EXPECT_EQ(start(R"({"engine":"woocommerce","toVersion":"2.0"})").status, 409) << "one unfinished rollout per engine";
}

TEST_F(RolloutApiTest, StoresThatCannotMoveAreKeptOutWithTheReason) {
  make("newest", "3.0");
  make("plain", "2.0");
  EXPECT_EQ(start(R"({"engine":"woocommerce","toVersion":"2.1","selector":{"names":["newest"]}})").status, 422)
      << "selects no store that can move";
  auto r = start(R"({"engine":"woocommerce","toVersion":"2.1"})");
  ASSERT_EQ(r.status, 202) << r.body;
  const auto doc = json(r);
  ASSERT_EQ(doc.at("stores").as_array().size(), 2u);
  const auto& kept = doc.at("stores").at(0);
  EXPECT_EQ(kept.at("store"), "newest");
  EXPECT_EQ(kept.at("state"), "kept");
  EXPECT_EQ(kept.at("wave"), 0);
  EXPECT_NE(std::string(kept.at("reason").as_string()).find("data format"), std::string::npos) << r.body;
  EXPECT_EQ(doc.at("stores").at(1).at("wave"), 1);
  EXPECT_EQ(doc.at("waves").as_array().size(), 1u);
}

TEST_F(RolloutApiTest, BadRequestsAndTenantsAreRefused) {
  make("shop", "2.0");
  for (const auto* body : {R"({"engine":"magento","toVersion":"2.1"})", R"({"engine":"woocommerce"})",
                           R"({"engine":"woocommerce","toVersion":"9.9"})",
                           R"({"engine":"woocommerce","toVersion":"2.1","waveSize":0})",
                           R"({"engine":"woocommerce","toVersion":"2.1","waveSize":2,"maxUnavailable":2})",
                           R"({"engine":"woocommerce","toVersion":"2.1","selector":{"names":"shop"}})",
                           R"({"engine":"woocommerce","toVersion":"2.1","selector":"some"})",
                           R"({"engine":"woocommerce","toVersion":"2.1","maxFailures":-1})",
                           R"({"engine":"woocommerce","toVersion":"2.1","force":true})"})
    EXPECT_EQ(start(body).status, 422) << body;
  ctx = tenant_ctx("tok_t");
  EXPECT_EQ(start(R"({"engine":"woocommerce","toVersion":"2.1"})").status, 403);
  EXPECT_EQ(call("GET", "/api/rollouts").status, 403);
  EXPECT_EQ(db.read([](db::Conn& c) { return db::RolloutRepo::list(c).size(); }), 0u);
}

TEST_F(RolloutApiTest, ATenantSelectorTakesThatTenantsStoresOnly) {
  ctx = tenant_ctx("tok_a");
  make("mine", "2.0");
  ctx = tenant_ctx("tok_b");
  make("theirs", "2.0");
  ctx = admin_ctx();
  auto r = start(R"({"engine":"woocommerce","toVersion":"2.1","selector":{"tenant":"tok_a"}})");
  ASSERT_EQ(r.status, 202) << r.body;
  ASSERT_EQ(json(r).at("stores").as_array().size(), 1u);
  EXPECT_EQ(json(r).at("stores").at(0).at("store"), "mine");
}

TEST_F(RolloutApiTest, ResumeOnlyWhenPausedAbortOnlyWhenUnfinished) {
  make("shop", "2.0");
  auto r = start(R"({"engine":"woocommerce","toVersion":"2.1"})");
  ASSERT_EQ(r.status, 202);
  const auto id = std::to_string(json(r).at("id").as_int64());
  EXPECT_EQ(call("POST", "/api/rollouts/" + id + "/resume").status, 409) << "running";
  db.write([&](db::Conn& c) { db::RolloutRepo::set_state(c, std::stoll(id), RolloutState::paused, "x", 2); });
  auto resumed = call("POST", "/api/rollouts/" + id + "/resume");
  ASSERT_EQ(resumed.status, 202);
  EXPECT_EQ(json(resumed).at("state"), "running");
  auto aborted = call("POST", "/api/rollouts/" + id + "/abort");
  ASSERT_EQ(aborted.status, 202);
  EXPECT_EQ(json(aborted).at("state"), "aborting");
  EXPECT_EQ(call("POST", "/api/rollouts/" + id + "/abort").status, 409);
  EXPECT_EQ(call("GET", "/api/rollouts/" + id).status, 200);
  EXPECT_EQ(call("GET", "/api/rollouts/99").status, 404);
  EXPECT_EQ(call("GET", "/api/rollouts/x1").status, 404);
  const auto list = json(call("GET", "/api/rollouts"));
  ASSERT_EQ(list.at("rollouts").as_array().size(), 1u);
  EXPECT_FALSE(list.at("rollouts").at(0).as_object().contains("stores"));
}

}  // namespace
}  // namespace storefleet::test
