#include "storefleet/api/prometheus.hpp"

#include <fmt/format.h>

#include <string_view>

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

namespace {
// A metric with one unlabelled sample: its HELP and TYPE lines, then the value.
template <class Value>
void one_sample(std::string& out, std::string_view name, std::string_view type, std::string_view help, Value v) {
  out += fmt::format("# HELP {0} {1}\n# TYPE {0} {2}\n{0} {3}\n", name, help, type, v);
}
}  // namespace

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
  one_sample(out, "storefleet_api_sse_clients", "gauge", "Connected Server-Sent Events clients.", g.sse_clients);
  one_sample(out, "storefleet_api_sse_dropped_total", "counter", "SSE clients dropped because they fell behind.",
             g.sse_dropped_total);
  one_sample(out, "storefleet_api_queue_depth", "gauge", "Jobs queued or running.", g.queue_depth);
  one_sample(out, "storefleet_api_provisioner_connected", "gauge",
             "1 when the provisioner event stream is connected.", g.provisioner_connected ? 1 : 0);
  one_sample(out, "storefleet_api_sse_fanouts_total", "counter",
             "Times new events were handed to the open streams (one write each).", g.sse_fanouts_total);
  one_sample(out, "storefleet_api_sse_deliveries_total", "counter",
             "Event batches handed to a stream (a fan-out to N streams is N).", g.sse_deliveries_total);
  one_sample(out, "storefleet_api_db_write_transactions_total", "counter",
             "SQLite write transactions this process began.", g.db_write_transactions_total);
  out += "# HELP storefleet_api_stores Stores by status.\n";
  out += "# TYPE storefleet_api_stores gauge\n";
  for (const auto& [status, n] : g.stores_by_status)
    out += fmt::format("storefleet_api_stores{{status=\"{}\"}} {}\n", escape_label(status), n);
  return out;
}

}  // namespace storefleet::api
