#pragma once
// Runs a program from an argv vector (never through a shell) with a timeout, capturing stdout+stderr.
// The child dies with the provisioner (PR_SET_PDEATHSIG), so a kill -9 of the provisioner cannot leave a helm
// running that a restarted provisioner would race with.
#include <chrono>
#include <functional>
#include <string>
#include <vector>

namespace storefleet::provisioner {

struct ProcessResult {
  int exit_code = -1;      // -1 when killed by a signal or not started
  bool timed_out = false;
  bool aborted = false;    // the heartbeat asked to stop
  std::string output;      // stdout and stderr interleaved (truncated to the last 64 KiB)
  std::string error;       // why it could not be started
  bool ok() const noexcept { return exit_code == 0 && !timed_out && !aborted; }
};

// `heartbeat` is called about once a second while the child runs; returning false kills the child.
ProcessResult run_process(const std::vector<std::string>& argv, std::chrono::milliseconds timeout,
                          const std::function<bool()>& heartbeat = {});

}  // namespace storefleet::provisioner
