// PATCH /api/stores/{name} and GET /api/catalog over a real SQLite file: what is accepted, what is refused, and
// that a refusal changes nothing (no generation, no job, no event, no audit row).
#include "api_fixture.hpp"
#include "storefleet/core/catalog.hpp"
#include "storefleet/db/catalog_repo.hpp"
#include "storefleet/db/jobs.hpp"
#include "storefleet/db/revisions.hpp"
#include "storefleet/db/stores.hpp"
#include "storefleet/core/util.hpp"

namespace storefleet::test {
namespace {

Catalog test_catalog() {
  Catalog c;
  c.engines.push_back({Engine::woocommerce, "2.0",
                       {{"2.0", "w-2.0.yaml", "two", 2, false},
                        {"1.1", "w-1.1.yaml", "one one", 1, false},
                        {"1.0", "w-1.0.yaml", "one", 1, true}}});
  c.engines.push_back({Engine::medusa, "5.0", {{"5.0", "m-5.0.yaml", "five", 1, false}}});
  return c;
}

class StoreChanges : public ApiFixture {
 protected:
  void publish() {
    db.write([](db::Conn& c) { db::CatalogRepo::publish(c, test_catalog(), 1000); });
  }
  // A store as the provisioner leaves it once Ready.
  Store ready_store(const std::string& name, const std::string& version = {}) {
    auto body = boost::json::object{{"storeName", name}, {"engine", "woocommerce"}};
    if (!version.empty()) body["version"] = version;
    EXPECT_EQ(call("POST", "/api/stores", boost::json::serialize(body)).status, 202);
    return db.write([&](db::Conn& c) {
      auto s = *db::StoreRepo::find_live(c, name);
      auto job = db::JobQueue::claim(c, std::chrono::seconds(30), now_ms());
      db::JobQueue::complete(c, job->id, job->lease_token, now_ms());
      db::StoreRepo::set_status(c, s.id, StoreStatus::ready, "all workloads ready", now_ms());
      db::StoreRepo::set_observed_generation(c, s.id, s.generation);
      return *db::StoreRepo::find_by_id(c, s.id);
    });
  }
  api::HttpResponse patch(const std::string& name, const std::string& body,
                          const std::string& type = "application/merge-patch+json") {
    return call("PATCH", "/api/stores/" + name, body, {{"Content-Type", type}});
  }
  // Everything a refused request must leave as it was.
  struct Trace {
    Store store;
    std::int64_t jobs = 0, events = 0, audits = 0;
    friend bool operator==(const Trace& a, const Trace& b) {
      return a.store.generation == b.store.generation && a.store.version == b.store.version &&
             a.store.suspended == b.store.suspended && a.store.status == b.store.status && a.jobs == b.jobs &&
             a.events == b.events && a.audits == b.audits;
    }
  };
  Trace trace(const std::string& name) {
    return db.read([&](db::Conn& c) {
      return Trace{*db::StoreRepo::find_live(c, name), c.execAndGet("SELECT count(*) FROM jobs").getInt64(),
                   c.execAndGet("SELECT count(*) FROM events").getInt64(),
                   c.execAndGet("SELECT count(*) FROM audit_log").getInt64()};
    });
  }
};

TEST_F(StoreChanges, CatalogIs503UntilPublishedThenListsVersionsWithoutValuesFiles) {
  EXPECT_EQ(call("GET", "/api/catalog").status, 503);
  publish();
  const auto r = call("GET", "/api/catalog");
  ASSERT_EQ(r.status, 200);
  const auto woo = json(r).at("engines").at("woocommerce");
  EXPECT_EQ(woo.at("default"), "2.0");
  ASSERT_EQ(woo.at("versions").as_array().size(), 3u);
  EXPECT_EQ(woo.at("versions").at(2).at("deprecated"), true);
  EXPECT_EQ(woo.at("versions").at(1).at("dataSchema"), 1);
  EXPECT_FALSE(woo.at("versions").at(0).as_object().contains("values")) << r.body;
  EXPECT_EQ(json(r).at("publishedAt"), "1970-01-01T00:00:01.000Z");
}

TEST_F(StoreChanges, CreateRecordsTheDefaultOrTheVersionAskedForAndRefusesOthers) {
  publish();
  EXPECT_EQ(ready_store("plain").version, "2.0");
  EXPECT_EQ(ready_store("older", "1.1").version, "1.1");
  for (const auto& bad : {"9.9", "1.0"}) {
    auto r = call("POST", "/api/stores", R"({"storeName":"nope","engine":"woocommerce","version":")" +
                                             std::string(bad) + "\"}");
    EXPECT_EQ(r.status, 422) << bad;
    EXPECT_EQ(json(r).at("error").at("details").at(0).at("field"), "version");
  }
  EXPECT_EQ(call("POST", "/api/stores", R"({"storeName":"nope","engine":"medusa","version":"2.0"})").status, 422)
      << "a version of another engine";
  EXPECT_EQ(call("POST", "/api/stores", R"({"storeName":"nope","engine":"medusa","version":7})").status, 422);
  EXPECT_FALSE(db.read([](db::Conn& c) { return db::StoreRepo::find_live(c, "nope"); }));
}

TEST_F(StoreChanges, WithoutACatalogueACreateKeepsNoVersionAndAskingForOneIs503) {
  auto r = create("early");
  ASSERT_EQ(r.status, 202);
  EXPECT_EQ(db.read([](db::Conn& c) { return db::StoreRepo::find_live(c, "early"); })->version, "");
  EXPECT_EQ(call("POST", "/api/stores", R"({"storeName":"later","engine":"woocommerce","version":"2.0"})").status, 503);
}

TEST_F(StoreChanges, AnUpgradeBumpsTheGenerationQueuesAJobAndShowsUpgrading) {
  publish();
  const auto before = ready_store("shop", "1.1");
  const auto wakes_before = wakes.load();
  auto r = patch("shop", R"({"version":"2.0"})");
  ASSERT_EQ(r.status, 202) << r.body;
  EXPECT_EQ(json(r).at("version"), "2.0");
  EXPECT_EQ(json(r).at("status"), "Upgrading");
  EXPECT_EQ(json(r).at("generation"), before.generation + 1);
  EXPECT_GT(wakes.load(), wakes_before);
  db.read([&](db::Conn& c) {
    const auto job = db::JobQueue::active_for_store(c, before.id);
    ASSERT_TRUE(job);
    EXPECT_EQ(job->kind, db::JobKind::create);
    EXPECT_EQ(db::StoreRepo::find_by_id(c, before.id)->status_reason, "upgrade 1.1 → 2.0 requested");
    EXPECT_EQ(c.execAndGet("SELECT detail FROM audit_log WHERE action = 'store.update'").getString(),
              "upgrade 1.1 → 2.0");
  });
}

TEST_F(StoreChanges, SuspendAndResumeAreChangesAndRepeatingOneIsANoOp) {
  publish();
  ready_store("shop");
  auto r = patch("shop", R"({"suspended":true})", "application/json");
  ASSERT_EQ(r.status, 202) << r.body;
  EXPECT_EQ(json(r).at("suspended"), true);
  const auto after = trace("shop");
  auto again = patch("shop", R"({"suspended":true,"version":"2.0"})");
  EXPECT_EQ(again.status, 200) << "nothing to change";
  EXPECT_TRUE(trace("shop") == after);
  db.write([&](db::Conn& c) { db::StoreRepo::set_status(c, after.store.id, StoreStatus::suspended, "scaled", 5); });
  auto resume = patch("shop", R"({"suspended":false})");
  ASSERT_EQ(resume.status, 202);
  EXPECT_EQ(json(resume).at("status"), "Upgrading");
  EXPECT_EQ(json(resume).at("status_reason"), "resume requested");
}

TEST_F(StoreChanges, BadPatchesAreRefusedAndChangeNothing) {
  publish();
  ready_store("shop");  // on 2.0, data format 2
  const auto before = trace("shop");
  struct Case {
    std::string body;
    int status;
    std::string field;
  };
  for (const auto& c : {Case{R"({"version":"1.1"})", 422, "version"},          // down to an older data format
                        Case{R"({"version":"1.0"})", 422, "version"},          // deprecated
                        Case{R"({"version":"3.0"})", 422, "version"},          // unknown
                        Case{R"({"version":null})", 422, "version"},
                        Case{R"({"version":""})", 422, "version"},
                        Case{R"({"suspended":"yes"})", 422, "suspended"},
                        Case{R"({"engine":"medusa"})", 422, "engine"},
                        Case{R"({"suspended":true,"name":"x"})", 422, "name"},
                        Case{R"({})", 422, ""},
                        Case{R"([])", 422, ""},
                        Case{R"({"suspended":)", 400, ""}}) {
    auto r = patch("shop", c.body);
    EXPECT_EQ(r.status, c.status) << c.body << " → " << r.body;
    if (!c.field.empty()) {
      bool named = false;
      const auto doc = json(r);
      for (const auto& d : doc.at("error").at("details").as_array()) named |= d.at("field").as_string() == c.field;
      EXPECT_TRUE(named) << c.body << " → " << r.body;
    }
    EXPECT_TRUE(trace("shop") == before) << c.body;
  }
  EXPECT_EQ(patch("shop", R"({"suspended":true})", "text/plain").status, 415);
  EXPECT_EQ(patch("nobody", R"({"suspended":true})").status, 404);
  EXPECT_TRUE(trace("shop") == before);
}

TEST_F(StoreChanges, ADowngradeWithinOneDataFormatIsAllowed) {
  publish();
  db.write([](db::Conn& c) {
    auto cat = test_catalog();
    cat.engines[0].versions.push_back({"1.2", "w-1.2.yaml", "", 1, false});
    db::CatalogRepo::publish(c, cat, 2000);
  });
  ready_store("shop", "1.2");
  EXPECT_EQ(patch("shop", R"({"version":"1.1"})").status, 202);
}

TEST_F(StoreChanges, AStoreBeingDeletedCannotBeChanged) {
  publish();
  ready_store("shop");
  ASSERT_EQ(call("DELETE", "/api/stores/shop").status, 202);
  const auto before = trace("shop");
  auto r = patch("shop", R"({"suspended":true})");
  EXPECT_EQ(r.status, 409);
  EXPECT_TRUE(trace("shop") == before);
}

TEST_F(StoreChanges, AFailedStoreStartsOverAndAFirstInstallKeepsItsStatus) {
  publish();
  ASSERT_EQ(call("POST", "/api/stores", R"({"storeName":"fresh","engine":"woocommerce","version":"1.1"})").status, 202);
  auto r = patch("fresh", R"({"version":"2.0"})");
  ASSERT_EQ(r.status, 202) << r.body;
  EXPECT_EQ(json(r).at("status"), "Queued") << "still its first install";
  const auto id = json(r).at("id").as_int64();
  db.write([&](db::Conn& c) { db::StoreRepo::set_status(c, id, StoreStatus::failed, "helm failed", 5); });
  auto again = patch("fresh", R"({"suspended":true})");
  EXPECT_EQ(json(again).at("status"), "Queued");
  EXPECT_EQ(json(again).at("status_reason"), "suspend requested");
}

TEST_F(StoreChanges, ATenantCannotChangeAnotherTenantsStore) {
  publish();
  ctx = tenant_ctx("tok_a");
  ASSERT_EQ(create("mine").status, 202);
  ctx = tenant_ctx("tok_b");
  const auto before = trace("mine");
  EXPECT_EQ(patch("mine", R"({"suspended":true})").status, 404);
  EXPECT_TRUE(trace("mine") == before);
  ctx = tenant_ctx("tok_a");
  EXPECT_EQ(patch("mine", R"({"suspended":true})").status, 202);
}

}  // namespace
}  // namespace storefleet::test

