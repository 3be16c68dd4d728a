#pragma once
// What the reconciler works with, and the helm commands a job runs on the helm pool: bring a store's release to
// deployed (as planned from helm's release records), or remove it.
#include <atomic>
#include <stdexcept>
#include <string>
#include <vector>

#include "storefleet/core/store.hpp"
#include "storefleet/db/database.hpp"
#include "storefleet/provisioner/cancel_token.hpp"
#include "storefleet/provisioner/cluster_cache.hpp"
#include "storefleet/provisioner/metrics.hpp"
#include "storefleet/provisioner/settings.hpp"
#include "storefleet/provisioner/store_events.hpp"
#include "storefleet/provisioner/store_resources.hpp"

namespace storefleet::provisioner {

struct Services {
  db::Database& db;
  KubeClient& kube;
  ClusterCache& cache;
  StoreEvents& events;
  Metrics& metrics;
  const ProvisionerSettings& settings;
};

class HelmError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// helm <argv> with the settings' timeout, recording its duration; killed when `cancel` fires. Throws HelmError
// with the output's last lines.
void run_helm(Services& s, const std::string& command, const std::vector<std::string>& argv, const CancelToken& cancel,
              bool tolerate_not_found = false);

// create: plan from the release records (install, upgrade, roll back a pending one, or nothing), then run it.
// `events` is the job's fenced writer (step events helm started/done/failed). Records the revision it deployed
// (db::RevisionRepo) and returns its number; 0 when the release already was deployed with the store's spec.
int install_release(Services& s, StoreEvents& events, const Store& store, const CancelToken& cancel);
// delete and cleanup: helm uninstall when a release exists (step events uninstall started/done/failed).
void uninstall_release(Services& s, StoreEvents& events, const Store& store, const CancelToken& cancel);

}  // namespace storefleet::provisioner
