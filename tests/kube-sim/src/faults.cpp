#include "faults.hpp"

#include "status.hpp"

namespace kubesim {
namespace {
json::array to_array(const std::vector<std::string>& v) {
  json::array a;
  for (const auto& s : v) a.push_back(json::string(s));
  return a;
}
std::vector<std::string> strings(const json::object& o, const char* key) {
  std::vector<std::string> out;
  auto it = o.find(key);
  if (it == o.end() || it->value().is_null()) return out;
  if (!it->value().is_array()) throw ApiError::bad_request(std::string(key) + " must be an array of strings");
  for (const auto& v : it->value().get_array()) {
    if (!v.is_string()) throw ApiError::bad_request(std::string(key) + " must be an array of strings");
    out.emplace_back(v.get_string());
  }
  return out;
}
double number(const json::object& o, const char* key, double def) {
  auto it = o.find(key);
  if (it == o.end() || it->value().is_null()) return def;
  if (it->value().is_number()) return it->value().to_number<double>();
  throw ApiError::bad_request(std::string(key) + " must be a number");
}

// Whole numbers as integers (Boost.JSON prints doubles as "0E0").
json::value num(double d) {
  if (d == static_cast<double>(static_cast<std::int64_t>(d))) return static_cast<std::int64_t>(d);
  return d;
}
}  // namespace

json::object Faults::to_json() const {
  return {{"imagePullFailure", to_array(image_pull_failure)},
          {"crashLoop", to_array(crash_loop)},
          {"jobFailure", to_array(job_failure)},
          {"unschedulable", to_array(unschedulable)},
          {"slowStartSeconds", num(slow_start_seconds)},
          {"watchCloseAfterSeconds", num(watch_close_after_seconds)},
          {"errorRate", num(error_rate)},
          {"errorStatus", error_status},
          {"latencyMs", latency_ms}};
}

Faults Faults::from_json(const json::object& o) {
  static const char* known[] = {"imagePullFailure", "crashLoop",  "jobFailure", "unschedulable", "slowStartSeconds",
                                "watchCloseAfterSeconds", "errorRate", "errorStatus", "latencyMs"};
  for (const auto& [k, v] : o) {
    bool ok = false;
    for (auto* n : known) ok = ok || k == n;
    if (!ok) throw ApiError::bad_request("unknown fault \"" + std::string(k) + "\"");
  }
  Faults f;
  f.image_pull_failure = strings(o, "imagePullFailure");
  f.crash_loop = strings(o, "crashLoop");
  f.job_failure = strings(o, "jobFailure");
  f.unschedulable = strings(o, "unschedulable");
  f.slow_start_seconds = number(o, "slowStartSeconds", 0);
  f.watch_close_after_seconds = number(o, "watchCloseAfterSeconds", 0);
  f.error_rate = number(o, "errorRate", 0);
  f.error_status = static_cast<int>(number(o, "errorStatus", 500));
  f.latency_ms = static_cast<int>(number(o, "latencyMs", 0));
  if (f.error_rate < 0 || f.error_rate > 1) throw ApiError::bad_request("errorRate must be between 0 and 1");
  if (f.error_status < 400 || f.error_status > 599) throw ApiError::bad_request("errorStatus must be 4xx or 5xx");
  return f;
}

bool matches_any(const std::string& text, const std::vector<std::string>& substrings) {
  for (const auto& s : substrings)
    if (!s.empty() && text.find(s) != std::string::npos) return true;
  return false;
}

std::string object_fault(const json::object& obj) {
  auto md = obj_at(obj, "metadata");
  auto ann = md ? obj_at(*md, "annotations") : nullptr;
  return ann ? str_at(*ann, "sim.storefleet.io/fault") : "";
}
}  // namespace kubesim
