// The SSE hub over a real event log: order, gap filling, replay without gaps or duplicates, store filter,
// weak subscribers, shutdown.
#include "api_fixture.hpp"

#include "storefleet/core/sse.hpp"
#include "storefleet/api/sse_hub.hpp"
#include "storefleet/core/util.hpp"
#include "storefleet/db/stores.hpp"

namespace storefleet::test {
namespace {

struct FakeSubscriber : api::SseSubscriber {
  std::vector<std::string> frames;  // one per SSE message ("…\n\n"), however many came in one delivery
  int deliveries = 0;
  std::string finished;
  void deliver(api::SseFrame f) override {
    ++deliveries;
    for (std::size_t start = 0, end; (end = f->find("\n\n", start)) != std::string::npos; start = end + 2)
      frames.push_back(f->substr(start, end + 2 - start));
  }
  void finish(api::SseFrame f) override { finished = *f; }
  std::vector<std::int64_t> ids() const {
    std::vector<std::int64_t> out;
    for (const auto& f : frames)
      if (f.rfind("id: ", 0) == 0) out.push_back(std::stoll(f.substr(4)));
    return out;
  }
};

std::vector<std::int64_t> ids_in(const std::string& text) {
  std::vector<std::int64_t> out;
  storefleet::SseParser p([&](const storefleet::SseMessage& m) {
    if (m.id) out.push_back(std::stoll(*m.id));
  });
  p.feed(text);
  return out;
}

class SseHubTest : public ::testing::Test {
 protected:
  std::int64_t append(const std::string& store, const std::string& status = "Provisioning") {
    return db.write([&](db::Conn& c) {
      const auto row = db::StoreRepo::find_live(c, store);
      return db::EventLog::append(c, db::Event{0, "store.status", store, status, "", "{}", now_ms(), row ? row->id : 0});
    });
  }
  TempDir dir;
  db::Database db{dir.file("hub.db")};
};

TEST_F(SseHubTest, CatchUpPublishesEveryNewRowInOrderOnce) {
  api::SseHub hub(db, 0);
  auto sub = std::make_shared<FakeSubscriber>();
  hub.subscribe(sub, std::nullopt, std::nullopt);
  for (int i = 0; i < 5; ++i) append("a-shop");
  EXPECT_EQ(hub.catch_up(), 5u);
  EXPECT_EQ(hub.catch_up(), 0u);
  EXPECT_EQ(sub->ids(), (std::vector<std::int64_t>{1, 2, 3, 4, 5}));
  EXPECT_EQ(hub.last_published(), 5);
}

// A client further behind than the replay limit gets a resync event (reload; resume from its id), not a replay.
TEST_F(SseHubTest, AReplayBeyondTheLimitIsAResync) {
  api::SseHub hub(db, 0, 5);
  for (int i = 0; i < 10; ++i) append("a-shop");
  hub.catch_up();
  auto far = std::make_shared<FakeSubscriber>();
  const auto first = hub.subscribe(far, std::nullopt, 2);
  EXPECT_EQ(ids_in(first), (std::vector<std::int64_t>{10})) << first;
  EXPECT_NE(first.find("event: resync\n"), std::string::npos) << first;
  EXPECT_NE(first.find("\"missed\":8"), std::string::npos) << first;
  EXPECT_EQ(hub.replays_refused(), 1u);
  auto near = std::make_shared<FakeSubscriber>();
  EXPECT_EQ(ids_in(hub.subscribe(near, std::nullopt, 5)), (std::vector<std::int64_t>{6, 7, 8, 9, 10}));
  // Both go on live from there.
  append("a-shop");
  hub.catch_up();
  EXPECT_EQ(far->ids(), (std::vector<std::int64_t>{11}));
  EXPECT_EQ(near->ids(), (std::vector<std::int64_t>{11}));
}

// Registration comes first: an event published while the replay is read reaches the subscriber live, once.
TEST_F(SseHubTest, AnEventPublishedDuringTheReplayIsNeitherLostNorDoubled) {
  api::SseHub hub(db, 0);
  for (int i = 0; i < 3; ++i) append("a-shop");
  hub.catch_up();
  auto sub = std::make_shared<FakeSubscriber>();
  const auto first = hub.subscribe(sub, std::nullopt, 0);
  append("a-shop");  // arrives after registration, before the client has read its replay
  hub.catch_up();
  EXPECT_EQ(ids_in(first), (std::vector<std::int64_t>{1, 2, 3}));
  EXPECT_EQ(sub->ids(), (std::vector<std::int64_t>{4}));
}

TEST_F(SseHubTest, EventsSinceTheLastCatchUpGoToEachStreamInOneWrite) {
  api::SseHub hub(db, 0);
  auto all = std::make_shared<FakeSubscriber>();
  auto one_store = std::make_shared<FakeSubscriber>();
  hub.subscribe(all, std::nullopt, std::nullopt);
  hub.subscribe(one_store, std::string("a-shop"), std::nullopt);
  append("a-shop");
  append("b-shop");
  append("a-shop");
  EXPECT_EQ(hub.catch_up(), 3u);
  EXPECT_EQ(all->deliveries, 1);  // three events, one write
  EXPECT_EQ(all->ids(), (std::vector<std::int64_t>{1, 2, 3}));
  EXPECT_EQ(one_store->deliveries, 1);
  EXPECT_EQ(one_store->ids(), (std::vector<std::int64_t>{1, 3}));  // its filter still applies inside the batch
  append("b-shop");
  hub.catch_up();
  EXPECT_EQ(one_store->deliveries, 1);  // nothing of its store: no write at all
  EXPECT_EQ(all->deliveries, 2);
}

// A fan-out is handed out a slice at a time with the server's pacer between slices (so requests are answered in
// between); who gets the page is decided before the first slice, so a client subscribing meanwhile finds the page
// in its replay and does not get it a second time live.
TEST_F(SseHubTest, AFanOutIsHandedOutInSlicesWithThePacerBetween) {
  api::SseHub hub(db, 0);
  std::vector<std::shared_ptr<FakeSubscriber>> subs;
  for (int i = 0; i < 10; ++i) {
    subs.push_back(std::make_shared<FakeSubscriber>());
    hub.subscribe(subs.back(), std::nullopt, std::nullopt);
  }
  std::vector<int> delivered_at_pause;
  auto late = std::make_shared<FakeSubscriber>();
  std::string late_replay;
  hub.set_delivery_pacer(
      [&] {
        int delivered = 0;
        for (const auto& s : subs) delivered += s->deliveries;
        delivered_at_pause.push_back(delivered);
        if (late_replay.empty()) late_replay = hub.subscribe(late, std::nullopt, 0);
      },
      4);
  const auto id = append("a-shop");
  EXPECT_EQ(hub.catch_up(), 1u);
  EXPECT_EQ(delivered_at_pause, (std::vector<int>{4, 8})) << "a pause after every 4 deliveries, none after the last";
  for (const auto& s : subs) EXPECT_EQ(s->ids(), (std::vector<std::int64_t>{id}));
  EXPECT_EQ(ids_in(late_replay), (std::vector<std::int64_t>{id})) << late_replay;
  EXPECT_TRUE(late->frames.empty()) << "the page came in the replay, not twice";
  EXPECT_EQ(hub.fanouts_total(), 1u);
  EXPECT_EQ(hub.deliveries_total(), 10u);
  append("a-shop");
  hub.set_delivery_pacer(nullptr);
  hub.catch_up();
  EXPECT_EQ(late->ids(), (std::vector<std::int64_t>{id + 1})) << "live from there on";
}

TEST_F(SseHubTest, LargeBacklogIsPagedWithoutLoss) {
  api::SseHub hub(db, 0);
  auto sub = std::make_shared<FakeSubscriber>();
  hub.subscribe(sub, std::nullopt, std::nullopt);
  db.write([](db::Conn& c) {
    for (int i = 0; i < 1234; ++i) db::EventLog::append(c, db::Event{0, "store.step", "b-shop", "", "", "{}", 1});
  });
  EXPECT_EQ(hub.catch_up(), 1234u);
  ASSERT_EQ(sub->frames.size(), 1234u);
  EXPECT_EQ(sub->ids().back(), 1234);
}

TEST_F(SseHubTest, SubscribeReplaysUpToPublishedThenLiveContinues) {
  for (int i = 0; i < 3; ++i) append("a-shop");
  api::SseHub hub(db, 0);
  hub.catch_up();
  append("a-shop");  // id 4: written but not yet published when the client arrives
  auto sub = std::make_shared<FakeSubscriber>();
  auto first = hub.subscribe(sub, std::nullopt, 1);
  EXPECT_EQ(first.rfind("retry: 2000\n\n", 0), 0u);
  EXPECT_EQ(ids_in(first), (std::vector<std::int64_t>{2, 3}));
  hub.catch_up();
  EXPECT_EQ(sub->ids(), (std::vector<std::int64_t>{4}));
}

TEST_F(SseHubTest, NoLastEventIdMeansLiveOnly) {
  append("a-shop");
  api::SseHub hub(db, 1);
  auto sub = std::make_shared<FakeSubscriber>();
  EXPECT_TRUE(ids_in(hub.subscribe(sub, std::nullopt, std::nullopt)).empty());
}

TEST_F(SseHubTest, StoreFilterAppliesToReplayAndLive) {
  append("a-shop");
  append("b-shop");
  api::SseHub hub(db, 0);
  hub.catch_up();
  auto sub = std::make_shared<FakeSubscriber>();
  EXPECT_EQ(ids_in(hub.subscribe(sub, "b-shop", 0)), (std::vector<std::int64_t>{2}));
  append("a-shop");
  append("b-shop");
  hub.catch_up();
  EXPECT_EQ(sub->ids(), (std::vector<std::int64_t>{4}));
}

TEST_F(SseHubTest, GoneSubscribersAreForgotten) {
  api::SseHub hub(db, 0);
  auto keep = std::make_shared<FakeSubscriber>();
  hub.subscribe(keep, std::nullopt, std::nullopt);
  {
    auto gone = std::make_shared<FakeSubscriber>();
    hub.subscribe(gone, std::nullopt, std::nullopt);
    EXPECT_EQ(hub.client_count(), 2u);
  }
  append("a-shop");
  hub.catch_up();
  EXPECT_EQ(hub.client_count(), 1u);
  EXPECT_EQ(keep->frames.size(), 1u);
}

TEST_F(SseHubTest, HeartbeatAndShutdown) {
  api::SseHub hub(db, 0);
  auto sub = std::make_shared<FakeSubscriber>();
  hub.subscribe(sub, std::nullopt, std::nullopt);
  hub.heartbeat();
  ASSERT_EQ(sub->frames.size(), 1u);
  EXPECT_EQ(sub->frames[0], ": heartbeat\n\n");
  hub.shutdown();
  EXPECT_NE(sub->finished.find("retry: 2000"), std::string::npos);
  EXPECT_EQ(hub.client_count(), 0u);
  auto late = std::make_shared<FakeSubscriber>();
  hub.subscribe(late, std::nullopt, std::nullopt);
  EXPECT_FALSE(late->finished.empty());
}

}  // namespace
}  // namespace storefleet::test

