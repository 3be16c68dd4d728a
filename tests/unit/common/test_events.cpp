#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "storefleet/db/events.hpp"
#include "temp_dir.hpp"

using namespace storefleet;
using namespace storefleet::db;

namespace {

class Events : public ::testing::Test {
 protected:
  test::TempDir dir;
  Database db{dir.file("e.db")};
  std::int64_t append(const std::string& store, const std::string& type, const std::string& status = "",
                      const std::string& data = "{}", std::int64_t store_id = 0) {
    return db.write([&](Conn& c) { return EventLog::append(c, {0, type, store, status, "", data, 1000, store_id}); });
  }
};

TEST_F(Events, IdsIncreaseAndReadAfterResumes) {
  std::vector<std::int64_t> ids;
  for (int i = 0; i < 10; ++i) ids.push_back(append(i % 2 ? "odd" : "even", "store.step"));
  for (std::size_t i = 1; i < ids.size(); ++i) EXPECT_GT(ids[i], ids[i - 1]);
  auto tail = db.read([&](Conn& c) { return EventLog::read_after(c, ids[6], 100); });
  ASSERT_EQ(tail.size(), 3u);
  EXPECT_EQ(tail[0].id, ids[7]);
  EXPECT_EQ(tail[2].id, ids[9]);
  auto limited = db.read([&](Conn& c) { return EventLog::read_after(c, 0, 4); });
  ASSERT_EQ(limited.size(), 4u);
  EXPECT_EQ(limited.back().id, ids[3]);
  auto odd = db.read([&](Conn& c) { return EventLog::read_after(c, 0, 100, std::string("odd")); });
  EXPECT_EQ(odd.size(), 5u);
  for (const auto& e : odd) EXPECT_EQ(e.store, "odd");
  EXPECT_EQ(db.read([](Conn& c) { return EventLog::last_id(c); }), ids.back());
}

TEST_F(Events, IdsAreNeverReusedAfterDeletion) {
  auto a = append("s", "store.step");
  auto b = append("s", "store.step");
  db.write([&](Conn& c) { c.exec("DELETE FROM events WHERE id = " + std::to_string(b)); });
  auto d = append("s", "store.step");
  EXPECT_GT(d, b);
  EXPECT_GT(b, a);
}

TEST_F(Events, TimelineIsTheNewestEventsOfOneStoreRowOldestFirst) {
  for (int i = 0; i < 5; ++i) append("shop", "store.step", "", R"({"n":)" + std::to_string(i) + "}", 7);
  append("other", "store.step", "", "{}", 8);
  append("shop", "store.step", "", R"({"former":true})", 3);  // an earlier store of the same name
  auto timeline = db.read([](Conn& c) { return EventLog::for_store(c, 7, 3); });
  ASSERT_EQ(timeline.size(), 3u);
  EXPECT_EQ(timeline[0].data_json, R"({"n":2})");
  EXPECT_EQ(timeline[2].data_json, R"({"n":4})");
  for (const auto& e : timeline) EXPECT_EQ(e.store_id, 7);
}

TEST_F(Events, StorelessEventsOfANameAreThoseOfNoStoreRow) {
  append("ghost", "store.orphan");
  append("ghost", "store.step", "", "{}", 4);
  auto orphan = db.read([](Conn& c) { return EventLog::for_storeless_name(c, "ghost", 10); });
  ASSERT_EQ(orphan.size(), 1u);
  EXPECT_EQ(orphan[0].type, "store.orphan");
  EXPECT_EQ(orphan[0].store_id, 0);
}

TEST_F(Events, JsonFormCarriesEveryFieldAndTheDataObject) {
  auto id = append("shop", "store.status", "Ready", R"({"attempt":2})");
  auto e = db.read([](Conn& c) { return EventLog::read_after(c, 0, 1); }).at(0);
  auto v = boost::json::parse(event_to_json(e)).as_object();
  EXPECT_EQ(v.at("id").as_int64(), id);
  EXPECT_EQ(v.at("type").as_string(), "store.status");
  EXPECT_EQ(v.at("store").as_string(), "shop");
  EXPECT_EQ(v.at("status").as_string(), "Ready");
  EXPECT_EQ(v.at("at").as_string(), "1970-01-01T00:00:01.000Z");
  EXPECT_EQ(v.at("data").as_object().at("attempt").as_int64(), 2);
}

TEST_F(Events, NonObjectPayloadIsStoredAsEmptyObject) {
  append("shop", "store.step", "", "not json");
  auto e = db.read([](Conn& c) { return EventLog::read_after(c, 0, 1); }).at(0);
  EXPECT_EQ(e.data_json, "{}");
}

}  // namespace
