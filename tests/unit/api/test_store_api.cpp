// /api/stores handlers over a real SQLite file: every status code, and what each one leaves in the database.
#include "api_fixture.hpp"

#include "storefleet/core/util.hpp"
#include "storefleet/db/audit.hpp"
#include "storefleet/db/events.hpp"
#include "storefleet/db/jobs.hpp"
#include "storefleet/db/stores.hpp"

namespace storefleet::test {
namespace {

using StoreApiTest = ApiFixture;

void mark(db::Database& d, const std::string& name, StoreStatus st, const std::string& reason = "") {
  d.write([&](db::Conn& c) {
    auto s = db::StoreRepo::find_live(c, name);
    ASSERT_TRUE(s);
    db::StoreRepo::set_status(c, s->id, st, reason, now_ms());
  });
}

TEST_F(StoreApiTest, CreateAnswers202AndWritesStoreJobEventAuditTogether) {
  auto r = create("my-shop");
  ASSERT_EQ(r.status, 202) << r.body;
  auto v = json(r);
  EXPECT_EQ(v.at("success").as_bool(), true);
  EXPECT_EQ(v.at("status").as_string(), "Queued");
  EXPECT_EQ(v.at("storeName").as_string(), "my-shop");
  EXPECT_EQ(v.at("namespace").as_string(), "store-my-shop");
  EXPECT_EQ(v.at("url").as_string(), "http://my-shop.local");
  db.read([&](db::Conn& c) {
    auto s = db::StoreRepo::find_live(c, "my-shop");
    ASSERT_TRUE(s);
    EXPECT_EQ(s->status, StoreStatus::queued);
    auto job = db::JobQueue::active_for_store(c, s->id);
    ASSERT_TRUE(job);
    EXPECT_EQ(job->kind, db::JobKind::create);
    auto evs = db::EventLog::for_store(c, s->id, 10);
    ASSERT_EQ(evs.size(), 1u);
    EXPECT_EQ(evs[0].status, "Queued");
    auto audit = db::AuditLog::list(c, 10);
    ASSERT_EQ(audit.size(), 1u);
    EXPECT_EQ(audit[0].action, "store.create");
  });
  EXPECT_EQ(events_written, 1);
  EXPECT_EQ(wakes, 1);
}

TEST_F(StoreApiTest, CreateAcceptsMedusaAndCharsetInContentType) {
  auto r = call("POST", "/api/stores", R"({"storeName":"med-1","engine":"medusa"})",
                {{"Content-Type", "Application/JSON; charset=utf-8"}});
  EXPECT_EQ(r.status, 202) << r.body;
  EXPECT_EQ(json(call("GET", "/api/stores/med-1")).at("engine").as_string(), "medusa");
}

TEST_F(StoreApiTest, DuplicateNameIs409AndWritesNothingMore) {
  ASSERT_EQ(create("dup-shop").status, 202);
  auto r = create("dup-shop", "medusa");
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(error_code_of(r), "conflict");
  db.read([](db::Conn& c) { EXPECT_EQ(db::EventLog::last_id(c), 1); });
}

TEST_F(StoreApiTest, ValidationListsEveryProblem) {
  auto r = call("POST", "/api/stores", R"({"storeName":"Bad_Name!","engine":"magento"})");
  ASSERT_EQ(r.status, 422);
  EXPECT_EQ(error_code_of(r), "validation_failed");
  bool name = false, engine = false;
  const auto v = json(r);
  for (const auto& d : v.at("error").at("details").as_array()) {
    name |= d.at("field").as_string() == "storeName";
    engine |= d.at("field").as_string() == "engine";
  }
  EXPECT_TRUE(name);
  EXPECT_TRUE(engine);
}

TEST_F(StoreApiTest, ValidationCases) {
  const std::vector<std::string> bodies{
      R"({})", R"({"engine":"woocommerce"})", R"({"storeName":"ok-name"})", R"({"storeName":42,"engine":"medusa"})",
      R"({"storeName":"ok-name","engine":7})", R"({"storeName":null,"engine":null})", R"([1,2])", R"("text")",
      R"({"storeName":"ab","engine":"medusa"})", R"({"storeName":"admin","engine":"medusa"})",
      R"({"storeName":"x;rm -rf /","engine":"medusa"})", R"({"storeName":"caf\u00e9","engine":"medusa"})",
      R"({"storeName":"ends-","engine":"medusa"})", R"({"storeName":"1starts","engine":"medusa"})"};
  for (const auto& b : bodies) {
    auto r = call("POST", "/api/stores", b);
    EXPECT_EQ(r.status, 422) << b << " → " << r.body;
  }
  db.read([](db::Conn& c) { EXPECT_TRUE(db::StoreRepo::list(c, {}).empty()); });
  EXPECT_EQ(wakes, 0);
}

TEST_F(StoreApiTest, BadJsonIs400AndWrongContentTypeIs415) {
  EXPECT_EQ(call("POST", "/api/stores", "{not json").status, 400);
  EXPECT_EQ(error_code_of(call("POST", "/api/stores", "{not json")), "invalid_json");
  EXPECT_EQ(call("POST", "/api/stores", "", {{"Content-Type", "application/json"}}).status, 400);
  EXPECT_EQ(call("POST", "/api/stores", R"({"storeName":"a-b-c","engine":"medusa"})", {{"Content-Type", "text/plain"}})
                .status,
            415);
  EXPECT_EQ(call("POST", "/api/stores", "storeName=abc", {{"Content-Type", "application/x-www-form-urlencoded"}}).status,
            415);
}

TEST_F(StoreApiTest, ListShapeFilterAndPagination) {
  for (auto n : {"shop-a", "shop-b", "shop-c", "shop-d", "shop-e"}) ASSERT_EQ(create(n).status, 202);
  mark(db, "shop-b", StoreStatus::ready);
  auto all = json(call("GET", "/api/stores"));
  ASSERT_EQ(all.at("stores").as_array().size(), 5u);
  EXPECT_TRUE(all.at("next_cursor").is_null());
  const auto& first = all.at("stores").at(0).as_object();
  for (auto key : {"id", "store_name", "engine", "namespace", "status", "status_reason", "url", "created_at",
                   "updated_at", "ready_at"})
    EXPECT_TRUE(first.contains(key)) << key;
  EXPECT_NE(std::string(first.at("created_at").as_string()).find('T'), std::string::npos);

  auto ready = json(call("GET", "/api/stores?status=Ready"));
  ASSERT_EQ(ready.at("stores").as_array().size(), 1u);
  EXPECT_EQ(ready.at("stores").at(0).at("store_name").as_string(), "shop-b");
  EXPECT_TRUE(ready.at("stores").at(0).at("ready_at").is_string());

  std::vector<std::string> seen;
  std::string cursor;
  for (int page = 0; page < 5; ++page) {
    auto v = json(call("GET", "/api/stores?limit=2" + (cursor.empty() ? "" : "&cursor=" + cursor)));
    for (const auto& s : v.at("stores").as_array()) seen.emplace_back(s.at("store_name").as_string());
    if (v.at("next_cursor").is_null()) break;
    cursor = std::string(v.at("next_cursor").as_string());
  }
  EXPECT_EQ(seen, (std::vector<std::string>{"shop-a", "shop-b", "shop-c", "shop-d", "shop-e"}));
}

TEST_F(StoreApiTest, BadListParametersAre400) {
  for (auto q : {"?limit=0", "?limit=-1", "?limit=abc", "?limit=100000", "?limit=1.5", "?cursor=%25%25", "?cursor=zzzz",
                 "?status=Sleeping"}) {
    auto r = call("GET", std::string("/api/stores") + q);
    EXPECT_EQ(r.status, 400) << q << " → " << r.body;
  }
}

TEST_F(StoreApiTest, GetAndStatusAndEvents) {
  ASSERT_EQ(create("obs-shop").status, 202);
  db.write([](db::Conn& c) {
    auto s = db::StoreRepo::find_live(c, "obs-shop");
    db::StoreRepo::set_observed(
        c, s->id,
        R"({"pods":[{"name":"wp-0","phase":"Running","ready":false,"reason":"ContainersNotReady"}],)"
        R"("jobs":[{"name":"obs-shop-setup-r1","state":"running"}],"reason":"waiting for pods"})",
        now_ms());
  });
  EXPECT_EQ(json(call("GET", "/api/stores/obs-shop")).at("store_name").as_string(), "obs-shop");
  auto st = json(call("GET", "/api/stores/obs-shop/status"));
  EXPECT_EQ(st.at("status").as_string(), "Queued");
  EXPECT_EQ(st.at("reason").as_string(), "waiting for pods");
  EXPECT_EQ(st.at("pods").at(0).at("name").as_string(), "wp-0");
  EXPECT_EQ(st.at("jobs").at(0).at("state").as_string(), "running");
  auto evs = json(call("GET", "/api/stores/obs-shop/events"));
  ASSERT_EQ(evs.at("events").as_array().size(), 1u);
  EXPECT_EQ(evs.at("events").at(0).at("type").as_string(), "store.status");
}

TEST_F(StoreApiTest, UnknownOrInvalidStoreIs404) {
  for (auto path : {"/api/stores/nope-shop", "/api/stores/nope-shop/status", "/api/stores/nope-shop/events",
                    "/api/stores/..%2F..", "/api/stores/BAD", "/api/stores/a;ls"}) {
    auto r = call("GET", path);
    EXPECT_TRUE(r.status == 404 || r.status == 400) << path << " → " << r.status;
  }
  EXPECT_EQ(call("DELETE", "/api/stores/nope-shop").status, 404);
  EXPECT_EQ(call("POST", "/api/stores/nope-shop/retry").status, 404);
}

TEST_F(StoreApiTest, DeleteIs202AndTwiceIsHarmless) {
  ASSERT_EQ(create("del-shop").status, 202);
  auto r = call("DELETE", "/api/stores/del-shop");
  ASSERT_EQ(r.status, 202);
  EXPECT_EQ(json(r).at("status").as_string(), "Deleting");
  const auto events_after_first = db.read([](db::Conn& c) { return db::EventLog::last_id(c); });
  EXPECT_EQ(call("DELETE", "/api/stores/del-shop").status, 202);
  db.read([&](db::Conn& c) {
    EXPECT_EQ(db::EventLog::last_id(c), events_after_first);
    auto s = db::StoreRepo::find_live(c, "del-shop");
    EXPECT_EQ(s->status, StoreStatus::deleting);
    EXPECT_EQ(db::JobQueue::active_for_store(c, s->id)->kind, db::JobKind::destroy);
  });
  mark(db, "del-shop", StoreStatus::deleted);
  EXPECT_EQ(call("DELETE", "/api/stores/del-shop").status, 404);
  // The timeline of a deleted store stays readable.
  EXPECT_EQ(call("GET", "/api/stores/del-shop/events").status, 200);
}

TEST_F(StoreApiTest, RetryOnlyWhenFailed) {
  ASSERT_EQ(create("retry-shop").status, 202);
  auto r = call("POST", "/api/stores/retry-shop/retry");
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(error_code_of(r), "conflict");
  mark(db, "retry-shop", StoreStatus::failed, "helm failed");
  r = call("POST", "/api/stores/retry-shop/retry");
  ASSERT_EQ(r.status, 202) << r.body;
  EXPECT_EQ(json(r).at("status").as_string(), "Queued");
  db.read([](db::Conn& c) {
    EXPECT_EQ(db::StoreRepo::find_live(c, "retry-shop")->status, StoreStatus::queued);
    EXPECT_EQ(db::AuditLog::list(c, 1)[0].action, "store.retry");
  });
}

// Desired vs observed: each accepted request bumps generation; a refused or repeated one does not.
TEST_F(StoreApiTest, GenerationCountsAcceptedRequests) {
  ASSERT_EQ(create("gen-shop").status, 202);
  auto gen = [&] {
    const auto v = json(call("GET", "/api/stores/gen-shop"));
    return std::make_pair(v.at("generation").as_int64(), v.at("observed_generation").as_int64());
  };
  EXPECT_EQ(gen(), std::make_pair(std::int64_t{1}, std::int64_t{0}));
  EXPECT_EQ(call("POST", "/api/stores/gen-shop/retry").status, 409);  // refused: changes nothing
  EXPECT_EQ(gen().first, 1);
  mark(db, "gen-shop", StoreStatus::degraded, "pod w: CrashLoopBackOff");
  ASSERT_EQ(call("POST", "/api/stores/gen-shop/retry").status, 202);  // Degraded can be retried
  EXPECT_EQ(gen().first, 2);
  ASSERT_EQ(call("DELETE", "/api/stores/gen-shop").status, 202);
  ASSERT_EQ(call("DELETE", "/api/stores/gen-shop").status, 202);  // already Deleting: not a new request
  EXPECT_EQ(gen().first, 3);
}

TEST_F(StoreApiTest, OwnerFilterHidesOtherTenantsStores) {
  auto req = api::make_request("POST", "/api/stores", {{"content-type", "application/json"}},
                               R"({"storeName":"tenant-b","engine":"medusa"})");
  req.ctx.owner_for_new_stores = "tok-b";
  ASSERT_EQ(router.dispatch(req).response.status, 202);
  for (auto [method, path] : std::vector<std::pair<std::string, std::string>>{
           {"GET", "/api/stores/tenant-b"}, {"GET", "/api/stores/tenant-b/status"},
           {"GET", "/api/stores/tenant-b/events"}, {"DELETE", "/api/stores/tenant-b"},
           {"POST", "/api/stores/tenant-b/retry"}}) {
    auto r = api::make_request(method, path);
    r.ctx.owner_filter = "tok-a";
    EXPECT_EQ(router.dispatch(r).response.status, 404) << method << " " << path;
  }
  auto list = api::make_request("GET", "/api/stores");
  list.ctx.owner_filter = "tok-a";
  EXPECT_TRUE(json(router.dispatch(list).response).at("stores").as_array().empty());
  list.ctx.owner_filter = "tok-b";
  EXPECT_EQ(json(router.dispatch(list).response).at("stores").as_array().size(), 1u);
}

}  // namespace
}  // namespace storefleet::test
