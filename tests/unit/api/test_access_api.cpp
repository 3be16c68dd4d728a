// Sessions (login/whoami/logout) and API tokens (admin only; the secret is shown once, only its hash is kept).
#include <gtest/gtest.h>

#include <SQLiteCpp/Statement.h>

#include "api_fixture.hpp"
#include "storefleet/core/util.hpp"
#include "storefleet/db/tokens.hpp"

namespace storefleet::test {
namespace {

using AccessApiTest = ApiFixture;

std::string login_body(const std::string& token) {
  return boost::json::serialize(boost::json::object{{"token", token}});
}

TEST_F(AccessApiTest, LoginSetsAnHttpOnlyStrictCookieThatAuthenticates) {
  auto r = call("POST", "/api/session", login_body("test-admin-token-0123456789"));
  ASSERT_EQ(r.status, 200) << r.body;
  const auto cookie = r.header("Set-Cookie");
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos);
  EXPECT_NE(cookie.find("Path=/"), std::string::npos);
  EXPECT_EQ(json(r).at("role").as_string(), "admin");
  EXPECT_EQ(r.body.find("test-admin-token"), std::string::npos);  // the token is not echoed

  const auto secret = cookie.substr(cookie.find('=') + 1, cookie.find(';') - cookie.find('=') - 1);
  auto req = api::make_request("GET", "/api/session", {{"cookie", "sf_session=" + secret}});
  req.ctx.client_ip = "127.0.0.1";
  ASSERT_FALSE(auth(req));
  EXPECT_EQ(req.ctx.actor, "admin");
  // Only the hash of the session secret is in the database.
  db.read([&](db::Conn& c) {
    SQLite::Statement q(c, "SELECT count(*) FROM sessions WHERE secret_hash = ?");
    q.bind(1, sha256_hex(secret));
    q.executeStep();
    EXPECT_EQ(q.getColumn(0).getInt(), 1);
    SQLite::Statement raw(c, "SELECT count(*) FROM sessions WHERE secret_hash = ?");
    raw.bind(1, secret);
    raw.executeStep();
    EXPECT_EQ(raw.getColumn(0).getInt(), 0);
  });
}

TEST_F(AccessApiTest, LoginRefusesWrongTokensAndForeignOrigins) {
  EXPECT_EQ(call("POST", "/api/session", login_body("nope")).status, 401);
  EXPECT_EQ(call("POST", "/api/session", "{}").status, 422);
  auto cross = call("POST", "/api/session", login_body("test-admin-token-0123456789"),
                    {{"Content-Type", "application/json"}, {"Host", "h:1"}, {"Origin", "http://evil.example"}});
  EXPECT_EQ(cross.status, 403);
  EXPECT_TRUE(cross.header("Set-Cookie").empty());
}

TEST_F(AccessApiTest, LogoutEndsTheSession) {
  auto r = call("POST", "/api/session", login_body("test-admin-token-0123456789"));
  const auto cookie = r.header("Set-Cookie");
  const auto secret = cookie.substr(cookie.find('=') + 1, cookie.find(';') - cookie.find('=') - 1);
  auto out = call("DELETE", "/api/session", {}, {{"Cookie", "sf_session=" + secret}});
  EXPECT_EQ(out.status, 204);
  EXPECT_NE(out.header("Set-Cookie").find("Max-Age=0"), std::string::npos);
  auto req = api::make_request("GET", "/api/session", {{"cookie", "sf_session=" + secret}});
  auto refused = auth(req);
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 401);
}

