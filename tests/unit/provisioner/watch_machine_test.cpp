#include "storefleet/provisioner/watch_machine.hpp"

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

using namespace storefleet::provisioner;
namespace json = boost::json;

namespace {

std::string event(const std::string& type, const std::string& name, const std::string& rv) {
  return R"({"type":")" + type + R"(","object":{"kind":"Pod","apiVersion":"v1","metadata":{"name":")" + name +
         R"(","resourceVersion":")" + rv + R"("}}})" + "\n";
}

json::object list_of(std::initializer_list<std::string> names, const std::string& rv) {
  json::array items;
  for (const auto& n : names) items.push_back(json::object{{"metadata", json::object{{"name", n}}}});
  return json::object{{"kind", "PodList"}, {"metadata", json::object{{"resourceVersion", rv}}}, {"items", items}};
}

// Feeds `stream` to a watching machine in pieces of `chunk` bytes, collecting the updates.
std::vector<CacheUpdate> feed_in_chunks(WatchMachine& m, const std::string& stream, std::size_t chunk) {
  std::vector<CacheUpdate> all;
  for (std::size_t i = 0; i < stream.size(); i += chunk) {
    auto part = m.feed(std::string_view(stream).substr(i, chunk));
    all.insert(all.end(), part.begin(), part.end());
  }
  return all;
}

std::string name_of(const CacheUpdate& u) { return std::string(u.object.at("metadata").at("name").as_string()); }

}  // namespace

TEST(LineSplitter, KeepsPartialLinesAcrossChunks) {
  LineSplitter s;
  EXPECT_TRUE(s.feed("{\"a\":").empty());
  auto lines = s.feed("1}\n{\"b\"");
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0], "{\"a\":1}");
  lines = s.feed(":2}\r\n\n");
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0], "{\"b\":2}");
  EXPECT_EQ(s.pending(), 0u);
}

TEST(WatchMachine, ListThenWatchAdvancesResourceVersion) {
  WatchMachine m;
  EXPECT_EQ(m.state(), WatchState::empty);
  EXPECT_EQ(m.next().kind, NextStep::Kind::list);
  auto replace = m.on_list(list_of({"a", "b"}, "10"));
  EXPECT_EQ(replace.kind, CacheUpdate::Kind::replace_all);
  EXPECT_EQ(replace.items.size(), 2u);
  EXPECT_EQ(m.state(), WatchState::listed);
  auto step = m.next();
  EXPECT_EQ(step.kind, NextStep::Kind::watch);
  EXPECT_EQ(step.resource_version, "10");
  EXPECT_EQ(step.delay.count(), 0);
  m.on_watch_open();
  EXPECT_EQ(m.state(), WatchState::watching);
}

// The same recorded stream split at every possible chunk size yields the same updates.
TEST(WatchMachine, RecordedStreamSplitAnywhere) {
  const std::string stream = event("ADDED", "a", "11") + event("MODIFIED", "a", "12") +
                             R"({"type":"BOOKMARK","object":{"kind":"Pod","apiVersion":"v1","metadata":{"resourceVersion":"15"}}})" "\n" +
                             event("DELETED", "b", "16");
  for (std::size_t chunk = 1; chunk <= stream.size(); ++chunk) {
    WatchMachine m;
    m.on_list(list_of({}, "10"));
    m.on_watch_open();
    const auto ups = feed_in_chunks(m, stream, chunk);
    ASSERT_EQ(ups.size(), 3u) << "chunk " << chunk;
    EXPECT_EQ(ups[0].kind, CacheUpdate::Kind::upsert);
    EXPECT_EQ(ups[1].kind, CacheUpdate::Kind::upsert);
    EXPECT_EQ(ups[2].kind, CacheUpdate::Kind::remove);
    EXPECT_EQ(name_of(ups[2]), "b");
    EXPECT_EQ(m.resource_version(), "16");
  }
}

TEST(WatchMachine, BookmarkAdvancesResourceVersionWithoutUpdates) {
  WatchMachine m;
  m.on_list(list_of({}, "10"));
  m.on_watch_open();
  auto ups = m.feed(R"({"type":"BOOKMARK","object":{"kind":"Pod","apiVersion":"v1","metadata":{"resourceVersion":"99"}}})" "\n");
  EXPECT_TRUE(ups.empty());
  EXPECT_EQ(m.resource_version(), "99");
  m.on_stream_end(true);  // server ended the watch (timeoutSeconds): resume from the bookmark, no delay
  auto step = m.next();
  EXPECT_EQ(step.kind, NextStep::Kind::watch);
  EXPECT_EQ(step.resource_version, "99");
  EXPECT_EQ(step.delay.count(), 0);
}

