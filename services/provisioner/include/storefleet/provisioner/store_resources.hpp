#pragma once
// The Kubernetes objects the provisioner itself owns for a store: namespace `store-<name>` and the Secret
// `<name>-credentials` (see CONTRACTS.md), plus reading Helm's release records.
#include <boost/json/object.hpp>

#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "storefleet/core/store.hpp"
#include "storefleet/provisioner/kube_client.hpp"
#include "storefleet/provisioner/release_action.hpp"
#include "storefleet/provisioner/store_credentials.hpp"

namespace storefleet::provisioner {

// A Kubernetes API call that failed; `retryable` says whether waiting and trying again can help.
class KubeError : public std::runtime_error {
 public:
  KubeError(int status, const std::string& what) : std::runtime_error(what), status_(status) {}
  int status() const noexcept { return status_; }

 private:
  int status_;
};

// Pure builders (tested without a cluster).
std::string namespace_body(const std::string& store);
// Fresh credentials for `engine` from the CSPRNG: admin-user, admin-password, admin-email and the engine's keys.
std::map<std::string, std::string> generate_credentials(Engine engine, const std::string& admin_email);
std::string secret_body(const std::string& store, const std::map<std::string, std::string>& string_data);
std::vector<ReleaseRecord> release_records(const boost::json::object& secret_list);
// "Type=Reason: message; ..." for the True conditions of a namespace (why it is stuck Terminating).
std::string namespace_conditions_summary(const boost::json::object& ns);

enum class Ensured { created, existed };

class StoreResources {
 public:
  explicit StoreResources(KubeClient& client) : client_(client) {}

  // Creates the namespace, or accepts an existing Active one; throws KubeError if it is still Terminating.
  Ensured ensure_namespace(const std::string& store);
  // Creates the credentials Secret if absent. An existing Secret is kept as is, so passwords generated on the
  // first attempt are reused by every retry.
  Ensured ensure_secret(const std::string& store, Engine engine, const std::string& store_domain);
  // The admin login from the Secret; nothing when the Secret (or its namespace) does not exist. Throws KubeError
  // when the cluster fails (status 0: unreachable), std::runtime_error when the Secret lacks the admin keys.
  // One try with a short timeout: a caller is waiting and can ask again.
  std::optional<StoreCredentials> read_credentials(const std::string& store);
  std::vector<ReleaseRecord> release_history(const std::string& store);
  // DELETE the namespace; false when it was already gone.
  bool delete_namespace(const std::string& store);
  std::optional<boost::json::object> get_namespace(const std::string& store);

 private:
  KubeClient& client_;
};

}  // namespace storefleet::provisioner
