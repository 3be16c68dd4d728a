// with_idempotency on its own: one run per (credential, key), reservations against concurrent duplicates,
// abandoned reservations, 5xx answers not kept.
#include "api_fixture.hpp"
#include "storefleet/api/idempotency.hpp"
#include "storefleet/core/util.hpp"
#include "storefleet/db/tokens.hpp"

namespace storefleet::test {
namespace {

class IdempotencyTest : public ApiFixture {
 protected:
  api::HttpRequest keyed(const std::string& body = R"({"x":1})", const std::string& key = "k-1") {
    auto r = api::make_request("POST", "/api/stores", {{"idempotency-key", key}}, body);
    r.ctx = admin_ctx();
    return r;
  }
  api::HttpResponse run(const api::HttpRequest& r, int status = 202) {
    return api::with_idempotency(db, r, [&] {
      ++runs;
      return api::json_response(status, boost::json::object{{"run", runs}});
    });
  }
  int runs = 0;
};

TEST_F(IdempotencyTest, RunsOnceAndReplaysTheFirstAnswer) {
  auto first = run(keyed());
  auto second = run(keyed());
  EXPECT_EQ(runs, 1);
  EXPECT_EQ(second.body, first.body);
  EXPECT_EQ(second.status, 202);
  EXPECT_EQ(second.header("Idempotent-Replayed"), "true");
  EXPECT_THROW(run(keyed(R"({"x":2})")), DomainError);  // same key, another body
  EXPECT_EQ(runs, 1);
}

TEST_F(IdempotencyTest, ARequestWhoseTwinIsStillRunningGets409) {
  const auto hash = api::idempotency_request_hash(keyed());
  db.write([&](db::Conn& c) { db::IdempotencyRepo::save(c, "admin", "k-1", {hash, 0, "", now_ms()}, now_ms()); });
  try {
    run(keyed());
    FAIL() << "expected a conflict";
  } catch (const DomainError& e) {
    EXPECT_EQ(e.code(), Errc::conflict);
  }
  EXPECT_EQ(runs, 0);
}

TEST_F(IdempotencyTest, AnAbandonedReservationIsRetaken) {
  const auto hash = api::idempotency_request_hash(keyed());
  const auto long_ago = now_ms() - api::kIdempotencyInFlightMs - 1000;
  db.write([&](db::Conn& c) { db::IdempotencyRepo::save(c, "admin", "k-1", {hash, 0, "", long_ago}, long_ago); });
  EXPECT_EQ(run(keyed()).status, 202);
  EXPECT_EQ(runs, 1);
}

TEST_F(IdempotencyTest, ServerErrorsAreNotKeptSoARetryRuns) {
  EXPECT_EQ(run(keyed(), 503).status, 503);
  EXPECT_EQ(run(keyed(), 202).status, 202);
  EXPECT_EQ(runs, 2);
  run(keyed());
  EXPECT_EQ(runs, 2);
}

TEST_F(IdempotencyTest, KeysBelongToACredentialAndRequestsWithoutAKeyAlwaysRun) {
  run(keyed());
  auto other = keyed();
  other.ctx = tenant_ctx("tok_b");
  run(other);
  EXPECT_EQ(runs, 2);
  auto plain = api::make_request("POST", "/api/stores", {}, "{}");
  run(plain);
  run(plain);
  EXPECT_EQ(runs, 4);
}

}  // namespace
}  // namespace storefleet::test