TEST(WatchMachine, GoneEventMeansRelist) {
  WatchMachine m;
  m.on_list(list_of({}, "10"));
  m.on_watch_open();
  auto ups = m.feed(event("ADDED", "a", "11") +
                    R"({"type":"ERROR","object":{"kind":"Status","apiVersion":"v1","status":"Failure","reason":"Expired","code":410}})" "\n" +
                    event("ADDED", "late", "12"));
  ASSERT_EQ(ups.size(), 1u);  // nothing after the ERROR is applied
  EXPECT_EQ(m.state(), WatchState::empty);
  m.on_stream_end(true);
  EXPECT_EQ(m.state(), WatchState::empty);
  EXPECT_EQ(m.next().kind, NextStep::Kind::list);
  EXPECT_GT(m.next().delay.count(), 0);
}

TEST(WatchMachine, GoneStatusOnWatchRequestMeansRelist) {
  WatchMachine m;
  m.on_list(list_of({}, "10"));
  m.on_http_error(410);
  EXPECT_EQ(m.state(), WatchState::empty);
  EXPECT_EQ(m.next().kind, NextStep::Kind::list);
  EXPECT_TRUE(m.resource_version().empty());
}

TEST(WatchMachine, OtherDropsResumeFromLastVersionWithBackoff) {
  WatchMachine m(BackoffPolicy{std::chrono::milliseconds(100), std::chrono::milliseconds(1000)});
  m.on_list(list_of({}, "10"));
  m.on_watch_open();
  m.feed(event("ADDED", "a", "20"));
  m.on_stream_end(false);  // connection reset
  EXPECT_EQ(m.state(), WatchState::listed);
  auto step = m.next();
  EXPECT_EQ(step.kind, NextStep::Kind::watch);
  EXPECT_EQ(step.resource_version, "20");
  EXPECT_EQ(step.delay.count(), 100);
  m.on_http_error(500);
  EXPECT_EQ(m.next().delay.count(), 200);
  m.on_http_error(0);
  m.on_http_error(503);
  m.on_http_error(503);
  m.on_http_error(503);
  EXPECT_EQ(m.next().delay.count(), 1000);  // capped
  EXPECT_EQ(m.next().kind, NextStep::Kind::watch);
  // A successful event resets the backoff.
  m.on_watch_open();
  m.feed(event("MODIFIED", "a", "21"));
  EXPECT_EQ(m.consecutive_failures(), 0);
  EXPECT_GE(m.restarts(), 6u);
}

TEST(WatchMachine, NonGoneErrorEventResumes) {
  WatchMachine m;
  m.on_list(list_of({}, "10"));
  m.on_watch_open();
  m.feed(R"({"type":"ERROR","object":{"kind":"Status","code":500,"message":"internal"}})" "\n");
  EXPECT_EQ(m.state(), WatchState::listed);
  EXPECT_EQ(m.next().kind, NextStep::Kind::watch);
  EXPECT_EQ(m.next().resource_version, "10");
}

TEST(WatchMachine, GarbageLinesAreSkipped) {
  WatchMachine m;
  m.on_list(list_of({}, "10"));
  m.on_watch_open();
  auto ups = m.feed("not json\n{\"type\":\"ADDED\"}\n[1,2]\n{\"type\":\"WEIRD\",\"object\":{}}\n" +
                    event("ADDED", "ok", "30"));
  ASSERT_EQ(ups.size(), 1u);
  EXPECT_EQ(name_of(ups[0]), "ok");
  EXPECT_EQ(m.garbage_lines(), 4u);
  EXPECT_EQ(m.resource_version(), "30");
  EXPECT_EQ(m.state(), WatchState::watching);
}

TEST(WatchMachine, PartialLineIsDroppedWhenTheStreamEnds) {
  WatchMachine m;
  m.on_list(list_of({}, "10"));
  m.on_watch_open();
  EXPECT_TRUE(m.feed(event("ADDED", "a", "11").substr(0, 20)).empty());
  m.on_stream_end(false);
  m.on_watch_open();
  // The cut half-line must not be glued onto the next stream's first line.
  auto ups = m.feed(event("ADDED", "b", "12"));
  ASSERT_EQ(ups.size(), 1u);
  EXPECT_EQ(name_of(ups[0]), "b");
}
