// Prometheus text: counters by route/status, cumulative histogram, gauges, label escaping.
#include <gtest/gtest.h>

#include "storefleet/api/prometheus.hpp"

namespace storefleet::api {
namespace {

bool has(const std::string& text, const std::string& line) { return text.find(line + "\n") != std::string::npos; }

TEST(Prometheus, RendersCountersHistogramAndGauges) {
  RequestMetrics m;
  m.observe("/api/stores", "POST", 202, 0.003);
  m.observe("/api/stores", "POST", 202, 0.2);
  m.observe("/api/stores", "POST", 422, 2.0);
  GaugeSnapshot g;
  g.sse_clients = 7;
  g.queue_depth = 3;
  g.provisioner_connected = true;
  g.db_write_transactions_total = 12;
  g.stores_by_status = {{"Ready", 2}, {"Failed", 1}};
  auto t = m.render(g);
  EXPECT_TRUE(has(t, R"(storefleet_api_http_requests_total{route="/api/stores",method="POST",status="202"} 2)")) << t;
  EXPECT_TRUE(has(t, R"(storefleet_api_http_requests_total{route="/api/stores",method="POST",status="422"} 1)"));
  EXPECT_TRUE(has(t, R"(storefleet_api_http_request_duration_seconds_bucket{le="0.001"} 0)"));
  EXPECT_TRUE(has(t, R"(storefleet_api_http_request_duration_seconds_bucket{le="0.005"} 1)"));
  EXPECT_TRUE(has(t, R"(storefleet_api_http_request_duration_seconds_bucket{le="0.25"} 2)"));
  EXPECT_TRUE(has(t, R"(storefleet_api_http_request_duration_seconds_bucket{le="+Inf"} 3)"));
  EXPECT_TRUE(has(t, "storefleet_api_http_request_duration_seconds_count 3"));
  EXPECT_TRUE(has(t, "storefleet_api_sse_clients 7"));
  EXPECT_TRUE(has(t, "storefleet_api_queue_depth 3"));
  EXPECT_TRUE(has(t, "storefleet_api_provisioner_connected 1"));
  EXPECT_TRUE(has(t, "storefleet_api_db_write_transactions_total 12"));
  EXPECT_TRUE(has(t, "# TYPE storefleet_api_db_write_transactions_total counter"));
  EXPECT_TRUE(has(t, R"(storefleet_api_stores{status="Failed"} 1)"));
  EXPECT_TRUE(has(t, "# TYPE storefleet_api_http_request_duration_seconds histogram"));
}

TEST(Prometheus, EscapesLabels) { EXPECT_EQ(escape_label("a\"b\\c\nd"), "a\\\"b\\\\c\\nd"); }

}  // namespace
}  // namespace storefleet::api
