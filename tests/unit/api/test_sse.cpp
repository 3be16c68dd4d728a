// SSE framing and the incremental parser (fed byte by byte and in odd chunks).
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "storefleet/core/sse.hpp"

namespace storefleet::api {
namespace {

TEST(SseFrame, IdEventAndOneLineJson) {
  db::Event e{42, "store.status", "my-shop", "Installing", "helm release deployed", R"({"attempt":2})", 0};
  auto f = sse_frame(e);
  EXPECT_EQ(f.rfind("id: 42\nevent: store.status\ndata: {", 0), 0u) << f;
  EXPECT_EQ(f.substr(f.size() - 2), "\n\n");
  auto data = f.substr(f.find("data: ") + 6);
  data.resize(data.size() - 2);
  EXPECT_EQ(data.find('\n'), std::string::npos);
  auto v = boost::json::parse(data);
  EXPECT_EQ(v.at("id").as_int64(), 42);
  EXPECT_EQ(v.at("status").as_string(), "Installing");
  EXPECT_EQ(sse_retry_frame(), "retry: 2000\n\n");
}

std::vector<SseMessage> parse_all(const std::string& text, std::size_t chunk) {
  std::vector<SseMessage> out;
  SseParser p([&](const SseMessage& m) { out.push_back(m); });
  for (std::size_t i = 0; i < text.size(); i += chunk) EXPECT_TRUE(p.feed(std::string_view(text).substr(i, chunk)));
  return out;
}

TEST(SseParser, ParsesFramesInAnyChunking) {
  const std::string text =
      "retry: 2000\n\n: heartbeat\n\nid: 1\nevent: store.status\ndata: {\"a\":1}\n\n"
      "id: 2\r\nevent: store.step\r\ndata: line1\r\ndata: line2\r\n\r\n"
      "id:3\rdata:x\r\r";
  for (std::size_t chunk : {1u, 2u, 7u, 1000u}) {
    auto msgs = parse_all(text, chunk);
    ASSERT_EQ(msgs.size(), 3u) << chunk;
    EXPECT_EQ(msgs[0].id, "1");
    EXPECT_EQ(msgs[0].event, "store.status");
    EXPECT_EQ(msgs[0].data, "{\"a\":1}");
    EXPECT_EQ(msgs[1].id, "2");
    EXPECT_EQ(msgs[1].data, "line1\nline2");
    EXPECT_EQ(msgs[2].id, "3");
    EXPECT_EQ(msgs[2].data, "x");
    EXPECT_EQ(msgs[2].event, "message");
  }
}

TEST(SseParser, IncompleteFrameIsNotDispatched) {
  auto msgs = parse_all("id: 5\ndata: partial\n", 3);
  EXPECT_TRUE(msgs.empty());
}

TEST(SseParser, OverlongLineIsAProtocolError) {
  SseParser p([](const SseMessage&) {}, 16);
  EXPECT_FALSE(p.feed(std::string(100, 'x')));
}

}  // namespace
}  // namespace storefleet::api
