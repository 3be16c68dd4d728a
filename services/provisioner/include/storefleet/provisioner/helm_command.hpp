#pragma once
// Helm command lines as argv vectors (executed without a shell), using only flags Helm 3.12+ and Helm 4 both
// accept. Secrets never appear here: the chart reads them from the `<name>-credentials` Secret, and the few
// values we pass go in a 0600 temporary file (ValuesFile) that is removed afterwards.
#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "storefleet/core/store.hpp"

namespace storefleet::provisioner {

struct HelmSettings {
  std::string helm = "helm";          // path of the helm binary
  std::string kubeconfig;             // "" = helm's default / in-cluster
  std::string kube_context;
  std::chrono::seconds timeout{300};  // per helm operation (helm's own --timeout)
};

// All builders validate the release name (DNS-1123 store name) and throw std::invalid_argument otherwise,
// so a hostile name can neither become a flag nor smuggle in a second argument.
std::vector<std::string> helm_upgrade_install_argv(const HelmSettings& s, const std::string& release,
                                                   const std::string& chart_dir,
                                                   const std::vector<std::string>& values_files);
std::vector<std::string> helm_uninstall_argv(const HelmSettings& s, const std::string& release);
std::vector<std::string> helm_rollback_argv(const HelmSettings& s, const std::string& release, int revision);
std::vector<std::string> helm_version_argv(const HelmSettings& s);

// "10m0s"-style durations for helm's --timeout.
std::string helm_duration(std::chrono::seconds d);

// The values the provisioner sets (see CONTRACTS.md) as YAML text.
std::string store_values_yaml(const std::string& release, Engine engine, const std::string& store_domain,
                              bool suspended = false);

// A 0600 temporary file holding `content` (storefleet-values-*.yaml), removed when this object is destroyed.
class ValuesFile {
 public:
  ValuesFile(const std::string& content, const std::filesystem::path& dir = std::filesystem::temp_directory_path());
  ~ValuesFile();
  ValuesFile(const ValuesFile&) = delete;
  ValuesFile& operator=(const ValuesFile&) = delete;
  const std::string& path() const noexcept { return path_; }

 private:
  std::string path_;
};

// Removes the values files a killed provisioner left in `dir` (kill -9 runs no destructor): ours by name and
// owner, and older than `older_than` (longer than any helm command may run, so a live one is never touched).
// Returns how many were removed.
int remove_stale_values_files(const std::filesystem::path& dir, std::chrono::seconds older_than);

}  // namespace storefleet::provisioner
