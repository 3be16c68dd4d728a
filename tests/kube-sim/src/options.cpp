#include "options.hpp"

#include <CLI/CLI.hpp>

#include <cstdlib>

namespace kubesim {

std::optional<Millis> parse_duration(const std::string& text) {
  if (text.empty()) return std::nullopt;
  char* end = nullptr;
  double v = std::strtod(text.c_str(), &end);
  if (end == text.c_str() || v < 0) return std::nullopt;
  std::string unit(end);
  double ms;
  if (unit == "ms") ms = v;
  else if (unit == "s" || unit.empty()) ms = v * 1000;
  else if (unit == "m") ms = v * 60000;
  else return std::nullopt;
  return Millis(static_cast<long long>(ms));
}

Options parse_options(int argc, char** argv) {
  Options o;
  CLI::App app{"kube-sim: a simulated Kubernetes API server (HTTPS + bearer token) for helm, kubectl and tests"};
  app.add_option("--bind", o.bind, "address to listen on")->capture_default_str();
  app.add_option("--port", o.port, "port (0 picks a free one)")->capture_default_str();
  app.add_option("--kubeconfig-out", o.kubeconfig_out, "write a kubeconfig here once serving")->required();
  app.add_option("--token-file", o.token_file, "read the bearer token from this file (default: random)");
  app.add_option("--state-file", o.state_file,
                 "keep the cluster in this file across restarts (loaded at start, saved at exit)");
  auto dur = [&](const char* name, Millis& target, const char* help) {
    app.add_option_function<std::string>(
           name,
           [&target, name](const std::string& s) {
             auto d = parse_duration(s);
             if (!d) throw CLI::ValidationError(name, "expected a duration like 300ms, 1s, 1.5s");
             target = *d;
           },
           help)
        ->default_str(std::to_string(target.count()) + "ms");
  };
  dur("--pod-schedule-delay", o.pod_schedule_delay, "Pending -> scheduled");
  dur("--pod-start-delay", o.pod_start_delay, "scheduled -> Running (image pulled, container started)");
  dur("--pod-ready-delay", o.pod_ready_delay, "Running -> Ready");
  dur("--job-duration", o.job_duration, "how long a Job pod runs before it exits");
  dur("--pvc-bind-delay", o.pvc_bind_delay, "PVC Pending -> Bound");
  dur("--namespace-delete-delay", o.namespace_delete_delay, "Terminating namespace -> contents deleted");
  dur("--image-pull-backoff-delay", o.image_pull_backoff_delay, "ErrImagePull -> ImagePullBackOff");
  dur("--pod-termination-delay", o.pod_termination_delay, "deleted pod: Terminating -> gone (0 = immediate)");
  dur("--crash-delay", o.crash_delay, "how long a crash-looping container runs before it exits");
  dur("--bookmark-interval", o.bookmark_interval, "BOOKMARK period for watches with allowWatchBookmarks");
  app.add_option("--jitter", o.jitter, "random +/- fraction applied to every delay")->capture_default_str();
  app.add_option("--watch-history", o.watch_history, "events kept for watch resumption (older -> 410)")
      ->capture_default_str();
  app.add_option("--threads", o.threads, "HTTP worker threads (each open watch holds one)")
      ->check(CLI::Range(4, 4096))
      ->capture_default_str();
  app.add_option("--log-level", o.log_level, "trace|debug|info|warn|error")->capture_default_str();
  app.add_option("--seed", o.seed, "random seed for delays (0: random)")->capture_default_str();
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    std::exit(app.exit(e));
  }
  return o;
}
}  // namespace kubesim
