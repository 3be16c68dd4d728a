// kube-sim: a simulated Kubernetes API server for helm, kubectl and Storefleet's tests.
#include "src/options.hpp"
#include "src/server.hpp"

#include <spdlog/spdlog.h>

#include <csignal>
#include <cstdio>

namespace {
kubesim::KubeSim* g_sim = nullptr;
}

int main(int argc, char** argv) {
  auto opts = kubesim::parse_options(argc, argv);
  spdlog::set_level(spdlog::level::from_str(opts.log_level));
  std::signal(SIGPIPE, SIG_IGN);  // peers that go away mid-stream must not kill the server
  try {
    kubesim::KubeSim sim(opts);
    g_sim = &sim;
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, nullptr);  // threads inherit the mask; one thread waits for signals
    sim.start();
    int sig = 0;
    sigwait(&set, &sig);
    spdlog::info("kube-sim: signal {}, stopping", sig);
    sim.stop();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "kube-sim: %s\n", e.what());
    return 1;
  }
  return 0;
}
