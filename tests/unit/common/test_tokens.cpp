#include <gtest/gtest.h>

#include "storefleet/core/util.hpp"
#include "storefleet/db/tokens.hpp"
#include "temp_dir.hpp"

using namespace storefleet;
using namespace storefleet::db;

namespace {

class Tokens : public ::testing::Test {
 protected:
  test::TempDir dir;
  Database db{dir.file("t.db")};
};

TEST_F(Tokens, IssuedSecretFindsItsTokenAndOnlyItsHashIsStored) {
  auto issued = db.write([](Conn& c) { return TokenRepo::issue(c, "team-a", Role::tenant, 3, 100); });
  EXPECT_EQ(issued.secret.rfind("sf_", 0), 0u);
  EXPECT_EQ(issued.token.id.rfind("tok_", 0), 0u);
  auto found = db.read([&](Conn& c) { return TokenRepo::find_by_secret(c, issued.secret); });
  ASSERT_TRUE(found);
  EXPECT_EQ(found->id, issued.token.id);
  EXPECT_EQ(found->role, Role::tenant);
  EXPECT_EQ(found->store_limit, 3);
  EXPECT_FALSE(db.read([&](Conn& c) { return TokenRepo::find_by_secret(c, issued.secret + "x"); }));
  // Nothing in the file holds the secret itself.
  auto stored = db.read([](Conn& c) { return c.execAndGet("SELECT secret_hash FROM api_tokens").getString(); });
  EXPECT_EQ(stored, sha256_hex(issued.secret));
  EXPECT_EQ(stored.find(issued.secret), std::string::npos);
}

TEST_F(Tokens, RevokedTokensNoLongerAuthenticate) {
  auto issued = db.write([](Conn& c) { return TokenRepo::issue(c, "ops", Role::admin, 0, 100); });
  EXPECT_TRUE(db.write([&](Conn& c) { return TokenRepo::revoke(c, issued.token.id, 200); }));
  EXPECT_FALSE(db.write([&](Conn& c) { return TokenRepo::revoke(c, issued.token.id, 300); }));
  EXPECT_FALSE(db.read([&](Conn& c) { return TokenRepo::find_by_secret(c, issued.secret); }));
  auto listed = db.read([](Conn& c) { return TokenRepo::list(c); });
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].revoked_at, 200);
}

TEST_F(Tokens, SessionsExpireAndCanBeRemoved) {
  auto secret = db.write([](Conn& c) { return SessionRepo::create(c, "tok_1", Role::tenant, 1000, 0); });
  EXPECT_EQ(secret.size(), 64u);
  auto s = db.read([&](Conn& c) { return SessionRepo::find(c, secret, 999); });
  ASSERT_TRUE(s);
  EXPECT_EQ(s->token_id, "tok_1");
  EXPECT_FALSE(db.read([&](Conn& c) { return SessionRepo::find(c, secret, 1000); })) << "expired";
  auto other = db.write([](Conn& c) { return SessionRepo::create(c, "tok_2", Role::admin, 5000, 0); });
  db.write([&](Conn& c) { SessionRepo::remove(c, other); });
  EXPECT_FALSE(db.read([&](Conn& c) { return SessionRepo::find(c, other, 1); }));
  auto third = db.write([](Conn& c) { return SessionRepo::create(c, "tok_3", Role::tenant, 5000, 0); });
  db.write([](Conn& c) { SessionRepo::remove_for_token(c, "tok_3"); });
  EXPECT_FALSE(db.read([&](Conn& c) { return SessionRepo::find(c, third, 1); }));
  EXPECT_EQ(db.write([](Conn& c) { return SessionRepo::purge_expired(c, 2000); }), 1);
}

TEST_F(Tokens, IdempotencyRecordsReplayWithinTheirWindow) {
  db.write([](Conn& c) { IdempotencyRepo::save(c, "tok_1", "key-1", {"hash-a", 202, R"({"ok":true})"}, 1000); });
  auto hit = db.read([](Conn& c) { return IdempotencyRepo::find(c, "tok_1", "key-1", 500); });
  ASSERT_TRUE(hit);
  EXPECT_EQ(hit->status, 202);
  EXPECT_EQ(hit->request_hash, "hash-a");
  EXPECT_FALSE(db.read([](Conn& c) { return IdempotencyRepo::find(c, "tok_2", "key-1", 500); })) << "per actor";
  EXPECT_FALSE(db.read([](Conn& c) { return IdempotencyRepo::find(c, "tok_1", "key-1", 1001); })) << "too old";
  db.write([](Conn& c) { IdempotencyRepo::save(c, "tok_1", "key-1", {"hash-b", 409, "{}"}, 90000); });
  EXPECT_EQ(db.read([](Conn& c) { return IdempotencyRepo::find(c, "tok_1", "key-1", 0); })->request_hash, "hash-b");
  EXPECT_EQ(db.write([](Conn& c) { return IdempotencyRepo::purge_older_than(c, 100000); }), 1);
}

}  // namespace
