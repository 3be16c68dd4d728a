// Body, query and cursor parsing.
#include <gtest/gtest.h>

#include "storefleet/api/request_parsing.hpp"
#include "storefleet/core/errors.hpp"

namespace storefleet::api {
namespace {

Errc code_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const DomainError& e) {
    return e.code();
  }
  return Errc::ok;
}

HttpRequest post(std::string body, std::string type = "application/json") {
  return make_request("POST", "/x", {{"Content-Type", type}}, std::move(body));
}

TEST(JsonBody, AcceptsObjectsOnly) {
  EXPECT_EQ(parse_json_object_body(post(R"({"a":1})")).at("a").as_int64(), 1);
  EXPECT_EQ(code_of([] { parse_json_object_body(post("[]")); }), Errc::validation_failed);
  EXPECT_EQ(code_of([] { parse_json_object_body(post("null")); }), Errc::validation_failed);
  EXPECT_EQ(code_of([] { parse_json_object_body(post("{")); }), Errc::invalid_json);
  EXPECT_EQ(code_of([] { parse_json_object_body(post("{} trailing")); }), Errc::invalid_json);
  EXPECT_EQ(code_of([] { parse_json_object_body(post("")); }), Errc::invalid_json);
  EXPECT_EQ(code_of([] { parse_json_object_body(post(std::string(100, '[') + std::string(100, ']'))); }),
            Errc::invalid_json);  // nesting deeper than the parser allows
  EXPECT_EQ(code_of([] { parse_json_object_body(post("{}", "text/json")); }), Errc::unsupported_media_type);
  EXPECT_EQ(code_of([] { parse_json_object_body(post("{}", "")); }), Errc::unsupported_media_type);
  EXPECT_EQ(code_of([] { parse_json_object_body(post(std::string(kMaxBodyBytes + 1, ' '))); }),
            Errc::payload_too_large);
}

TEST(QueryInt, BoundsAndSyntax) {
  auto req = make_request("GET", "/x?limit=7&bad=7x&neg=-2&big=99999999999999999999");
  EXPECT_EQ(query_int(req, "limit", 1, 1, 10), 7);
  EXPECT_EQ(query_int(req, "absent", 3, 1, 10), 3);
  EXPECT_EQ(code_of([&] { query_int(req, "bad", 1, 1, 10); }), Errc::bad_request);
  EXPECT_EQ(code_of([&] { query_int(req, "neg", 1, 1, 10); }), Errc::bad_request);
  EXPECT_EQ(code_of([&] { query_int(req, "big", 1, 1, 10); }), Errc::bad_request);
}

TEST(Cursor, RoundTripsAndRejectsForgeries) {
  for (std::int64_t id : {0LL, 1LL, 42LL, 9007199254740993LL}) EXPECT_EQ(decode_cursor(encode_cursor(id)), id);
  for (const std::string& bad : std::vector<std::string>{"", "abc", "!!!!", "Yzo", "YzotMQ", std::string(100, 'A')})
    EXPECT_EQ(code_of([&] { decode_cursor(bad); }), Errc::bad_request) << bad;
}

}  // namespace
TEST(RequestParsing, AmbiguousFramingIsNamed) {
  using Fields = std::vector<std::pair<std::string, std::string>>;
  EXPECT_FALSE(api::ambiguous_framing(Fields{{"Host", "a"}, {"Transfer-Encoding", " Chunked "}, {"Authorization", "x"}}));
  EXPECT_FALSE(api::ambiguous_framing(Fields{}));
  for (const char* coding : {"identity", "gzip", "gzip, chunked", ""})
    EXPECT_TRUE(api::ambiguous_framing(Fields{{"transfer-encoding", coding}})) << coding;
  EXPECT_EQ(api::ambiguous_framing(Fields{{"Authorization", "a"}, {"authorization", "b"}}),
            "more than one Authorization header");
  EXPECT_EQ(api::ambiguous_framing(Fields{{"Host", "a"}, {"HOST", "a"}}), "more than one Host header");
}

}  // namespace storefleet::api
