// Fault injection settings (the control API's /sim/v1/faults document) shared by the HTTP layer and
// the simulated controllers.
#pragma once
#include "json_util.hpp"

#include <mutex>
#include <string>
#include <vector>

namespace kubesim {

struct Faults {
  std::vector<std::string> image_pull_failure;  // substrings of container images
  std::vector<std::string> crash_loop;          // substrings of container images
  std::vector<std::string> job_failure;         // substrings of Job names
  std::vector<std::string> unschedulable;       // substrings of Pod names
  double slow_start_seconds = 0;
  double watch_close_after_seconds = 0;
  double error_rate = 0;
  int error_status = 500;
  int latency_ms = 0;

  json::object to_json() const;
  static Faults from_json(const json::object& o);  // throws ApiError(400) on wrong types; missing keys = off
};

class FaultState {
 public:
  Faults get() const {
    std::lock_guard lk(mu_);
    return f_;
  }
  void set(Faults f) {
    std::lock_guard lk(mu_);
    f_ = std::move(f);
  }

 private:
  mutable std::mutex mu_;
  Faults f_;
};

bool matches_any(const std::string& text, const std::vector<std::string>& substrings);
// Value of the pod-template annotation sim.storefleet.io/fault ("" when absent).
std::string object_fault(const json::object& obj);
}  // namespace kubesim
