// Cluster-level controllers: PVC binding, LoadBalancer addresses, namespace termination, garbage
// collection through ownerReferences (Background/Foreground/Orphan), ResourceQuota status.
#include "controllers.hpp"

#include "../admission.hpp"
#include "../status.hpp"

namespace kubesim {

void Controllers::bind_pvc(const std::string& ns, const std::string& name) {
  const auto& rt = resource("persistentvolumeclaims");
  auto pvc = store_.get(rt, ns, name);
  if (!pvc || meta(*pvc).contains("deletionTimestamp")) return;
  WriteOptions wo;
  wo.internal = true;
  auto r = store_.write(rt, ns, name, [&](const json::object* cur) {
    json::object o = *cur;
    auto& spec = ensure_obj(o, "spec");
    spec["volumeName"] = "pvc-" + uid_of(o);
    json::value modes = spec.contains("accessModes") ? spec["accessModes"] : json::value(json::array{"ReadWriteOnce"});
    auto& st = ensure_obj(o, "status");
    st["phase"] = "Bound";
    st["accessModes"] = modes;
    if (auto req = path_at(o, "spec.resources.requests.storage")) st["capacity"] = json::object{{"storage", *req}};
    auto& ann = ensure_obj(ensure_obj(o, "metadata"), "annotations");
    ann["pv.kubernetes.io/bind-completed"] = "yes";
    ann["pv.kubernetes.io/bound-by-controller"] = "yes";
    return o;
  }, wo);
  record_event(*r.obj, "Normal", "ProvisioningSucceeded",
               "Successfully provisioned volume pvc-" + uid_of(*r.obj), "sim-provisioner");
}

void Controllers::provision_load_balancer(const std::string& ns, const std::string& name) {
  const auto& rt = resource("services");
  if (!store_.get(rt, ns, name)) return;
  WriteOptions wo;
  wo.internal = true;
  store_.write(rt, ns, name, [&](const json::object* cur) {
    json::object o = *cur;
    ensure_obj(ensure_obj(o, "status"), "loadBalancer")["ingress"] =
        json::array{json::object{{"ip", "172.18.255." + std::to_string(std::hash<std::string>{}(name) % 200 + 10)},
                                 {"ipMode", "VIP"}}};
    return o;
  }, wo);
}

void Controllers::reconcile_namespace(const std::string& name) {
  auto ns = store_.get(resource("namespaces"), "", name);
  if (!ns || !meta(*ns).contains("deletionTimestamp")) return;
  std::size_t remaining = 0;
  for (const auto& rt : all_resources()) {
    if (!rt.namespaced) continue;
    for (auto& o : store_.list(rt, name).items) {
      ++remaining;
      try {
        if (meta(*o).contains("deletionTimestamp")) {
          // GC finalizers can't make progress once everything goes: drop them, as the namespace controller's
          // final sweep effectively does. Other (user) finalizers keep holding the namespace.
          WriteOptions wo;
          wo.internal = true;
          store_.write(rt, name, name_of(*o), [&](const json::object* cur) {
            json::object c = *cur;
            auto& md = ensure_obj(c, "metadata");
            if (auto f = md.find("finalizers"); f != md.end() && f->value().is_array()) {
              auto& fa = f->value().get_array();
              erase_where(fa, [](const json::value& v) {
                return v == json::value("foregroundDeletion") || v == json::value("orphan");
              });
            }
            return c;
          }, wo);
        } else {
          store_.remove(rt, name, name_of(*o));
        }
      } catch (const ApiError&) {
      }
    }
  }
  if (remaining == 0) store_.finalize_namespace(name);
  else enqueue("namespace//" + name, Millis(100));
}

void Controllers::collect_garbage(const Change& c) {
  const auto& obj = *c.obj;
  auto uid = uid_of(obj);
  auto ns = namespace_of(obj);
  if (!c.rt->namespaced && c.rt->plural != "namespaces") return;
  if (c.rt->plural == "namespaces" || c.rt->plural == "events") return;
  static const char* dependent_types[] = {"pods", "apps/replicasets", "batch/jobs", "persistentvolumeclaims",
                                          "apps/controllerrevisions", "configmaps", "secrets", "services"};
  std::vector<std::pair<const ResourceType*, ObjPtr>> dependents;
  for (const char* t : dependent_types) {
    const auto& rt = resource(t);
    for (auto& d : store_.list(rt, ns).items)
      if (owned_by(*d, uid)) dependents.emplace_back(&rt, d);
  }
  auto fins = arr_at(meta(obj), "finalizers");
  auto has_fin = [&](const char* f) { return fins && std::find(fins->begin(), fins->end(), json::value(f)) != fins->end(); };
  WriteOptions wo;
  wo.internal = true;
  auto drop_finalizer = [&](const char* f) {
    store_.write(*c.rt, ns, name_of(obj), [&](const json::object* cur) {
      json::object o = *cur;
      auto& md = ensure_obj(o, "metadata");
      auto& fa = md["finalizers"].as_array();
      erase_where(fa, [&](const json::value& v) { return v == json::value(f); });
      return o;
    }, wo);
  };
  if (c.type == "DELETED") {
    for (auto& [rt, d] : dependents) {
      try {
        store_.remove(*rt, ns, name_of(*d), json::object{{"propagationPolicy", "Background"}});
      } catch (const ApiError&) {
      }
    }
  } else if (has_fin("orphan")) {
    for (auto& [rt, d] : dependents) {
      store_.write(*rt, ns, name_of(*d), [&](const json::object* cur) {
        json::object o = *cur;
        auto& md = ensure_obj(o, "metadata");
        auto& refs = md["ownerReferences"].as_array();
        erase_where(refs, [&](const json::value& r) { return str_at(r.as_object(), "uid") == uid; });
        if (refs.empty()) md.erase("ownerReferences");
        return o;
      }, wo);
    }
    drop_finalizer("orphan");
  } else if (has_fin("foregroundDeletion")) {
    if (dependents.empty()) {
      drop_finalizer("foregroundDeletion");
    } else {
      for (auto& [rt, d] : dependents) {
        try {
          if (!meta(*d).contains("deletionTimestamp"))
            store_.remove(*rt, ns, name_of(*d), json::object{{"propagationPolicy", "Foreground"}});
        } catch (const ApiError&) {
        }
      }
      auto copy = c;
      schedule(Millis(100), [this, copy] {
        auto cur = store_.get(*copy.rt, namespace_of(*copy.obj), name_of(*copy.obj));
        if (cur && uid_of(*cur) == uid_of(*copy.obj)) collect_garbage({copy.rt, "MODIFIED", cur, nullptr});
      });
    }
  }
}

void Controllers::reconcile_quota(const std::string& ns) {
  const auto& q_rt = resource("resourcequotas");
  for (auto& q : store_.list(q_rt, ns).items) {
    ListFn list = [&](const ResourceType& t) { return store_.list(t, ns).items; };
    auto used = usage_to_json(quota_usage(*q, list));
    WriteOptions wo;
    wo.internal = true;
    store_.write(q_rt, ns, name_of(*q), [&](const json::object* cur) {
      json::object o = *cur;
      auto& st = ensure_obj(o, "status");
      if (auto spec = obj_at(o, "spec"); spec && obj_at(*spec, "hard")) st["hard"] = *obj_at(*spec, "hard");
      st["used"] = used;
      return o;
    }, wo);
  }
}
}  // namespace kubesim