namespace storefleet::test {
namespace {

TEST_F(SseHubTest, ATenantStreamCarriesOnlyItsOwnStoresEvents) {
  db.write([](db::Conn& c) {
    db::StoreRepo::insert(c, db::NewStore{"a-shop", Engine::woocommerce, "http://a-shop.local", "tok_a"}, 1);
    db::StoreRepo::insert(c, db::NewStore{"b-shop", Engine::woocommerce, "http://b-shop.local", "tok_b"}, 1);
  });
  const auto a1 = append("a-shop");
  append("b-shop");
  api::SseHub hub(db, 0);
  hub.catch_up();
  auto tenant = std::make_shared<FakeSubscriber>();
  auto admin = std::make_shared<FakeSubscriber>();
  // Replay from the start, then live events.
  EXPECT_EQ(ids_in(hub.subscribe(tenant, std::nullopt, 0, std::string("tok_a"))), std::vector<std::int64_t>{a1});
  hub.subscribe(admin, std::nullopt, std::nullopt);
  append("b-shop");
  const auto a2 = append("a-shop");
  hub.catch_up();
  EXPECT_EQ(tenant->ids(), std::vector<std::int64_t>{a2});
  EXPECT_EQ(admin->ids().size(), 2u);
}

TEST_F(SseHubTest, AReusedNameDoesNotReplayAFormerOwnersHistory) {
  db.write([](db::Conn& c) {
    auto a = db::StoreRepo::insert(c, db::NewStore{"secret-plans", Engine::woocommerce, "http://x.local", "tok_a"}, 1);
    db::EventLog::append(c, db::Event{0, "store.status", "secret-plans", "Ready", "a's store", "{}", 2, a.id});
    db::EventLog::append(c, db::Event{0, "store.orphan", "secret-plans", "", "no store row", "{}", 3});
    db::StoreRepo::set_status(c, a.id, StoreStatus::deleted, "", 4);
    db::StoreRepo::insert(c, db::NewStore{"secret-plans", Engine::woocommerce, "http://x.local", "tok_b"}, 5);
  });
  const auto b1 = append("secret-plans", "Queued");
  api::SseHub hub(db, 0);
  hub.catch_up();
  auto everything = std::make_shared<FakeSubscriber>();
  auto one_store = std::make_shared<FakeSubscriber>();
  // From Last-Event-ID 0, over the whole stream and over the store's own stream: only b's own event.
  EXPECT_EQ(ids_in(hub.subscribe(everything, std::nullopt, 0, std::string("tok_b"))), std::vector<std::int64_t>{b1});
  EXPECT_EQ(ids_in(hub.subscribe(one_store, std::string("secret-plans"), 0, std::string("tok_b"))),
            std::vector<std::int64_t>{b1});
  auto admin = std::make_shared<FakeSubscriber>();
  EXPECT_EQ(ids_in(hub.subscribe(admin, std::nullopt, 0)).size(), 3u);  // the admin sees the whole history
}

}  // namespace
}  // namespace storefleet::test

