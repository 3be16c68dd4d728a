// Command-line options of kube-sim (delays accept "300ms", "1s", "1.5s", "2m").
#pragma once
#include <chrono>
#include <optional>
#include <string>

namespace kubesim {
using Millis = std::chrono::milliseconds;

struct Options {
  std::string bind = "127.0.0.1";
  int port = 0;
  std::string kubeconfig_out;
  std::string token_file;  // empty: random token
  std::string state_file;  // empty: the cluster starts empty and is forgotten at exit
  Millis pod_schedule_delay{100};
  Millis pod_start_delay{150};      // scheduled -> Running
  Millis pod_ready_delay{400};      // Running -> Ready
  Millis job_duration{500};         // Running -> Succeeded/Failed for Job pods
  Millis pvc_bind_delay{100};
  Millis namespace_delete_delay{200};
  Millis image_pull_backoff_delay{1000};  // ErrImagePull -> ImagePullBackOff
  Millis crash_delay{500};
  Millis pod_termination_delay{300};  // Terminating -> gone (0: pods are deleted at once)
  Millis bookmark_interval{5000};
  double jitter = 0.3;              // +/- fraction applied to every delay
  std::size_t watch_history = 100000;
  int threads = 512;
  std::string log_level = "info";
  unsigned seed = 0;                // 0: random
};

std::optional<Millis> parse_duration(const std::string& text);
// Parses argv; exits the process for --help or bad flags (CLI11 behaviour).
Options parse_options(int argc, char** argv);
}  // namespace kubesim
