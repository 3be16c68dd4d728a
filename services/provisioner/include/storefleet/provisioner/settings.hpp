#pragma once
// Everything the provisioner's behaviour depends on (from the command line).
#include <chrono>
#include <string>

#include "storefleet/core/catalog.hpp"
#include "storefleet/db/jobs.hpp"
#include "storefleet/provisioner/helm_command.hpp"
#include "storefleet/provisioner/status_decision.hpp"

namespace storefleet::provisioner {

struct ProvisionerSettings {
  std::string chart_dir = "charts/store";
  std::string values_env = "local";            // charts/store/values-<env>.yaml
  Catalog catalog;                             // charts/store/versions/catalog.yaml, read at start
  std::string store_domain = "local";
  HelmSettings helm;
  // Stores with a job at work at once (held leases). Waiting for pods costs no thread, so this can be large; the
  // helm processes they start are limited apart, by helm_concurrency.
  int concurrency = 1000;
  int helm_concurrency = 4;
  std::chrono::milliseconds lease{30000};      // job lease; the lease keeper extends it every third
  std::chrono::milliseconds idle_recheck{5000};
  StatusThresholds thresholds;
  std::chrono::milliseconds delete_timeout{std::chrono::minutes(5)};
  bool auto_rollback = true;                   // a failed change to an installed store goes back to the last good revision
  bool cleanup_on_failure = false;             // uninstall + delete namespace when a create fails for good
  db::QueuePolicy queue;                       // backoff between attempts (max attempts is set per job by the API)
};

}  // namespace storefleet::provisioner
