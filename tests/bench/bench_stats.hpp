#pragma once
// Small helpers shared by the benchmark tools: latency summaries, wall-clock time, fd limit.
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <vector>

#include <boost/json.hpp>

namespace bench {

inline double now_ms() {
  using namespace std::chrono;
  return duration<double, std::milli>(system_clock::now().time_since_epoch()).count();
}

inline double mono_ms() {
  using namespace std::chrono;
  return duration<double, std::milli>(steady_clock::now().time_since_epoch()).count();
}

// Nearest-rank percentile of a sorted sample (p in 0..100).
inline double percentile(const std::vector<double>& sorted, double p) {
  if (sorted.empty()) return NAN;
  auto rank = static_cast<std::size_t>(std::ceil(p / 100.0 * static_cast<double>(sorted.size())));
  if (rank == 0) rank = 1;
  return sorted[std::min(rank, sorted.size()) - 1];
}

inline double round3(double v) { return std::isnan(v) ? v : std::round(v * 1000.0) / 1000.0; }

// {count, min, p50, p90, p99, p999, max, mean} in milliseconds.
inline boost::json::object summarize(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  boost::json::object o;
  o["count"] = v.size();
  if (v.empty()) return o;
  double sum = 0;
  for (double x : v) sum += x;
  o["min_ms"] = round3(v.front());
  o["p50_ms"] = round3(percentile(v, 50));
  o["p90_ms"] = round3(percentile(v, 90));
  o["p99_ms"] = round3(percentile(v, 99));
  o["p999_ms"] = round3(percentile(v, 99.9));
  o["max_ms"] = round3(v.back());
  o["mean_ms"] = round3(sum / static_cast<double>(v.size()));
  return o;
}

// Raises the soft open-files limit to the hard limit; returns the limit now in force.
inline std::uint64_t raise_fd_limit() {
  rlimit rl{};
  if (getrlimit(RLIMIT_NOFILE, &rl) != 0) return 0;
  rl.rlim_cur = rl.rlim_max;
  setrlimit(RLIMIT_NOFILE, &rl);
  getrlimit(RLIMIT_NOFILE, &rl);
  return rl.rlim_cur;
}

}  // namespace bench
