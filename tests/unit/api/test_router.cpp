// Router: pattern matching, 404/405 + Allow, DomainError → status mapping, internal errors hidden.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "storefleet/api/json_response.hpp"
#include "storefleet/api/router.hpp"

namespace storefleet::api {
namespace {

HttpResponse text(std::string s) {
  HttpResponse r;
  r.content_type = "text/plain";
  r.body = std::move(s);
  return r;
}

class RouterTest : public ::testing::Test {
 protected:
  RouterTest() {
    router.add("GET", "/api/things", [](const HttpRequest&, const PathParams&) { return text("list"); });
    router.add("POST", "/api/things", [](const HttpRequest&, const PathParams&) { return text("create"); });
    router.add("GET", "/api/things/:name", [](const HttpRequest&, const PathParams& p) { return text(p.at("name")); });
    router.add("DELETE", "/api/things/:name", [](const HttpRequest&, const PathParams&) { return text("gone"); });
    router.add("GET", "/api/boom", [](const HttpRequest&, const PathParams&) -> HttpResponse {
      throw std::runtime_error("SELECT secret FROM x failed at /var/lib/db");
    });
    router.add("GET", "/api/conflict", [](const HttpRequest&, const PathParams&) -> HttpResponse {
      throw DomainError(Errc::conflict, "taken", {{"storeName", "exists"}});
    });
  }
  RouteResult go(const std::string& method, const std::string& target) {
    return router.dispatch(make_request(method, target));
  }
  Router router;
};

TEST_F(RouterTest, MatchesLiteralAndParameterSegments) {
  EXPECT_EQ(go("GET", "/api/things").response.body, "list");
  EXPECT_EQ(go("POST", "/api/things").response.body, "create");
  auto r = go("GET", "/api/things/my-shop");
  EXPECT_EQ(r.response.body, "my-shop");
  EXPECT_EQ(r.route, "/api/things/:name");
}

TEST_F(RouterTest, TrailingSlashAndQueryDoNotChangeTheRoute) {
  EXPECT_EQ(go("GET", "/api/things/").response.body, "list");
  EXPECT_EQ(go("GET", "/api/things?limit=3").response.body, "list");
}

TEST_F(RouterTest, PercentEncodedParameterIsDecoded) {
  EXPECT_EQ(go("GET", "/api/things/a%2Db").response.body, "a-b");
}

TEST_F(RouterTest, EncodedSlashInParameterIsRejected) {
  auto r = go("GET", "/api/things/a%2Fb");
  EXPECT_EQ(r.response.status, 400);
}

TEST_F(RouterTest, UnknownPathIs404Json) {
  auto r = go("GET", "/api/nothing");
  EXPECT_EQ(r.response.status, 404);
  EXPECT_EQ(r.route, "unmatched");
  auto v = boost::json::parse(r.response.body);
  EXPECT_EQ(v.at("error").at("code").as_string(), "not_found");
  EXPECT_TRUE(v.at("error").at("details").is_array());
}

TEST_F(RouterTest, WrongMethodIs405WithAllow) {
  auto r = go("PUT", "/api/things/x");
  EXPECT_EQ(r.response.status, 405);
  EXPECT_EQ(r.response.header("Allow"), "GET, HEAD, DELETE");
  EXPECT_EQ(go("PATCH", "/api/things").response.header("allow"), "GET, HEAD, POST");
}

TEST_F(RouterTest, HeadIsServedByGet) { EXPECT_EQ(go("HEAD", "/api/things").response.status, 200); }

TEST_F(RouterTest, DomainErrorMapsToItsStatusAndDetails) {
  auto r = go("GET", "/api/conflict");
  EXPECT_EQ(r.response.status, 409);
  auto v = boost::json::parse(r.response.body);
  EXPECT_EQ(v.at("error").at("code").as_string(), "conflict");
  EXPECT_EQ(v.at("error").at("details").at(0).at("field").as_string(), "storeName");
}

TEST_F(RouterTest, UnexpectedExceptionIs500WithoutInternals) {
  auto r = go("GET", "/api/boom");
  EXPECT_EQ(r.response.status, 500);
  EXPECT_EQ(r.response.body.find("SELECT"), std::string::npos);
  EXPECT_EQ(r.response.body.find("/var/lib"), std::string::npos);
}

TEST(ErrorResponse, EveryErrcHasItsStatusAndCode) {
  const std::vector<std::pair<Errc, int>> table{
      {Errc::bad_request, 400},       {Errc::invalid_json, 400},         {Errc::unauthorized, 401},
      {Errc::forbidden, 403},         {Errc::not_found, 404},            {Errc::method_not_allowed, 405},
      {Errc::conflict, 409},          {Errc::payload_too_large, 413},    {Errc::unsupported_media_type, 415},
      {Errc::validation_failed, 422}, {Errc::idempotency_mismatch, 422}, {Errc::rate_limited, 429},
      {Errc::internal, 500},          {Errc::unavailable, 503}};
  for (const auto& [code, status] : table) {
    auto r = error_response(code, "m");
    EXPECT_EQ(r.status, status) << error_code(code);
    EXPECT_EQ(r.content_type, "application/json");
    EXPECT_EQ(boost::json::parse(r.body).at("error").at("code").as_string(), error_code(code));
  }
}

TEST(SplitPath, RejectsNulAndBackslashAfterDecoding) {
  EXPECT_THROW(split_path("/a/%00b"), DomainError);
  EXPECT_THROW(split_path("/a/%5Cb"), DomainError);
  EXPECT_THROW(split_path("/a/%zz"), DomainError);
  EXPECT_EQ(split_path("//a///b/"), (std::vector<std::string>{"a", "b"}));
}

TEST(MakeRequest, DecodesQueryAndLowercasesHeaders) {
  auto r = make_request("GET", "/api/x?status=Ready&store=a%2Db&empty=", {{"Content-Type", "a/b"}});
  EXPECT_EQ(r.path, "/api/x");
  EXPECT_EQ(r.query.at("status"), "Ready");
  EXPECT_EQ(r.query.at("store"), "a-b");
  EXPECT_EQ(r.query.at("empty"), "");
  EXPECT_EQ(r.header("content-type"), "a/b");
}

TEST(MakeRequest, RejectsNonOriginFormTargets) {
  EXPECT_THROW(make_request("GET", "http://evil/x"), DomainError);
  EXPECT_THROW(make_request("GET", "*"), DomainError);
  EXPECT_THROW(make_request("GET", "/a b"), DomainError);
}

}  // namespace
}  // namespace storefleet::api
