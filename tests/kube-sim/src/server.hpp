// One kube-sim instance: HTTPS server (bearer token), store, watch history, controllers, faults.
#pragma once
#include "options.hpp"

#include <memory>
#include <string>

namespace kubesim {

class KubeSim {
 public:
  explicit KubeSim(Options opts);
  ~KubeSim();
  // Binds, starts serving and the controllers, then writes the kubeconfig. Throws on failure.
  void start();
  void wait();  // until stop() or the listener ends
  void stop();
  int port() const;
  const std::string& token() const;
  std::string ca_pem() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};
}  // namespace kubesim
