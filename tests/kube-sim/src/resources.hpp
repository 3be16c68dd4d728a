// The table of resource types kube-sim serves (drives routing, discovery and the store).
#pragma once
#include <string>
#include <vector>

namespace kubesim {

struct ResourceType {
  std::string group, version, plural, singular, kind;
  bool namespaced = true;
  std::vector<std::string> short_names, categories;
  bool has_status = false;          // status is a subresource: main-resource writes keep the stored status
  bool tracks_generation = false;   // metadata.generation bumps on spec changes
  std::vector<std::string> subresources;  // e.g. "status", "scale"

  std::string api_version() const { return group.empty() ? version : group + "/" + version; }
  std::string key() const { return group + "/" + plural; }
};

const std::vector<ResourceType>& all_resources();
const ResourceType* find_resource(const std::string& group, const std::string& version, const std::string& plural);
const ResourceType* find_resource_by_kind(const std::string& api_version, const std::string& kind);
// Shortcut for controllers: "pods", "apps/deployments".
const ResourceType& resource(const std::string& group_plural);
}  // namespace kubesim
