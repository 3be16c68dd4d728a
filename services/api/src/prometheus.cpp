#include "storefleet/api/prometheus.hpp"

#include <fmt/format.h>

namespace storefleet::api {

std::string escape_label(const std::string& v) {
  std::string out;
  for (char c : v) {
    if (c == '\\' || c == '"') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

void RequestMetrics::observe(const std::string& route, const std::string& method, int status, double seconds) {
  std::lock_guard lock(mutex_);
  ++requests_[{route, method, status}];
  for (std::size_t i = 0; i < kBuckets.size(); ++i)
    if (seconds <= kBuckets[i]) ++bucket_counts_[i];  // cumulative: every bucket at or above the value
  ++count_;
  sum_ += seconds;
}

std::string RequestMetrics::render(const GaugeSnapshot& g) const {
  std::string out;
  std::lock_guard lock(mutex_);
  out += "# HELP storefleet_api_http_requests_total HTTP requests by route pattern, method and status.\n";
  out += "# TYPE storefleet_api_http_requests_total counter\n";
  for (const auto& [key, n] : requests_) {
    const auto& [route, method, status] = key;
    out += fmt::format("storefleet_api_http_requests_total{{route=\"{}\",method=\"{}\",status=\"{}\"}} {}\n",
                       escape_label(route), escape_label(method), status, n);
  }
  out += "# HELP storefleet_api_http_request_duration_seconds Time to produce a response.\n";
  out += "# TYPE storefleet_api_http_request_duration_seconds histogram\n";
  for (std::size_t i = 0; i < kBuckets.size(); ++i)
    out += fmt::format("storefleet_api_http_request_duration_seconds_bucket{{le=\"{}\"}} {}\n", kBuckets[i],
                       bucket_counts_[i]);
  out += fmt::format("storefleet_api_http_request_duration_seconds_bucket{{le=\"+Inf\"}} {}\n", count_);
  out += fmt::format("storefleet_api_http_request_duration_seconds_sum {}\n", sum_);
  out += fmt::format("storefleet_api_http_request_duration_seconds_count {}\n", count_);
  out += "# HELP storefleet_api_sse_clients Connected Server-Sent Events clients.\n";
  out += "# TYPE storefleet_api_sse_clients gauge\n";
  out += fmt::format("storefleet_api_sse_clients {}\n", g.sse_clients);
  out += "# HELP storefleet_api_sse_dropped_total SSE clients dropped because they fell behind.\n";
  out += "# TYPE storefleet_api_sse_dropped_total counter\n";
  out += fmt::format("storefleet_api_sse_dropped_total {}\n", g.sse_dropped_total);
  out += "# HELP storefleet_api_queue_depth Jobs queued or running.\n";
  out += "# TYPE storefleet_api_queue_depth gauge\n";
  out += fmt::format("storefleet_api_queue_depth {}\n", g.queue_depth);
  out += "# HELP storefleet_api_provisioner_connected 1 when the provisioner event stream is connected.\n";
  out += "# TYPE storefleet_api_provisioner_connected gauge\n";
  out += fmt::format("storefleet_api_provisioner_connected {}\n", g.provisioner_connected ? 1 : 0);
  out += "# HELP storefleet_api_sse_fanouts_total Times new events were handed to the open streams (one write each).\n";
  out += "# TYPE storefleet_api_sse_fanouts_total counter\n";
  out += fmt::format("storefleet_api_sse_fanouts_total {}\n", g.sse_fanouts_total);
  out += "# HELP storefleet_api_sse_deliveries_total Event batches handed to a stream (a fan-out to N streams is N).\n";
  out += "# TYPE storefleet_api_sse_deliveries_total counter\n";
  out += fmt::format("storefleet_api_sse_deliveries_total {}\n", g.sse_deliveries_total);
  out += "# HELP storefleet_api_db_write_transactions_total SQLite write transactions this process began.\n";
  out += "# TYPE storefleet_api_db_write_transactions_total counter\n";
  out += fmt::format("storefleet_api_db_write_transactions_total {}\n", g.db_write_transactions_total);
  out += "# HELP storefleet_api_stores Stores by status.\n";
  out += "# TYPE storefleet_api_stores gauge\n";
  for (const auto& [status, n] : g.stores_by_status)
    out += fmt::format("storefleet_api_stores{{status=\"{}\"}} {}\n", escape_label(status), n);
  return out;
}

}  // namespace storefleet::api
