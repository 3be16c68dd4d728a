// CORS allowlist and the request pipeline (preflight, OPTIONS, static fallback, headers, metrics).
#include "api_fixture.hpp"

#include "storefleet/api/cors.hpp"
#include "storefleet/api/request_pipeline.hpp"
#include "storefleet/db/stores.hpp"

namespace storefleet::test {
namespace {

using api::CorsPolicy;
using api::RawRequest;

TEST(Cors, OnlyListedOriginsAreEchoed) {
  CorsPolicy cors({"https://dash.example/", "http://localhost:5173"});
  EXPECT_TRUE(cors.allows("https://dash.example"));
  EXPECT_FALSE(cors.allows("https://evil.example"));
  EXPECT_FALSE(cors.allows(""));
  api::HttpResponse r;
  cors.decorate(api::make_request("GET", "/", {{"Origin", "http://localhost:5173"}}), r);
  EXPECT_EQ(r.header("Access-Control-Allow-Origin"), "http://localhost:5173");
  EXPECT_EQ(r.header("Vary"), "Origin");
  api::HttpResponse denied;
  cors.decorate(api::make_request("GET", "/", {{"Origin", "https://evil.example"}}), denied);
  EXPECT_EQ(denied.header("Access-Control-Allow-Origin"), "");
}

TEST(Cors, Preflight) {
  CorsPolicy cors({"http://localhost:5173"});
  auto ok = cors.preflight(api::make_request(
      "OPTIONS", "/api/stores", {{"Origin", "http://localhost:5173"}, {"Access-Control-Request-Method", "POST"}}));
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 204);
  EXPECT_NE(ok->header("Access-Control-Allow-Methods").find("POST"), std::string::npos);
  auto bad = cors.preflight(api::make_request(
      "OPTIONS", "/api/stores", {{"Origin", "https://evil.example"}, {"Access-Control-Request-Method", "POST"}}));
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 403);
  EXPECT_FALSE(cors.preflight(api::make_request("OPTIONS", "/api/stores")));
  EXPECT_TRUE(CorsPolicy({"*"}).allows("https://anything.example"));
  EXPECT_EQ(ok->header("Access-Control-Allow-Credentials"), "true");
  // "*" lets any origin read, but never with the session cookie.
  auto any = CorsPolicy({"*"}).preflight(api::make_request(
      "OPTIONS", "/api/stores", {{"Origin", "https://any.example"}, {"Access-Control-Request-Method", "GET"}}));
  ASSERT_TRUE(any);
  EXPECT_EQ(any->status, 204);
  EXPECT_TRUE(any->header("Access-Control-Allow-Credentials").empty());
}

class PipelineTest : public ApiFixture {
 protected:
  PipelineTest() : statics(std::filesystem::path{}), pipeline(router, statics, CorsPolicy({"http://ok.example"}), metrics) {}
  api::HttpResponse go(std::string method, std::string target, std::map<std::string, std::string> headers = {},
                       std::string body = {}) {
    return pipeline.handle(RawRequest{std::move(method), std::move(target), std::move(headers), std::move(body), "10.0.0.9"});
  }
  api::StaticFiles statics;
  api::RequestMetrics metrics;
  api::RequestPipeline pipeline;
};