namespace storefleet::test {
namespace {

// Revisions as the provisioner records them, and rollbacks by request: a change back to a revision's spec, refused
// for a failed revision, an unknown one, or one whose version cannot read the store's data.
class Rollbacks : public StoreChanges {
 protected:
  void SetUp() override {
    publish();
    shop = ready_store("shop", "1.1");
    db.write([&](db::Conn& c) {
      db::RevisionRepo::record(c, {shop.id, 1, "1.1", false, "install", "deployed", "admin", "", 10});
      db::RevisionRepo::record(c, {shop.id, 2, "2.0", false, "upgrade", "deployed", "tok_x", "", 20});
      db::RevisionRepo::record(c, {shop.id, 3, "2.0", true, "upgrade", "deployed", "admin", "", 30});
      db::RevisionRepo::mark_failed(c, shop.id, 3, "pod web: ImagePullBackOff");
      db::StoreRepo::set_spec(c, shop.id, "2.0", true, "admin", 31);
    });
  }
  api::HttpResponse rollback(const std::string& body) { return call("POST", "/api/stores/shop/rollback", body); }
  Store shop;
};

TEST_F(Rollbacks, RevisionsAreListedNewestFirst) {
  auto r = call("GET", "/api/stores/shop/revisions");
  ASSERT_EQ(r.status, 200);
  const auto list = json(r).at("revisions").as_array();
  ASSERT_EQ(list.size(), 3u);
  EXPECT_EQ(list.at(0).at("revision"), 3);
  EXPECT_EQ(list.at(0).at("outcome"), "failed");
  EXPECT_EQ(list.at(0).at("detail"), "pod web: ImagePullBackOff");
  EXPECT_EQ(list.at(1).at("requestedBy"), "tok_x");
  EXPECT_EQ(list.at(2).at("at"), "1970-01-01T00:00:00.010Z");
  EXPECT_EQ(call("GET", "/api/stores/nobody/revisions").status, 404);
}

TEST_F(Rollbacks, ARollbackSetsTheRevisionsSpecAndQueuesTheChange) {
  auto r = rollback(R"({"revision":2})");
  ASSERT_EQ(r.status, 202) << r.body;
  EXPECT_EQ(json(r).at("version"), "2.0");
  EXPECT_EQ(json(r).at("suspended"), false);
  EXPECT_EQ(json(r).at("status"), "Upgrading");
  EXPECT_EQ(json(r).at("status_reason"), "rollback to revision 2 (2.0) requested");
  db.read([&](db::Conn& c) {
    EXPECT_EQ(db::StoreRepo::find_by_id(c, shop.id)->spec_by, "admin (rollback to r2)");
    EXPECT_TRUE(db::JobQueue::active_for_store(c, shop.id));
  });
}

TEST_F(Rollbacks, BadRollbacksAreRefusedAndChangeNothing) {
  const auto before = trace("shop");
  EXPECT_EQ(rollback(R"({"revision":3})").status, 422) << "a failed revision";
  EXPECT_EQ(rollback(R"({"revision":1})").status, 422) << "1.1 cannot read 2.0's data";
  EXPECT_EQ(rollback(R"({"revision":9})").status, 404);
  EXPECT_EQ(rollback(R"({"revision":0})").status, 422);
  EXPECT_EQ(rollback(R"({"revision":"2"})").status, 422);
  EXPECT_EQ(rollback(R"({"revision":2,"force":true})").status, 422);
  EXPECT_EQ(rollback(R"({})").status, 422);
  EXPECT_TRUE(trace("shop") == before);
  ctx = tenant_ctx("tok_other");
  EXPECT_EQ(rollback(R"({"revision":2})").status, 404) << "another tenant's store";
  EXPECT_EQ(call("GET", "/api/stores/shop/revisions").status, 404);
  EXPECT_TRUE(trace("shop") == before);
}

}  // namespace
}  // namespace storefleet::test
