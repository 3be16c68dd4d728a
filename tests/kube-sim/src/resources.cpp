#include "resources.hpp"

#include <stdexcept>

namespace kubesim {

const std::vector<ResourceType>& all_resources() {
  static const std::vector<ResourceType> table = [] {
    using V = std::vector<std::string>;
    std::vector<ResourceType> t;
    auto add = [&](std::string g, std::string v, std::string plural, std::string singular, std::string kind,
                   bool ns, V shorts, V cats, bool status, bool gen, V subs = {}) {
      t.push_back({std::move(g), std::move(v), std::move(plural), std::move(singular), std::move(kind), ns,
                   std::move(shorts), std::move(cats), status, gen, std::move(subs)});
    };
    V all{"all"};
    add("", "v1", "namespaces", "namespace", "Namespace", false, {"ns"}, {}, true, false, {"status", "finalize"});
    add("", "v1", "nodes", "node", "Node", false, {"no"}, {}, true, false, {"status"});
    add("", "v1", "pods", "pod", "Pod", true, {"po"}, all, true, false, {"status", "log"});
    add("", "v1", "services", "service", "Service", true, {"svc"}, all, true, false, {"status"});
    add("", "v1", "endpoints", "endpoints", "Endpoints", true, {"ep"}, {}, false, false);
    add("", "v1", "secrets", "secret", "Secret", true, {}, {}, false, false);
    add("", "v1", "configmaps", "configmap", "ConfigMap", true, {"cm"}, {}, false, false);
    add("", "v1", "serviceaccounts", "serviceaccount", "ServiceAccount", true, {"sa"}, {}, false, false);
    add("", "v1", "persistentvolumeclaims", "persistentvolumeclaim", "PersistentVolumeClaim", true, {"pvc"}, {},
        true, false, {"status"});
    add("", "v1", "persistentvolumes", "persistentvolume", "PersistentVolume", false, {"pv"}, {}, true, false,
        {"status"});
    add("", "v1", "resourcequotas", "resourcequota", "ResourceQuota", true, {"quota"}, {}, true, false, {"status"});
    add("", "v1", "limitranges", "limitrange", "LimitRange", true, {"limits"}, {}, false, false);
    add("", "v1", "events", "event", "Event", true, {"ev"}, {}, false, false);
    add("apps", "v1", "deployments", "deployment", "Deployment", true, {"deploy"}, all, true, true,
        {"status", "scale"});
    add("apps", "v1", "replicasets", "replicaset", "ReplicaSet", true, {"rs"}, all, true, true, {"status", "scale"});
    add("apps", "v1", "statefulsets", "statefulset", "StatefulSet", true, {"sts"}, all, true, true,
        {"status", "scale"});
    add("apps", "v1", "daemonsets", "daemonset", "DaemonSet", true, {"ds"}, all, true, true, {"status"});
    add("apps", "v1", "controllerrevisions", "controllerrevision", "ControllerRevision", true, {}, {}, false, false);
    add("batch", "v1", "jobs", "job", "Job", true, {}, all, true, true, {"status"});
    add("batch", "v1", "cronjobs", "cronjob", "CronJob", true, {"cj"}, all, true, true, {"status"});
    add("networking.k8s.io", "v1", "ingresses", "ingress", "Ingress", true, {"ing"}, {}, true, true, {"status"});
    add("networking.k8s.io", "v1", "networkpolicies", "networkpolicy", "NetworkPolicy", true, {"netpol"}, {}, false,
        true);
    add("networking.k8s.io", "v1", "ingressclasses", "ingressclass", "IngressClass", false, {}, {}, false, true);
    add("policy", "v1", "poddisruptionbudgets", "poddisruptionbudget", "PodDisruptionBudget", true, {"pdb"}, {},
        true, true, {"status"});
    add("autoscaling", "v2", "horizontalpodautoscalers", "horizontalpodautoscaler", "HorizontalPodAutoscaler", true,
        {"hpa"}, all, true, false, {"status"});
    add("rbac.authorization.k8s.io", "v1", "roles", "role", "Role", true, {}, {}, false, false);
    add("rbac.authorization.k8s.io", "v1", "rolebindings", "rolebinding", "RoleBinding", true, {}, {}, false, false);
    add("rbac.authorization.k8s.io", "v1", "clusterroles", "clusterrole", "ClusterRole", false, {}, {}, false, false);
    add("rbac.authorization.k8s.io", "v1", "clusterrolebindings", "clusterrolebinding", "ClusterRoleBinding", false,
        {}, {}, false, false);
    add("storage.k8s.io", "v1", "storageclasses", "storageclass", "StorageClass", false, {"sc"}, {}, false, false);
    return t;
  }();
  return table;
}

const ResourceType* find_resource(const std::string& group, const std::string& version, const std::string& plural) {
  for (const auto& rt : all_resources())
    if (rt.group == group && rt.version == version && rt.plural == plural) return &rt;
  return nullptr;
}

const ResourceType* find_resource_by_kind(const std::string& api_version, const std::string& kind) {
  for (const auto& rt : all_resources())
    if (rt.api_version() == api_version && rt.kind == kind) return &rt;
  return nullptr;
}

const ResourceType& resource(const std::string& group_plural) {
  auto slash = group_plural.find('/');
  std::string group = slash == std::string::npos ? "" : group_plural.substr(0, slash);
  std::string plural = slash == std::string::npos ? group_plural : group_plural.substr(slash + 1);
  for (const auto& rt : all_resources())
    if (rt.group == group && rt.plural == plural) return rt;
  throw std::logic_error("unknown resource " + group_plural);
}
}  // namespace kubesim