TEST_F(PipelineTest, ApiResponsesCarrySecurityAndCacheHeaders) {
  auto r = go("GET", "/api/health", {{"Origin", "http://ok.example"}});
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.header("X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(r.header("Cache-Control"), "no-store");
  EXPECT_EQ(r.header("Access-Control-Allow-Origin"), "http://ok.example");
}

TEST_F(PipelineTest, CreateRecordsClientIpInAudit) {
  auto r = go("POST", "/api/stores", {{"Content-Type", "application/json"}}, R"({"storeName":"ip-shop","engine":"medusa"})");
  ASSERT_EQ(r.status, 202);
  auto logs = json(go("GET", "/api/audit-logs"));
  EXPECT_EQ(logs.at("logs").at(0).at("client_ip").as_string(), "10.0.0.9");
}

TEST_F(PipelineTest, OptionsListsAllowedMethods) {
  auto r = go("OPTIONS", "/api/stores/x");
  EXPECT_EQ(r.status, 204);
  EXPECT_EQ(r.header("Allow"), "GET, HEAD, PATCH, DELETE, OPTIONS");
  EXPECT_EQ(go("OPTIONS", "/api/nothing").status, 404);
  EXPECT_EQ(go("OPTIONS", "/api/stores", {{"Origin", "http://evil.example"}, {"Access-Control-Request-Method", "POST"}})
                .status,
            403);
}

TEST_F(PipelineTest, MalformedTargetIs400Json) {
  for (auto t : {"http://evil.example/api/stores", "/a\\..\\secret.txt", "/api/stores?cursor=%%%", "*"}) {
    auto r = go("GET", t);
    EXPECT_EQ(r.status, 400) << t;
    EXPECT_EQ(error_code_of(r), "bad_request");
  }
}

TEST_F(PipelineTest, NonApiPathsGoToStaticFiles) {
  EXPECT_EQ(go("GET", "/").status, 404);  // no dashboard dir configured
  EXPECT_EQ(go("DELETE", "/anything").status, 405);
}

TEST_F(PipelineTest, EveryRequestIsCountedByRouteNotPath) {
  go("GET", "/api/stores/aaa-1");
  go("GET", "/api/stores/aaa-2");
  auto text = metrics.render({});
  EXPECT_NE(text.find(R"(route="/api/stores/:name",method="GET",status="404"} 2)"), std::string::npos) << text;
  EXPECT_EQ(text.find("aaa-1"), std::string::npos);
}

TEST_F(PipelineTest, AuthenticatorRunsBeforeApiRoutesAndStreamsOnly) {
  pipeline.set_authenticator([](api::HttpRequest& req) -> std::optional<api::HttpResponse> {
    if (req.header("authorization") != "Bearer good") return api::error_response(Errc::unauthorized, "token required");
    req.ctx.actor = "tok-1";
    return std::nullopt;
  });
  EXPECT_EQ(go("GET", "/api/stores").status, 401);
  EXPECT_EQ(go("POST", "/api/stores", {{"Content-Type", "application/json"}}, R"({"storeName":"x-shop","engine":"medusa"})")
                .status,
            401);
  auto sse = pipeline.prepare_sse(RawRequest{"GET", "/api/events", {}, "", "ip"});
  ASSERT_TRUE(std::holds_alternative<api::HttpResponse>(sse));
  EXPECT_EQ(std::get<api::HttpResponse>(sse).status, 401);
  EXPECT_EQ(go("GET", "/").status, 404);  // static files are not behind the authenticator (no dashboard here)
  auto ok = go("POST", "/api/stores", {{"Content-Type", "application/json"}, {"Authorization", "Bearer good"}},
               R"({"storeName":"auth-shop","engine":"medusa"})");
  ASSERT_EQ(ok.status, 202) << ok.body;
  auto logs = json(go("GET", "/api/audit-logs", {{"Authorization", "Bearer good"}}));
  EXPECT_EQ(logs.at("logs").at(0).at("actor").as_string(), "tok-1");
  db.read([](db::Conn& c) { EXPECT_EQ(db::StoreRepo::list(c, {}).size(), 1u); });
}

TEST_F(PipelineTest, PrepareSse) {
  auto ok = pipeline.prepare_sse(RawRequest{"GET", "/api/events?store=my-shop", {{"Last-Event-ID", "41"}}, "", "ip"});
  ASSERT_TRUE(std::holds_alternative<api::SseStart>(ok));
  const auto& s = std::get<api::SseStart>(ok);
  EXPECT_EQ(s.store, "my-shop");
  EXPECT_EQ(s.last_event_id, 41);
  EXPECT_EQ(s.head.content_type, "text/event-stream");
  for (auto [target, id] : std::vector<std::pair<std::string, std::string>>{
           {"/api/events?store=Bad!", ""}, {"/api/events", "abc"}, {"/api/events", "-5"}, {"/api/events", "1 2"}}) {
    auto bad = pipeline.prepare_sse(RawRequest{"GET", target, {{"Last-Event-ID", id}}, "", "ip"});
    ASSERT_TRUE(std::holds_alternative<api::HttpResponse>(bad)) << target << " " << id;
    EXPECT_EQ(std::get<api::HttpResponse>(bad).status, 400);
  }
  EXPECT_TRUE(api::RequestPipeline::is_event_stream("GET", "/api/events?x=1"));
  EXPECT_FALSE(api::RequestPipeline::is_event_stream("POST", "/api/events"));
}

}  // namespace
}  // namespace storefleet::test
