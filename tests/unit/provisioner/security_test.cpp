// The provisioner's security decisions as pure functions: the start-up token requirement, the Host check, bearer
// comparison, who may call the internal endpoints, and reading the admin login out of a Secret.
#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

#include "storefleet/provisioner/internal_auth.hpp"
#include "storefleet/provisioner/store_credentials.hpp"
#include "storefleet/provisioner/store_resources.hpp"

using namespace storefleet::provisioner;
namespace json = boost::json;

TEST(Loopback, Hosts) {
  for (const char* h : {"127.0.0.1", "127.0.0.2", "127.255.255.254", "::1", "localhost", "0:0:0:0:0:0:0:1"})
    EXPECT_TRUE(is_loopback_host(h)) << h;
  for (const char* h : {"0.0.0.0", "::", "10.0.0.1", "128.0.0.1", "126.255.255.255", "192.168.1.5", "example.com",
                        "localhost.evil.com", "", "127.0.0.1 ", "::ffff:10.0.0.1", "fe80::1"})
    EXPECT_FALSE(is_loopback_host(h)) << h;
}

TEST(Startup, TheInternalTokenIsRequired) {
  EXPECT_FALSE(startup_problem(true));
  const auto problem = startup_problem(false);
  ASSERT_TRUE(problem);
  EXPECT_NE(problem->find("--internal-token-file"), std::string::npos);
}

// (Host header, listen host) → answered? Bound to loopback, only loopback names with our port (DNS rebinding).
TEST(HostCheck, LoopbackServersAnswerOnlyLoopbackNames) {
  for (const char* h : {"127.0.0.1:3002", "localhost:3002", "[::1]:3002", "127.0.0.1", "localhost"})
    EXPECT_TRUE(host_allowed(h, "127.0.0.1", 3002)) << h;
  for (const char* h : {"evil.example:3002", "evil.example", "127.0.0.1:3003", "localhost:80", "", "[::1",
                        "127.0.0.1.evil.example:3002", "[::1]:3003"})
    EXPECT_FALSE(host_allowed(h, "127.0.0.1", 3002)) << h;
  EXPECT_TRUE(host_allowed("storefleet-provisioner.storefleet-system:3002", "0.0.0.0", 3002));  // behind a Service
}

TEST(Bearer, ExactMatchOnly) {
  const std::string token = "s3cret-internal-token";
  EXPECT_TRUE(bearer_matches("Bearer s3cret-internal-token", token));
  EXPECT_TRUE(bearer_matches("bearer s3cret-internal-token", token));  // the scheme is case-insensitive
  for (const char* bad : {"", "Bearer", "Bearer ", "s3cret-internal-token", "Bearer S3CRET-INTERNAL-TOKEN",
                          "Bearer s3cret-internal-toke", "Bearer s3cret-internal-token ", "Bearer s3cret-internal-tokenX",
                          "Basic s3cret-internal-token", "Bearer  s3cret-internal-token"})
    EXPECT_FALSE(bearer_matches(bad, token)) << bad;
  EXPECT_FALSE(bearer_matches("Bearer ", ""));  // no token configured never matches
  EXPECT_FALSE(bearer_matches("", ""));
}

// (token configured, header) → decision: loopback callers are no exception.
TEST(Access, EveryCallerPresentsTheInternalToken) {
  const std::string tok = "tok-0123456789abcdef", good = "Bearer " + tok;
  EXPECT_EQ(internal_access(tok, good), AccessDecision::allow);
  EXPECT_EQ(internal_access(tok, "bearer " + tok), AccessDecision::allow);
  for (const std::string& bad : {std::string(), std::string("Bearer nope"), tok, "Bearer " + tok + "x"})
    EXPECT_EQ(internal_access(tok, bad), AccessDecision::unauthorized) << bad;
  EXPECT_EQ(internal_access("", ""), AccessDecision::forbidden);
  EXPECT_EQ(internal_access("", good), AccessDecision::forbidden);
}

namespace {
json::object secret(const std::string& data_json) {
  return json::parse(R"({"kind":"Secret","metadata":{"name":"shop-credentials"},"data":)" + data_json + "}").as_object();
}
}  // namespace

