#include "discovery.hpp"

#include "resources.hpp"

#include <map>
#include <set>

namespace kubesim {

json::object version_document() {
  return {{"major", "1"},         {"minor", "33"},        {"gitVersion", "v1.33.0-kube-sim"},
          {"gitCommit", "0000000000000000000000000000000000000000"},   {"gitTreeState", "clean"},
          {"buildDate", "2026-01-01T00:00:00Z"}, {"goVersion", "go1.24.0"}, {"compiler", "gc"},
          {"platform", "linux/amd64"}};
}

json::object core_versions(const std::string& server_address) {
  return {{"kind", "APIVersions"},
          {"versions", json::array{"v1"}},
          {"serverAddressByClientCIDRs",
           json::array{json::object{{"clientCIDR", "0.0.0.0/0"}, {"serverAddress", server_address}}}}};
}

json::object api_group_list() {
  std::map<std::string, std::set<std::string>> groups;
  std::vector<std::string> order;
  for (const auto& rt : all_resources()) {
    if (rt.group.empty()) continue;
    if (!groups.count(rt.group)) order.push_back(rt.group);
    groups[rt.group].insert(rt.version);
  }
  json::array arr;
  for (const auto& g : order) {
    json::array versions;
    for (const auto& v : groups[g]) versions.push_back(json::object{{"groupVersion", g + "/" + v}, {"version", v}});
    auto preferred = *groups[g].begin();
    arr.push_back(json::object{{"name", g},
                               {"versions", versions},
                               {"preferredVersion", {{"groupVersion", g + "/" + preferred}, {"version", preferred}}}});
  }
  return {{"kind", "APIGroupList"}, {"apiVersion", "v1"}, {"groups", arr}};
}

std::optional<json::object> resource_list(const std::string& group, const std::string& version) {
  json::array resources;
  static const json::array kVerbs{"create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"};
  for (const auto& rt : all_resources()) {
    if (rt.group != group || rt.version != version) continue;
    json::object r{{"name", rt.plural},      {"singularName", rt.singular}, {"namespaced", rt.namespaced},
                   {"kind", rt.kind},        {"verbs", kVerbs},             {"storageVersionHash", ""}};
    if (!rt.short_names.empty()) {
      json::array s;
      for (const auto& n : rt.short_names) s.push_back(json::string(n));
      r["shortNames"] = s;
    }
    if (!rt.categories.empty()) {
      json::array c;
      for (const auto& n : rt.categories) c.push_back(json::string(n));
      r["categories"] = c;
    }
    resources.push_back(std::move(r));
    for (const auto& sub : rt.subresources) {
      json::object s{{"name", rt.plural + "/" + sub}, {"singularName", ""}, {"namespaced", rt.namespaced},
                     {"kind", sub == "scale" ? "Scale" : rt.kind}, {"verbs", json::array{"get", "patch", "update"}}};
      if (sub == "scale") {
        s["group"] = "autoscaling";
        s["version"] = "v1";
      }
      resources.push_back(std::move(s));
    }
  }
  if (resources.empty()) return std::nullopt;
  return json::object{{"kind", "APIResourceList"},
                      {"apiVersion", "v1"},
                      {"groupVersion", group.empty() ? version : group + "/" + version},
                      {"resources", resources}};
}
}  // namespace kubesim
