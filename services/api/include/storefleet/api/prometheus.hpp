#pragma once
// Hand-written Prometheus text exposition for the API: requests by route and status, a latency histogram,
// SSE clients, queue depth, stores by status and SQLite write transactions. Thread-safe; labels are bounded
// (route patterns, not paths).
#include <array>
#include <cstdint>
#include <map>
#include <mutex>
#include <tuple>
#include <string>
#include <utility>
#include <vector>

namespace storefleet::api {

struct GaugeSnapshot {
  std::int64_t sse_clients = 0;
  std::uint64_t sse_dropped_total = 0;
  std::uint64_t sse_fanouts_total = 0;
  std::uint64_t sse_deliveries_total = 0;
  std::int64_t queue_depth = 0;
  bool provisioner_connected = false;
  std::uint64_t db_write_transactions_total = 0;  // SQLite write transactions this process began
  std::vector<std::pair<std::string, std::int64_t>> stores_by_status;
};

class RequestMetrics {
 public:
  static constexpr std::array<double, 10> kBuckets{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0};
  void observe(const std::string& route, const std::string& method, int status, double seconds);
  std::string render(const GaugeSnapshot& gauges) const;

 private:
  mutable std::mutex mutex_;
  std::map<std::tuple<std::string, std::string, int>, std::uint64_t> requests_;
  std::array<std::uint64_t, kBuckets.size()> bucket_counts_{};
  std::uint64_t count_ = 0;
  double sum_ = 0;
};

// Escapes a label value per the exposition format (backslash, quote, newline).
std::string escape_label(const std::string& v);

}  // namespace storefleet::api