namespace storefleet::test {
namespace {

TEST_F(SseHubTest, RevokingATokenOrLoggingOutEndsOnlyThoseStreams) {
  api::SseHub hub(db, 0);
  auto by_token = std::make_shared<FakeSubscriber>();
  auto by_session = std::make_shared<FakeSubscriber>();
  auto other = std::make_shared<FakeSubscriber>();
  hub.subscribe(by_token, std::nullopt, std::nullopt, std::string("tok_a"), {"tok_a", ""});
  hub.subscribe(by_session, std::nullopt, std::nullopt, std::nullopt, {"admin", "sess-hash-1"});
  hub.subscribe(other, std::nullopt, std::nullopt, std::nullopt, {"admin", "sess-hash-2"});
  EXPECT_EQ(hub.end_streams_of_actor("tok_a"), 1u);
  EXPECT_FALSE(by_token->finished.empty());
  EXPECT_EQ(hub.end_streams_of_session("sess-hash-1"), 1u);
  EXPECT_FALSE(by_session->finished.empty());
  EXPECT_EQ(hub.end_streams_of_session(""), 0u);
  EXPECT_TRUE(other->finished.empty());
  EXPECT_EQ(hub.client_count(), 1u);
  append("a-shop");
  hub.catch_up();
  EXPECT_EQ(other->ids().size(), 1u);
  EXPECT_TRUE(by_token->ids().empty());
}

}  // namespace
}  // namespace storefleet::test
