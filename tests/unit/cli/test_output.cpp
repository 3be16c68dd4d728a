#include <gtest/gtest.h>

#include "storefleet/cli/api_client.hpp"
#include "storefleet/cli/output.hpp"

using namespace storefleet::cli;

TEST(Output, TableColumnsAlignToTheWidestCell) {
  auto t = render_table({"NAME", "STATUS"}, {{"a-long-name", "Ready"}, {"b", "Failed"}});
  EXPECT_EQ(t, "NAME         STATUS\na-long-name  Ready\nb            Failed\n");
}

TEST(Output, StoreListTableAndJson) {
  auto resp = boost::json::parse(R"({"stores":[{"store_name":"my-shop","engine":"medusa","status":"Ready",
    "created_at":"2026-11-26T05:00:00.000Z","url":"http://my-shop.local","status_reason":""}],"next_cursor":null})");
  auto table = render_store_list(resp, OutputFormat::table);
  EXPECT_NE(table.find("NAME"), std::string::npos);
  EXPECT_NE(table.find("my-shop  medusa  Ready"), std::string::npos) << table;
  auto json = render_store_list(resp, OutputFormat::json);
  EXPECT_EQ(boost::json::parse(json), resp);
  EXPECT_EQ(table.find("OWNER"), std::string::npos);  // no owners: no column
}

TEST(Output, StoreListShowsOwnersAndWarningsBeforeFailure) {
  auto resp = boost::json::parse(R"({"stores":[{"store_name":"acme-shop","engine":"woocommerce",
    "status":"Installing","owner_name":"acme","created_at":"2026-11-26T05:00:00.000Z","url":"u","status_reason":"",
    "warnings":[{"kind":"Pod","name":"acme-shop-wordpress-1","reason":"ImagePullBackOff","message":"m"}]}]})");
  auto table = render_store_list(resp, OutputFormat::table);
  EXPECT_NE(table.find("OWNER"), std::string::npos) << table;
  EXPECT_NE(table.find("Installing  acme"), std::string::npos) << table;
  EXPECT_NE(table.find("warning: ImagePullBackOff (acme-shop-wordpress-1)"), std::string::npos) << table;
}

TEST(Output, AgeIsHumanSized) {
  const long long t0 = 1795668000000;  // 2026-11-26T04:40:00.000Z
  EXPECT_EQ(age_since("2026-11-26T04:40:00.000Z", t0 + 42'000), "42s");
  EXPECT_EQ(age_since("2026-11-26T04:40:00.000Z", t0 + 5 * 60'000), "5m");
  EXPECT_EQ(age_since("2026-11-26T04:40:00.000Z", t0 + 3 * 3'600'000), "3h");
  EXPECT_EQ(age_since("2026-11-26T04:40:00.000Z", t0 + 2 * 86'400'000LL), "2d");
  EXPECT_EQ(age_since("garbage", t0), "?");
}

TEST(Output, EventLinesNameTheStepOrStatus) {
  auto status = boost::json::parse(R"({"type":"store.status","store":"s1","status":"Failed",
    "reason":"ImagePullBackOff: wordpress","at":"2026-11-26T05:01:02.000Z","data":{}})");
  EXPECT_EQ(render_event_line(status), "05:01:02Z s1 Failed — ImagePullBackOff: wordpress");
  auto step = boost::json::parse(R"({"type":"store.step","store":"s1","status":"","reason":"",
    "at":"2026-11-26T05:01:03.000Z","data":{"step":"helm","state":"done","detail":"revision 1"}})");
  EXPECT_EQ(render_event_line(step), "05:01:03Z s1 step helm done: revision 1");
  auto observed = boost::json::parse(R"({"type":"store.observed","store":"s1","status":"","reason":"",
    "at":"2026-11-26T05:01:04.000Z","data":{"pods":[{"name":"a","ready":true},{"name":"b","ready":false}],
    "setupJob":{"name":"s1-setup-r1","state":"running"}}})");
  EXPECT_EQ(render_event_line(observed), "05:01:04Z s1 observed 1/2 pods ready, setup job running");
}

TEST(Output, ErrorBodiesListEveryDetail) {
  auto msg = describe_error_body(
      R"({"error":{"code":"validation_failed","message":"invalid store","details":[{"field":"storeName","message":"is required"},{"field":"engine","message":"must be woocommerce or medusa"}]}})",
      422);
  EXPECT_EQ(msg, "HTTP 422: invalid store\n  - storeName: is required\n  - engine: must be woocommerce or medusa");
  EXPECT_EQ(describe_error_body("<html>", 502), "HTTP 502");
}

TEST(Output, StatusShowsPodsAndJobs) {
  auto resp = boost::json::parse(R"({"status":"Installing","reason":"waiting for pods",
    "pods":[{"name":"s1-wordpress-0","phase":"Running","ready":false,"reason":"ContainersNotReady"}],
    "jobs":[{"name":"s1-setup-r1","state":"running"}]})");
  auto out = render_store_status("s1", resp, OutputFormat::table);
  EXPECT_NE(out.find("s1: Installing (waiting for pods)"), std::string::npos) << out;
  EXPECT_NE(out.find("s1-wordpress-0"), std::string::npos);
  EXPECT_NE(out.find("not ready"), std::string::npos);
  EXPECT_NE(out.find("s1-setup-r1"), std::string::npos);
}
