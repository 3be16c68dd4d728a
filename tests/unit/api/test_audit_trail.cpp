// The full request pipeline with authentication and the audit sink: refused writes are audited with actor, IP
// and reason; accepted ones once (by their handler); HTML gets a CSP.
#include "api_fixture.hpp"
#include "storefleet/api/audit_trail.hpp"
#include "storefleet/api/request_pipeline.hpp"
#include "storefleet/db/audit.hpp"

#include <fstream>

namespace storefleet::test {
namespace {

TEST(AuditTrail, NamesActionsStoresAndOutcomes) {
  EXPECT_EQ(api::audit_action("POST", "/api/stores"), "store.create");
  EXPECT_EQ(api::audit_action("DELETE", "/api/stores/:name"), "store.delete");
  EXPECT_EQ(api::audit_action("POST", "/api/stores/:name/retry"), "store.retry");
  EXPECT_EQ(api::audit_action("POST", "/api/session"), "session.create");
  EXPECT_EQ(api::audit_action("POST", "/api/other"), "POST /api/other");
  EXPECT_EQ(api::audit_store("/api/stores/a-shop/retry"), "a-shop");
  EXPECT_EQ(api::audit_store("/api/tokens/x"), "");
  EXPECT_EQ(api::rejected_outcome(api::error_response(Errc::conflict, "x")), "rejected: conflict");
  api::HttpResponse plain;
  plain.status = 413;
  plain.body = "too big";
  EXPECT_EQ(api::rejected_outcome(plain), "rejected: 413");
  EXPECT_TRUE(api::is_audited_write("DELETE", "/api/stores/x"));
  EXPECT_FALSE(api::is_audited_write("GET", "/api/stores"));
  EXPECT_FALSE(api::is_audited_write("POST", "/metrics"));
}

class AuditedPipeline : public ApiFixture {
 protected:
  AuditedPipeline() : statics(dir.path()), pipeline(router, statics, api::CorsPolicy(std::vector<std::string>{}), metrics) {
    pipeline.set_authenticator([this](api::HttpRequest& r) { return auth(r); });
    pipeline.set_audit_sink(api::make_audit_sink(db, &refusals));
  }
  api::HttpResponse go(std::string method, std::string target, std::map<std::string, std::string> headers = {},
                       std::string body = {}) {
    return pipeline.handle({std::move(method), std::move(target), std::move(headers), std::move(body), "10.1.2.3"});
  }
  std::vector<db::AuditEntry> audit() {
    return db.read([](db::Conn& c) { return db::AuditLog::list(c, 100); });
  }
  api::RefusalTally refusals{3};  // three sources counted one by one, the rest together
  api::StaticFiles statics;
  api::RequestMetrics metrics;
  api::RequestPipeline pipeline;
};

TEST_F(AuditedPipeline, RefusedWritesAreAuditedWithActorIpAndReason) {
  const std::map<std::string, std::string> admin{{"Authorization", "Bearer test-admin-token-0123456789"},
                                                 {"Content-Type", "application/json"}};
  EXPECT_EQ(go("POST", "/api/stores", {{"Content-Type", "application/json"}},
               R"({"storeName":"anon-shop","engine":"medusa"})").status, 401);
  EXPECT_EQ(go("POST", "/api/stores", admin, R"({"storeName":"ok-shop","engine":"medusa"})").status, 202);
  EXPECT_EQ(go("POST", "/api/stores", admin, R"({"storeName":"ok-shop","engine":"medusa"})").status, 409);
  EXPECT_EQ(go("DELETE", "/api/stores/none-here", admin).status, 404);
  EXPECT_EQ(go("GET", "/api/stores", admin).status, 200);  // reads are not audited

  EXPECT_EQ(audit().size(), 3u) << "the 401 is counted, not written yet";
  EXPECT_EQ(refusals.flush(db), 1u);
  auto rows = audit();
  ASSERT_EQ(rows.size(), 4u);  // newest first: the counted refusal was written last
  EXPECT_EQ(rows[0].action, "store.create");
  EXPECT_EQ(rows[0].actor, "anonymous");
  EXPECT_EQ(rows[0].client_ip, "10.1.2.3");
  EXPECT_EQ(rows[0].outcome, "rejected: unauthorized");
  EXPECT_EQ(rows[0].store, "anon-shop");
  EXPECT_EQ(rows[0].detail.rfind("1 refusal from ", 0), 0u) << rows[0].detail;
  EXPECT_EQ(rows[3].outcome, "accepted");
  EXPECT_EQ(rows[3].actor, "admin");
  EXPECT_EQ(rows[2].outcome, "rejected: conflict");
  EXPECT_EQ(rows[1].action, "store.delete");
  EXPECT_EQ(rows[1].store, "none-here");
  EXPECT_EQ(rows[1].outcome, "rejected: not_found");
  EXPECT_EQ(refusals.flush(db), 0u) << "nothing counted since";
}

// A flood of refused requests is a handful of rows in one transaction, whatever its size and spread.
TEST_F(AuditedPipeline, AFloodOfRefusalsIsCountedNotWrittenOneByOne) {
  for (int i = 0; i < 2000; ++i)
    pipeline.handle({"POST", "/api/stores", {{"Content-Type", "application/json"}}, "{}", "10.9.9.1"});
  for (int i = 0; i < 50; ++i)  // 50 more sources: over the cap of 3, counted together
    pipeline.handle({"DELETE", "/api/stores/x-shop", {}, "", "10.8.0." + std::to_string(i)});
  EXPECT_TRUE(audit().empty());
  EXPECT_EQ(refusals.pending(), 2050u);
  EXPECT_EQ(refusals.flush(db), 4u);  // three sources one by one (the flood may be 401s, then 429s), one for the rest
  const auto rows = audit();
  ASSERT_EQ(rows.size(), 4u);
  std::uint64_t total = 0, from_flood = 0;
  for (const auto& r : rows) {
    total += std::stoull(r.detail);
    if (r.client_ip == "10.9.9.1") from_flood += std::stoull(r.detail);
  }
  EXPECT_EQ(total, 2050u) << "every refusal is accounted for";
  EXPECT_EQ(from_flood, 2000u);
  EXPECT_EQ(rows[0].client_ip, "various");
  EXPECT_EQ(refusals.pending(), 0u);
}

TEST_F(AuditedPipeline, SecretsNeverReachTheAuditLog) {
  go("POST", "/api/session", {{"Content-Type", "application/json"}}, R"({"token":"guessed-token-value"})");
  go("POST", "/api/stores", {{"Authorization", "Bearer wrong-bearer-value"}}, "{}");
  for (const auto& e : audit()) {
    const auto all = e.action + e.store + e.actor + e.outcome + e.detail;
    EXPECT_EQ(all.find("guessed-token-value"), std::string::npos);
    EXPECT_EQ(all.find("wrong-bearer-value"), std::string::npos);
  }
  refusals.flush(db);
  EXPECT_EQ(audit().size(), 2u);
}

TEST_F(AuditedPipeline, DashboardHtmlCarriesAContentSecurityPolicy) {
  {
    std::ofstream(dir.file("index.html")) << "<!doctype html><title>x</title>";
  }
  api::StaticFiles with_index(dir.path());
  api::RequestPipeline p(router, with_index, api::CorsPolicy(std::vector<std::string>{}), metrics);
  auto r = p.handle({"GET", "/", {}, {}, "10.1.2.3"});
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(r.header("Content-Security-Policy").find("default-src 'self'"), std::string::npos);
  EXPECT_NE(r.header("Content-Security-Policy").find("frame-ancestors 'none'"), std::string::npos);
  EXPECT_EQ(r.header("Referrer-Policy"), "no-referrer");
  EXPECT_EQ(r.header("X-Content-Type-Options"), "nosniff");
  EXPECT_TRUE(r.header("Server").empty());
}

}  // namespace
}  // namespace storefleet::test
