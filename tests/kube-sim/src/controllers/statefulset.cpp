// StatefulSet: ordered pods <name>-0..N-1 (OrderedReady waits for each to be Ready), PVCs from
// volumeClaimTemplates, controller-revision-hash, rolling updates from the highest ordinal.
#include "controllers.hpp"

#include "../status.hpp"

namespace kubesim {

void Controllers::reconcile_statefulset(const std::string& ns, const std::string& name) {
  const auto& sts_rt = resource("apps/statefulsets");
  const auto& pods_rt = resource("pods");
  auto sts = store_.get(sts_rt, ns, name);
  if (!sts || meta(*sts).contains("deletionTimestamp")) return;
  const auto& spec = *obj_at(*sts, "spec");
  auto want = int_at(spec, "replicas", 1);
  bool parallel = str_at(spec, "podManagementPolicy") == "Parallel";
  auto tmpl = *obj_at(spec, "template");
  auto revision = name + "-" + stable_hash(dump(tmpl), 10);

  std::map<std::int64_t, ObjPtr> pods;
  for (auto& p : store_.list(pods_rt, ns).items) {
    if (!owned_by(*p, uid_of(*sts))) continue;
    auto pname = name_of(*p);
    auto dash = pname.rfind('-');
    if (dash == std::string::npos) continue;
    pods[std::atoll(pname.c_str() + dash + 1)] = p;
  }
  auto labels_of_pod = [](const ObjPtr& p) { return obj_at(meta(*p), "labels"); };
  auto pod_revision = [&](const ObjPtr& p) {
    auto l = labels_of_pod(p);
    return l ? str_at(*l, "controller-revision-hash") : "";
  };

  // Scale down (highest ordinal first) and roll out template changes one pod at a time.
  bool all_ready = true;
  for (auto& [i, p] : pods)
    if (i < want && !pod_ready(*p)) all_ready = false;
  for (auto it = pods.rbegin(); it != pods.rend(); ++it) {
    if (meta(*it->second).contains("deletionTimestamp")) continue;
    if (it->first >= want || (all_ready && pod_revision(it->second) != revision)) {
      store_.remove(pods_rt, ns, name_of(*it->second));
      record_event(*sts, "Normal", "SuccessfulDelete",
                   "delete Pod " + name_of(*it->second) + " in StatefulSet " + name + " successful",
                   "statefulset-controller");
      if (it->first < want) break;  // one rolling replacement at a time
    }
  }
  // Scale up.
  for (std::int64_t i = 0; i < want; ++i) {
    auto found = pods.find(i);
    if (found != pods.end()) {
      if (!parallel && !pod_ready(*found->second)) break;
      continue;
    }
    auto pname = name + "-" + std::to_string(i);
    if (store_.get(pods_rt, ns, pname)) break;  // old pod still terminating
    json::object pod{{"apiVersion", "v1"}, {"kind", "Pod"},
                     {"metadata", obj_at(tmpl, "metadata") ? *obj_at(tmpl, "metadata") : json::object()},
                     {"spec", *obj_at(tmpl, "spec")}};
    auto& md = ensure_obj(pod, "metadata");
    md["name"] = pname;
    auto& labels = ensure_obj(md, "labels");
    labels["controller-revision-hash"] = revision;
    labels["statefulset.kubernetes.io/pod-name"] = pname;
    labels["apps.kubernetes.io/pod-index"] = std::to_string(i);
    auto& pspec = ensure_obj(pod, "spec");
    pspec["hostname"] = pname;
    if (spec.contains("serviceName")) pspec["subdomain"] = spec.at("serviceName");
    if (auto vcts = arr_at(spec, "volumeClaimTemplates")) {
      auto& vols = pspec["volumes"];
      if (!vols.is_array()) vols = json::array();
      for (const auto& v : *vcts) {
        const auto& vct = v.as_object();
        auto claim = name_of(vct) + "-" + pname;
        if (!store_.get(resource("persistentvolumeclaims"), ns, claim)) {
          json::object pvc{{"metadata", {{"name", claim}, {"namespace", ns}}},
                           {"spec", obj_at(vct, "spec") ? *obj_at(vct, "spec") : json::object()}};
          if (auto sel = obj_at(spec, "selector"); sel && obj_at(*sel, "matchLabels"))
            ensure_obj(pvc, "metadata")["labels"] = *obj_at(*sel, "matchLabels");
          WriteOptions co;
          co.create_only = true;
          try {
            store_.write(resource("persistentvolumeclaims"), ns, claim, [&](const json::object*) { return pvc; }, co);
            record_event(*sts, "Normal", "SuccessfulCreate",
                         "create Claim " + claim + " Pod " + pname + " in StatefulSet " + name + " success",
                         "statefulset-controller");
          } catch (const ApiError& e) {
            if (e.code != 409) throw;
          }
        }
        vols.get_array().push_back(
            json::object{{"name", name_of(vct)}, {"persistentVolumeClaim", {{"claimName", claim}}}});
      }
    }
    if (!create_pod(sts_rt, *sts, std::move(pod))) {
      enqueue("statefulset/" + ns + "/" + name, Millis(1000));
      break;
    }
    if (!parallel) break;  // OrderedReady: the next one waits for this one to be Ready
  }

  // Status.
  std::int64_t total = 0, ready = 0, updated = 0, current = 0;
  for (auto& p : store_.list(pods_rt, ns).items) {
    if (!owned_by(*p, uid_of(*sts)) || meta(*p).contains("deletionTimestamp")) continue;
    ++total;
    if (pod_ready(*p)) ++ready;
    if (pod_revision(p) == revision) ++updated;
  }
  auto st0 = obj_at(*sts, "status");
  auto current_revision = st0 ? str_at(*st0, "currentRevision", revision) : revision;
  if (updated == want && total == want) current_revision = revision;  // rollout finished
  current = current_revision == revision ? updated : total - updated;
  WriteOptions wo;
  wo.internal = true;
  store_.write(sts_rt, ns, name, [&](const json::object* cur) {
    json::object o = *cur;
    auto& st = ensure_obj(o, "status");
    st["observedGeneration"] = int_at(meta(o), "generation", 1);
    st["replicas"] = total;
    st["readyReplicas"] = ready;
    st["currentReplicas"] = current;
    st["updatedReplicas"] = updated;
    st["availableReplicas"] = ready;
    st["currentRevision"] = current_revision;
    st["updateRevision"] = revision;
    st["collisionCount"] = 0;
    for (const char* k : {"readyReplicas", "currentReplicas", "updatedReplicas"})
      if (int_at(st, k) == 0) st.erase(k);  // Go omitempty
    return o;
  }, wo);
}
}  // namespace kubesim
