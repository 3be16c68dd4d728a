#include <gtest/gtest.h>

#include "storefleet/cli/sse_reader.hpp"

using namespace storefleet::cli;

namespace {

std::vector<ServerEvent> feed_in_chunks(const std::string& stream, std::size_t chunk) {
  SseReader r;
  std::vector<ServerEvent> got;
  for (std::size_t i = 0; i < stream.size(); i += chunk)
    r.feed(std::string_view(stream).substr(i, chunk), [&](const ServerEvent& e) {
      got.push_back(e);
      return true;
    });
  return got;
}

TEST(SseReader, EventsSurviveAnyChunkBoundary) {
  const std::string stream =
      "retry: 2000\n\n: heartbeat\n\nid: 7\nevent: store.status\ndata: {\"a\":1}\n\n"
      "id: 8\r\nevent: store.step\r\ndata: line1\r\ndata: line2\r\n\r\n";
  for (std::size_t chunk : {1u, 2u, 3u, 7u, 1000u}) {
    auto got = feed_in_chunks(stream, chunk);
    ASSERT_EQ(got.size(), 2u) << "chunk " << chunk;
    EXPECT_EQ(got[0].id, "7");
    EXPECT_EQ(got[0].type, "store.status");
    EXPECT_EQ(got[0].data, "{\"a\":1}");
    EXPECT_EQ(got[1].id, "8");
    EXPECT_EQ(got[1].data, "line1\nline2");
  }
}

TEST(SseReader, StopsWhenTheCallerSaysSo) {
  SseReader r;
  int seen = 0;
  bool go_on = r.feed("data: a\n\ndata: b\n\n", [&](const ServerEvent&) { return ++seen < 1; });
  EXPECT_FALSE(go_on);
  EXPECT_EQ(seen, 1);
}

TEST(SseReader, ABareCarriageReturnEndsALine) {  // the HTML spec's third line ending; the old reader missed it
  auto got = feed_in_chunks("id: 9\revent: store.status\rdata: {}\r\r", 3);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].id, "9");
  EXPECT_EQ(got[0].type, "store.status");
  EXPECT_EQ(got[0].data, "{}");
}

TEST(SseReader, IncompleteEventIsNotDispatched) {
  auto got = feed_in_chunks("id: 1\ndata: x\n", 4);
  EXPECT_TRUE(got.empty());
}

}  // namespace
