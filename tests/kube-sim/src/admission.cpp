#include "admission.hpp"

#include "quantity.hpp"
#include "selectors.hpp"
#include "status.hpp"
#include "store.hpp"

#include <atomic>
#include <string_view>

namespace kubesim {
namespace {

// RFC 1123 label: lowercase alphanumerics and '-', starting and ending alphanumeric (no <regex>: GCC's
// sanitizer builds warn inside it).
bool dns_label(std::string_view s) {
  if (s.empty() || s.size() > 63) return false;
  auto alnum = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
  if (!alnum(s.front()) || !alnum(s.back())) return false;
  for (char c : s)
    if (!alnum(c) && c != '-') return false;
  return true;
}
bool dns_subdomain(const std::string& s) {
  if (s.empty() || s.size() > 253) return false;
  std::size_t start = 0;
  while (true) {
    auto dot = s.find('.', start);
    if (!dns_label(std::string_view(s).substr(start, dot == std::string::npos ? std::string::npos : dot - start)))
      return false;
    if (dot == std::string::npos) return true;
    start = dot + 1;
  }
}

std::string labels_text(const json::object* labels) {
  std::string s = "map[string]string{";
  bool first = true;
  if (labels)
    for (const auto& [k, v] : *labels) {
      s += (first ? "\"" : ", \"") + std::string(k) + "\":\"" + scalar_string(v) + "\"";
      first = false;
    }
  return s + "}";
}

void validate_pod_spec(const ResourceType& rt, const std::string& name, const json::object* spec,
                       const std::string& prefix) {
  auto containers = spec ? arr_at(*spec, "containers") : nullptr;
  if (!containers || containers->empty())
    throw ApiError::invalid(rt, name, prefix + "containers: Required value");
  for (std::size_t i = 0; i < containers->size(); ++i) {
    const auto& c = (*containers)[i].as_object();
    auto p = prefix + "containers[" + std::to_string(i) + "].";
    if (str_at(c, "name").empty()) throw ApiError::invalid(rt, name, p + "name: Required value");
    if (str_at(c, "image").empty()) throw ApiError::invalid(rt, name, p + "image: Required value");
  }
}

void validate_workload(const ResourceType& rt, const std::string& name, const json::object& obj) {
  auto spec = obj_at(obj, "spec");
  auto tmpl = spec ? obj_at(*spec, "template") : nullptr;
  auto sel = spec ? obj_at(*spec, "selector") : nullptr;
  bool job = rt.plural == "jobs";
  if (!sel && !job) throw ApiError::invalid(rt, name, "spec.selector: Required value");
  if (!tmpl) throw ApiError::invalid(rt, name, "spec.template.spec.containers: Required value");
  const json::object* tlabels = obj_at(*tmpl, "metadata") ? obj_at(*obj_at(*tmpl, "metadata"), "labels") : nullptr;
  if (sel && !job && !LabelSelector::from_object(*sel).matches(tlabels))
    throw ApiError::invalid(rt, name, "spec.template.metadata.labels: Invalid value: " + labels_text(tlabels) +
                                          ": `selector` does not match template `labels`");
  validate_pod_spec(rt, name, obj_at(*tmpl, "spec"), "spec.template.spec.");
  if (job) {
    auto rp = str_at(*obj_at(*tmpl, "spec"), "restartPolicy");
    if (rp != "Never" && rp != "OnFailure")
      throw ApiError::invalid(rt, name, "spec.template.spec.restartPolicy: " +
                                            std::string(rp.empty() ? "Required value" : "Unsupported value: \"" + rp + "\"") +
                                            ": valid values: \"OnFailure\", \"Never\"");
  }
}

void set_default(json::object& o, std::string_view key, json::value v) {
  if (!o.contains(key)) o[key] = std::move(v);
}

void default_pod_spec(json::object& spec) {
  set_default(spec, "restartPolicy", "Always");
  set_default(spec, "dnsPolicy", "ClusterFirst");
  set_default(spec, "schedulerName", "default-scheduler");
  set_default(spec, "terminationGracePeriodSeconds", 30);
  set_default(spec, "securityContext", json::object());
  for (const char* list : {"containers", "initContainers"}) {
    auto it = spec.find(list);
    if (it == spec.end() || !it->value().is_array()) continue;
    for (auto& cv : it->value().get_array()) {
      if (!cv.is_object()) continue;
      auto& c = cv.get_object();
      auto image = str_at(c, "image");
      bool latest = image.find(':') == std::string::npos || image.ends_with(":latest");
      set_default(c, "imagePullPolicy", latest ? "Always" : "IfNotPresent");
      set_default(c, "terminationMessagePath", "/dev/termination-log");
      set_default(c, "terminationMessagePolicy", "File");
      set_default(c, "resources", json::object());
      if (auto ports = c.find("ports"); ports != c.end() && ports->value().is_array())
        for (auto& p : ports->value().get_array())
          if (p.is_object()) set_default(p.get_object(), "protocol", "TCP");
    }
  }
}

void default_template(json::object& spec) {
  if (auto t = obj_at(spec, "template")) default_pod_spec(ensure_obj(*t, "spec"));
}

std::atomic<unsigned> g_next_ip{10};

std::string qos_class(const json::object& spec) {
  bool any = false, guaranteed = true;
  if (auto cs = arr_at(spec, "containers"))
    for (const auto& cv : *cs) {
      auto res = obj_at(cv.as_object(), "resources");
      auto req = res ? obj_at(*res, "requests") : nullptr;
      auto lim = res ? obj_at(*res, "limits") : nullptr;
      if ((req && !req->empty()) || (lim && !lim->empty())) any = true;
      for (const char* r : {"cpu", "memory"}) {
        auto l = lim && lim->contains(r) ? scalar_string(lim->at(r)) : "";
        auto q = req && req->contains(r) ? scalar_string(req->at(r)) : l;
        if (l.empty() || parse_quantity(l) != parse_quantity(q)) guaranteed = false;
      }
    }
  return !any ? "BestEffort" : guaranteed ? "Guaranteed" : "Burstable";
}
}  // namespace

void validate_create(const ResourceType& rt, const json::object& obj) {
  auto name = name_of(obj);
  bool label_only = rt.plural == "namespaces" || rt.plural == "services";
  if (label_only ? !dns_label(name) : !dns_subdomain(name))
    throw ApiError::invalid(rt, name, "metadata.name: Invalid value: \"" + name + "\": a lowercase RFC 1123 " +
                                          (label_only ? "label" : "subdomain") +
                                          " must consist of lower case alphanumeric characters, '-' or '.', and must "
                                          "start and end with an alphanumeric character");
  if (rt.plural == "deployments" || rt.plural == "statefulsets" || rt.plural == "replicasets" ||
      rt.plural == "jobs" || rt.plural == "daemonsets")
    validate_workload(rt, name, obj);
  if (rt.plural == "pods") validate_pod_spec(rt, name, obj_at(obj, "spec"), "spec.");
}

void validate_update(const ResourceType& rt, const json::object& old, json::object& obj) {
  auto name = name_of(obj);
  auto spec_of = [](const json::object& o) { return obj_at(o, "spec") ? *obj_at(o, "spec") : json::object(); };
  auto ospec = spec_of(old), nspec = spec_of(obj);
  auto same = [&](const char* k) { return ospec[k] == nspec[k]; };
  if (rt.plural == "deployments" || rt.plural == "statefulsets" || rt.plural == "replicasets" ||
      rt.plural == "jobs") {
    validate_workload(rt, name, obj);
    if (rt.plural != "jobs" && !same("selector"))
      throw ApiError::invalid(rt, name, "spec.selector: Invalid value: " + dump(nspec["selector"]) +
                                            ": field is immutable");
  }
  if (rt.plural == "jobs" && (!same("template") || !same("completions") || !same("selector")))
    throw ApiError::invalid(rt, name, "spec.template: Invalid value: " + dump(nspec["template"]) +
                                          ": field is immutable");
  if (rt.plural == "statefulsets") {
    for (const char* k : {"replicas", "template", "updateStrategy", "persistentVolumeClaimRetentionPolicy",
                          "minReadySeconds", "ordinals"}) {
      ospec.erase(k);
      nspec.erase(k);
    }
    nspec.erase("revisionHistoryLimit");
    ospec.erase("revisionHistoryLimit");
    nspec.erase("podManagementPolicy");  // defaulted server-side; apply bodies usually omit it
    ospec.erase("podManagementPolicy");
    if (ospec != nspec)
      throw ApiError::invalid(rt, name, "spec: Forbidden: updates to statefulset spec for fields other than "
                                        "'replicas', 'ordinals', 'template', 'updateStrategy', "
                                        "'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden");
  }
  if (rt.plural == "persistentvolumeclaims") {
    for (auto* s : {&ospec, &nspec}) {
      s->erase("resources");
      s->erase("volumeName");
      s->erase("volumeMode");
      s->erase("storageClassName");
    }
    if (ospec != nspec)
      throw ApiError::invalid(rt, name, "spec: Forbidden: spec is immutable after creation except resources.requests "
                                        "and volumeAttributesClassName for bound claims");
  }
  if (rt.plural == "services") {
    auto& s = ensure_obj(obj, "spec");
    auto os = obj_at(old, "spec");
    if (os && !s.contains("clusterIP") && os->contains("clusterIP")) {
      s["clusterIP"] = os->at("clusterIP");
      if (os->contains("clusterIPs")) s["clusterIPs"] = os->at("clusterIPs");
    }
  }
  if ((rt.plural == "secrets" || rt.plural == "configmaps") && bool_at(old, "immutable") &&
      (old.contains("data") ? old.at("data") : json::value()) != (obj.contains("data") ? obj.at("data") : json::value()))
    throw ApiError::invalid(rt, name, "data: Forbidden: field is immutable when `immutable` is set");
}

void default_object(const ResourceType& rt, json::object& obj) {
  auto& md = ensure_obj(obj, "metadata");
  const auto& p = rt.plural;
  if (p == "namespaces") {
    ensure_obj(md, "labels")["kubernetes.io/metadata.name"] = name_of(obj);
    set_default(ensure_obj(obj, "spec"), "finalizers", json::array{"kubernetes"});
    set_default(ensure_obj(obj, "status"), "phase", "Active");
  } else if (p == "pods") {
    auto& spec = ensure_obj(obj, "spec");
    default_pod_spec(spec);
    set_default(spec, "serviceAccountName", "default");
    auto qos = qos_class(spec);
    auto& st = ensure_obj(obj, "status");  // may invalidate `spec`
    set_default(st, "phase", "Pending");
    st["qosClass"] = qos;
  } else if (p == "deployments") {
    auto& spec = ensure_obj(obj, "spec");
    set_default(spec, "replicas", 1);
    set_default(spec, "revisionHistoryLimit", 10);
    set_default(spec, "progressDeadlineSeconds", 600);
    set_default(spec, "strategy", json::object{{"type", "RollingUpdate"},
                                               {"rollingUpdate", {{"maxUnavailable", "25%"}, {"maxSurge", "25%"}}}});
    default_template(spec);
    ensure_obj(obj, "status");
  } else if (p == "replicasets") {
    auto& spec = ensure_obj(obj, "spec");
    set_default(spec, "replicas", 1);
    default_template(spec);
    ensure_obj(obj, "status");
  } else if (p == "statefulsets") {
    auto& spec = ensure_obj(obj, "spec");
    set_default(spec, "replicas", 1);
    set_default(spec, "podManagementPolicy", "OrderedReady");
    set_default(spec, "revisionHistoryLimit", 10);
    set_default(spec, "updateStrategy",
                json::object{{"type", "RollingUpdate"}, {"rollingUpdate", {{"partition", 0}}}});
    set_default(spec, "persistentVolumeClaimRetentionPolicy",
                json::object{{"whenDeleted", "Retain"}, {"whenScaled", "Retain"}});
    default_template(spec);
    ensure_obj(obj, "status");
  } else if (p == "jobs") {
    auto& spec = ensure_obj(obj, "spec");
    set_default(spec, "parallelism", 1);
    set_default(spec, "completions", 1);
    set_default(spec, "backoffLimit", 6);
    set_default(spec, "completionMode", "NonIndexed");
    set_default(spec, "suspend", false);
    set_default(spec, "manualSelector", false);
    set_default(spec, "podReplacementPolicy", "TerminatingOrFailed");
    if (!spec.contains("selector")) {
      auto uid = uid_of(obj);
      spec["selector"] = json::object{{"matchLabels", {{"batch.kubernetes.io/controller-uid", uid}}}};
      auto& tl = ensure_obj(ensure_obj(ensure_obj(spec, "template"), "metadata"), "labels");
      tl["batch.kubernetes.io/controller-uid"] = uid;
      tl["batch.kubernetes.io/job-name"] = name_of(obj);
      tl["controller-uid"] = uid;
      tl["job-name"] = name_of(obj);
    }
    default_template(spec);
    ensure_obj(obj, "status");
  } else if (p == "services") {
    auto& spec = ensure_obj(obj, "spec");
    set_default(spec, "type", "ClusterIP");
    set_default(spec, "sessionAffinity", "None");
    set_default(spec, "ipFamilies", json::array{"IPv4"});
    set_default(spec, "ipFamilyPolicy", "SingleStack");
    set_default(spec, "internalTrafficPolicy", "Cluster");
    if (!spec.contains("clusterIP")) {
      unsigned n = g_next_ip++;
      spec["clusterIP"] = "10.96." + std::to_string((n / 250) % 250) + "." + std::to_string(n % 250 + 1);
    }
    set_default(spec, "clusterIPs", json::array{spec["clusterIP"]});
    if (auto ports = spec.find("ports"); ports != spec.end() && ports->value().is_array())
      for (auto& pv : ports->value().get_array()) {
        if (!pv.is_object()) continue;
        auto& port = pv.get_object();
        set_default(port, "protocol", "TCP");
        if (port.contains("port")) set_default(port, "targetPort", port["port"]);
      }
    set_default(ensure_obj(obj, "status"), "loadBalancer", json::object());
  } else if (p == "persistentvolumeclaims") {
    auto& spec = ensure_obj(obj, "spec");
    set_default(spec, "volumeMode", "Filesystem");
    set_default(spec, "storageClassName", "standard");
    set_default(ensure_obj(obj, "status"), "phase", "Pending");
  } else if (p == "secrets") {
    set_default(obj, "type", "Opaque");
    if (auto sdp = obj_at(obj, "stringData")) {
      json::object sd = *sdp;  // copy: inserting "data" may move members
      auto& data = ensure_obj(obj, "data");
      for (const auto& [k, v] : sd) data[k] = base64_encode(scalar_string(v));
      obj.erase("stringData");
    }
  } else if (p == "resourcequotas") {
    auto& st = ensure_obj(obj, "status");
    if (auto spec = obj_at(obj, "spec"); spec && obj_at(*spec, "hard")) st["hard"] = *obj_at(*spec, "hard");
  }
}

namespace {
// LimitRange "Container" defaults: limits from `default`, requests from `defaultRequest` (or the limits).
void apply_limit_ranges(json::object& pod, const Store& store, const std::string& ns) {
  auto ranges = store.list_locked(resource("limitranges"), ns);
  auto& spec = ensure_obj(pod, "spec");
  for (const char* list : {"containers", "initContainers"}) {
    auto it = spec.find(list);
    if (it == spec.end() || !it->value().is_array()) continue;
    for (auto& cv : it->value().get_array()) {
      auto& res = ensure_obj(cv.as_object(), "resources");
      for (const auto& lr : ranges) {
        auto lspec = obj_at(*lr, "spec");
        auto limits = lspec ? arr_at(*lspec, "limits") : nullptr;
        if (!limits) continue;
        for (const auto& item : *limits) {
          const auto& io = item.as_object();
          if (str_at(io, "type") != "Container") continue;
          if (auto d = obj_at(io, "default")) {
            auto& lim = ensure_obj(res, "limits");
            for (const auto& [k, v] : *d) set_default(lim, k, v);
          }
          if (auto d = obj_at(io, "defaultRequest")) {
            auto& req = ensure_obj(res, "requests");
            for (const auto& [k, v] : *d) set_default(req, k, v);
          }
        }
      }
      if (auto limp = obj_at(res, "limits")) {  // API defaulting: requests default to limits
        json::object lim = *limp;  // copy: inserting "requests" may move members
        auto& req = ensure_obj(res, "requests");
        for (const auto& [k, v] : lim) set_default(req, k, v);
      }
      if (obj_at(res, "requests") && obj_at(res, "requests")->empty()) res.erase("requests");
      if (obj_at(res, "limits") && obj_at(res, "limits")->empty()) res.erase("limits");
    }
  }
}

}  // namespace

void admit_create(const ResourceType& rt, json::object& obj, const Store& store) {
  if (!rt.namespaced) return;
  auto ns = namespace_of(obj);
  auto nsobj = store.get_locked(resource("namespaces"), "", ns);
  if (!nsobj) throw ApiError::namespace_not_found(ns);
  if (meta(*nsobj).contains("deletionTimestamp") && rt.plural != "events")
    throw ApiError::forbidden(rt, name_of(obj), "unable to create new content in namespace " + ns +
                                                    " because it is being terminated");
  if (rt.plural == "pods") {
    apply_limit_ranges(obj, store, ns);
    auto qos = qos_class(ensure_obj(obj, "spec"));
    ensure_obj(obj, "status")["qosClass"] = qos;
  }
  ListFn list = [&](const ResourceType& t) { return store.list_locked(t, ns); };
  for (const auto& q : store.list_locked(resource("resourcequotas"), ns)) {
    auto check = check_quota(*q, rt, obj, list);
    if (!check.allowed) throw ApiError::forbidden(rt, name_of(obj), check.message);
  }
}
}  // namespace kubesim