TEST(SecretCredentials, DecodesOnlyTheAdminKeys) {
  // admin / pA55+word/9 / admin@shop.local, plus a database password that must not be read.
  const auto c = credentials_from_secret(secret(
      R"({"admin-user":"YWRtaW4=","admin-password":"cEE1NSt3b3JkLzk=","admin-email":"YWRtaW5Ac2hvcC5sb2NhbA==",)"
      R"("mysql-password":"ZGJwYXNz"})"));
  ASSERT_TRUE(c);
  EXPECT_EQ(c->username, "admin");
  EXPECT_EQ(c->password, "pA55+word/9");
  EXPECT_EQ(c->email, "admin@shop.local");
  // Unpadded values decode too.
  const auto unpadded = credentials_from_secret(secret(R"({"admin-user":"YQ","admin-password":"YWI","admin-email":"YWJj"})"));
  ASSERT_TRUE(unpadded);
  EXPECT_EQ(unpadded->username, "a");
  EXPECT_EQ(unpadded->password, "ab");
  EXPECT_EQ(unpadded->email, "abc");
  EXPECT_EQ(unpadded->publishable_key, "");  // a WooCommerce store, or a Secret made before keys existed
}

TEST(SecretCredentials, MedusaPublishableKey) {
  const auto c = credentials_from_secret(secret(
      R"({"admin-user":"YWRtaW4=","admin-password":"cHc=","admin-email":"YUBi","publishable-key":"cGtfMTIz"})"));
  ASSERT_TRUE(c);
  EXPECT_EQ(c->publishable_key, "pk_123");
  const auto reply = credentials_reply("shop", [&](const std::string&) { return c; });
  EXPECT_EQ(json::parse(reply.body).at("publishableKey"), "pk_123");
}

TEST(SecretCredentials, MissingOrMalformed) {
  EXPECT_FALSE(credentials_from_secret(json::parse(R"({"kind":"Secret"})").as_object()));
  EXPECT_FALSE(credentials_from_secret(secret(R"({"admin-user":"YWRtaW4=","admin-email":"YQ=="})")));
  EXPECT_FALSE(credentials_from_secret(secret(R"({"admin-user":"YWRtaW4=","admin-password":"!!","admin-email":"YQ=="})")));
  EXPECT_FALSE(credentials_from_secret(secret(R"({"admin-user":1,"admin-password":"YQ==","admin-email":"YQ=="})")));
  EXPECT_FALSE(credentials_from_secret(secret(R"([])")));
}

TEST(CredentialsReply, StatusesAndBodies) {
  const StoreCredentials creds{"admin", "Very-Secret-Pw", "admin@shop.local", ""};
  int reads = 0;
  auto found = [&](const std::string& s) -> std::optional<StoreCredentials> {
    ++reads;
    EXPECT_EQ(s, "shop");
    return creds;
  };
  const auto ok = credentials_reply("shop", found);
  EXPECT_EQ(ok.status, 200);
  const auto body = json::parse(ok.body).as_object();
  EXPECT_EQ(body.at("storeName"), "shop");
  EXPECT_EQ(body.at("username"), "admin");
  EXPECT_EQ(body.at("password"), "Very-Secret-Pw");
  EXPECT_EQ(body.at("email"), "admin@shop.local");
  EXPECT_EQ(body.size(), 4u);

  for (const char* bad : {"Bad_Name", "x", "../etc", "shop/../x", ""}) {
    const auto r = credentials_reply(bad, found);
    EXPECT_EQ(r.status, 400) << bad;
  }
  EXPECT_EQ(reads, 1);  // an invalid name never reaches the cluster

  auto absent = [](const std::string&) -> std::optional<StoreCredentials> { return std::nullopt; };
  EXPECT_EQ(credentials_reply("shop", absent).status, 404);

  auto unreachable = [](const std::string&) -> std::optional<StoreCredentials> { throw KubeError(0, "connect refused"); };
  const auto r503 = credentials_reply("shop", unreachable);
  EXPECT_EQ(r503.status, 503);
  EXPECT_EQ(json::parse(r503.body).at("error").at("code"), "cluster_unavailable");

  auto server_error = [](const std::string&) -> std::optional<StoreCredentials> { throw KubeError(500, "boom"); };
  EXPECT_EQ(credentials_reply("shop", server_error).status, 502);

  // An error whose text carries a value never passes it on.
  auto leaky = [](const std::string&) -> std::optional<StoreCredentials> {
    throw std::runtime_error("bad secret Very-Secret-Pw");
  };
  const auto r = credentials_reply("shop", leaky);
  EXPECT_EQ(r.status, 502);
  EXPECT_EQ(r.body.find("Very-Secret-Pw"), std::string::npos);
}