TEST_F(AccessApiTest, AdminListsAndEndsSessionsOneOrAll) {
  auto login_secret = [&] {
    auto r = call("POST", "/api/session", login_body("test-admin-token-0123456789"));
    const auto cookie = r.header("Set-Cookie");
    return cookie.substr(cookie.find('=') + 1, cookie.find(';') - cookie.find('=') - 1);
  };
  const auto first = login_secret(), second = login_secret();
  auto works = [&](const std::string& secret) {
    auto req = api::make_request("GET", "/api/stores", {{"cookie", "sf_session=" + secret}});
    return !auth(req);
  };
  auto list = call("GET", "/api/sessions");
  ASSERT_EQ(list.status, 200);
  const auto sessions = json(list).at("sessions").as_array();
  ASSERT_EQ(sessions.size(), 2u);
  for (const auto& s : sessions) {
    EXPECT_TRUE(std::string(s.at("id").as_string()).starts_with("ses_"));
    EXPECT_EQ(s.at("tokenId").as_string(), "admin");
    EXPECT_EQ(list.body.find(first), std::string::npos);  // never a secret
  }
  ctx = tenant_ctx("tok_abc", 2);
  EXPECT_EQ(call("GET", "/api/sessions").status, 403);
  EXPECT_EQ(call("DELETE", "/api/sessions").status, 403);
  ctx = admin_ctx();

  const std::string first_id = "ses_" + sha256_hex(first).substr(0, 16);
  EXPECT_EQ(call("DELETE", "/api/session/" + first_id).status, 204);
  EXPECT_FALSE(works(first));
  EXPECT_TRUE(works(second));
  EXPECT_EQ(call("DELETE", "/api/session/" + first_id).status, 404);
  EXPECT_EQ(call("DELETE", "/api/sessions").status, 204);  // log out everywhere
  EXPECT_FALSE(works(second));
  EXPECT_EQ(json(call("GET", "/api/sessions")).at("sessions").as_array().size(), 0u);
}

TEST_F(AccessApiTest, WhoAmIDescribesTheCaller) {
  ctx = tenant_ctx("tok_abc", 2);
  auto r = call("GET", "/api/session");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(json(r).at("actor").as_string(), "tok_abc");
  EXPECT_EQ(json(r).at("role").as_string(), "tenant");
  EXPECT_EQ(json(r).at("storeLimit").as_int64(), 2);
}

TEST_F(AccessApiTest, AdminIssuesListsAndRevokesTokens) {
  auto r = call("POST", "/api/tokens", R"({"name":"shop team","role":"tenant","storeLimit":2})");
  ASSERT_EQ(r.status, 201) << r.body;
  const auto issued = json(r);
  const std::string secret(issued.at("token").as_string());
  const std::string id(issued.at("id").as_string());
  EXPECT_EQ(secret.rfind("sf_", 0), 0u);
  EXPECT_EQ(id.rfind("tok_", 0), 0u);
  EXPECT_EQ(issued.at("storeLimit").as_int64(), 2);

  auto who = auth.identify_token(secret);
  ASSERT_TRUE(who);
  EXPECT_EQ(who->actor, id);
  EXPECT_FALSE(who->admin);

  auto list = call("GET", "/api/tokens");
  ASSERT_EQ(list.status, 200);
  EXPECT_NE(list.body.find(id), std::string::npos);
  EXPECT_EQ(list.body.find(secret), std::string::npos);  // never shown again

  EXPECT_EQ(call("DELETE", "/api/tokens/" + id).status, 200);
  EXPECT_FALSE(auth.identify_token(secret));
  EXPECT_EQ(call("DELETE", "/api/tokens/tok_missing").status, 404);
}

TEST_F(AccessApiTest, TokenRequestsAreValidated) {
  for (auto body : {R"({})", R"({"name":""})", R"({"name":"x","role":"root"})", R"({"name":"x","storeLimit":-1})",
                    R"({"name":"x","storeLimit":"3"})"}) {
    auto r = call("POST", "/api/tokens", body);
    EXPECT_EQ(r.status, 422) << body;
  }
}

TEST_F(AccessApiTest, TenantsCannotManageTokens) {
  ctx = tenant_ctx("tok_a");
  EXPECT_EQ(call("POST", "/api/tokens", R"({"name":"x"})").status, 403);
  EXPECT_EQ(call("GET", "/api/tokens").status, 403);
  EXPECT_EQ(call("DELETE", "/api/tokens/tok_a").status, 403);
}

}  // namespace
}  // namespace storefleet::test
