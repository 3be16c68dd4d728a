// Deployment -> ReplicaSet (controller ownerRef, pod-template-hash) -> Pods, with status fields written the
// way the real controllers do (helm's --wait and kstatus read them).
#include "controllers.hpp"

#include "../status.hpp"

#include <cmath>
#include <ctime>

namespace kubesim {
namespace {

std::int64_t replicas_of(const json::object& obj) {
  auto spec = obj_at(obj, "spec");
  return spec ? int_at(*spec, "replicas", 1) : 1;
}

// maxUnavailable resolved against the replica count (percentages round down, as for Deployments).
std::int64_t max_unavailable(const json::object& dep, std::int64_t replicas) {
  auto v = path_at(dep, "spec.strategy.rollingUpdate.maxUnavailable");
  if (!v) return static_cast<std::int64_t>(std::floor(replicas * 0.25));
  if (v->is_int64()) return v->get_int64();
  auto s = scalar_string(*v);
  if (!s.empty() && s.back() == '%') return static_cast<std::int64_t>(std::floor(replicas * std::stod(s) / 100.0));
  return std::stoll(s);
}

// Seconds since an RFC 3339 timestamp (large when unparsable, so a deadline is considered passed).
long seconds_since(const std::string& ts) {
  std::tm tm{};
  if (ts.empty() || !strptime(ts.c_str(), "%Y-%m-%dT%H:%M:%SZ", &tm)) return 1L << 30;
  return static_cast<long>(std::difftime(std::time(nullptr), timegm(&tm)));
}

std::vector<ObjPtr> owned(Store& store, const ResourceType& rt, const std::string& ns, const std::string& uid) {
  std::vector<ObjPtr> out;
  for (auto& o : store.list(rt, ns).items)
    if (owned_by(*o, uid)) out.push_back(o);
  return out;
}
}  // namespace

bool Controllers::create_pod(const ResourceType& owner_rt, const json::object& owner, json::object pod) {
  const auto& pods = resource("pods");
  auto ns = namespace_of(owner);
  ensure_obj(pod, "metadata")["namespace"] = ns;
  json::array refs{owner_reference(owner_rt, owner)};
  ensure_obj(pod, "metadata")["ownerReferences"] = refs;
  try {
    WriteOptions wo;
    wo.create_only = true;
    auto name = name_of(pod);
    auto r = store_.write(pods, ns, name, [&](const json::object*) { return pod; }, wo);
    record_event(owner, "Normal", "SuccessfulCreate", "Created pod: " + name_of(*r.obj),
                 owner_rt.kind == "Job" ? "job-controller" : owner_rt.kind == "StatefulSet" ? "statefulset-controller"
                                                                                             : "replicaset-controller");
    return true;
  } catch (const ApiError& e) {
    if (e.code == 404) return false;
    std::string component = owner_rt.kind == "Job" ? "job-controller"
                            : owner_rt.kind == "StatefulSet" ? "statefulset-controller"
                                                             : "replicaset-controller";
    if (owner_rt.kind == "StatefulSet")
      record_event(owner, "Warning", "FailedCreate",
                   "create Pod " + name_of(pod) + " in StatefulSet " + name_of(owner) + " failed error: " + e.what(),
                   component);
    else
      record_event(owner, "Warning", "FailedCreate", std::string("Error creating: ") + e.what(), component);
    return false;
  }
}

void Controllers::reconcile_replicaset(const std::string& ns, const std::string& name) {
  const auto& rs_rt = resource("apps/replicasets");
  auto rs = store_.get(rs_rt, ns, name);
  if (!rs || meta(*rs).contains("deletionTimestamp")) return;
  auto want = replicas_of(*rs);
  auto pods = owned(store_, resource("pods"), ns, uid_of(*rs));
  std::erase_if(pods, [](const ObjPtr& p) { return meta(*p).contains("deletionTimestamp") || pod_terminal(*p); });
  bool create_failed = false;
  for (auto i = static_cast<std::int64_t>(pods.size()); i < want; ++i) {
    auto tmpl = *obj_at(*obj_at(*rs, "spec"), "template");
    json::object pod{{"apiVersion", "v1"}, {"kind", "Pod"}, {"metadata", *obj_at(tmpl, "metadata")},
                     {"spec", *obj_at(tmpl, "spec")}};
    ensure_obj(pod, "metadata")["name"] = name + "-" + random_suffix(5);
    if (!create_pod(rs_rt, *rs, std::move(pod))) {
      create_failed = true;
      break;
    }
  }
  if (static_cast<std::int64_t>(pods.size()) > want) {
    std::stable_partition(pods.begin(), pods.end(), [](const ObjPtr& p) { return !pod_ready(*p); });
    for (std::size_t i = 0; i < pods.size() - static_cast<std::size_t>(want); ++i) {
      try {
        store_.remove(resource("pods"), ns, name_of(*pods[i]));
        record_event(*rs, "Normal", "SuccessfulDelete", "Deleted pod: " + name_of(*pods[i]), "replicaset-controller");
      } catch (const ApiError&) {
      }
    }
  }
  if (create_failed) enqueue("replicaset/" + ns + "/" + name, Millis(1000));
  pods = owned(store_, resource("pods"), ns, uid_of(*rs));
  std::erase_if(pods, [](const ObjPtr& p) { return meta(*p).contains("deletionTimestamp") || pod_terminal(*p); });
  std::int64_t ready = std::count_if(pods.begin(), pods.end(), [](const ObjPtr& p) { return pod_ready(*p); });
  WriteOptions wo;
  wo.internal = true;
  store_.write(rs_rt, ns, name, [&](const json::object* cur) {
    json::object o = *cur;
    auto& st = ensure_obj(o, "status");
    st["replicas"] = static_cast<std::int64_t>(pods.size());
    st["fullyLabeledReplicas"] = static_cast<std::int64_t>(pods.size());
    st["readyReplicas"] = ready;
    st["availableReplicas"] = ready;
    st["observedGeneration"] = int_at(meta(o), "generation", 1);
    if (create_failed) set_condition(st, "ReplicaFailure", "True", "FailedCreate", "pod creation was refused");
    else if (find_condition(o, "ReplicaFailure")) {
      auto& conds = st["conditions"].get_array();
      erase_where(conds, [](const json::value& c) { return str_at(c.as_object(), "type") == "ReplicaFailure"; });
      if (conds.empty()) st.erase("conditions");
    }
    for (const char* k : {"readyReplicas", "availableReplicas", "fullyLabeledReplicas"})
      if (int_at(st, k) == 0 && std::string(k) != "fullyLabeledReplicas") st.erase(k);  // omitempty, like Go
    return o;
  }, wo);
}

void Controllers::reconcile_deployment(const std::string& ns, const std::string& name) {
  const auto& dep_rt = resource("apps/deployments");
  const auto& rs_rt = resource("apps/replicasets");
  auto dep = store_.get(dep_rt, ns, name);
  if (!dep || meta(*dep).contains("deletionTimestamp")) return;
  auto want = replicas_of(*dep);
  const auto& spec = *obj_at(*dep, "spec");
  json::object tmpl = *obj_at(spec, "template");
  auto hash = stable_hash(dump(tmpl), 10);
  auto rs_name = name + "-" + hash;
  auto rss = owned(store_, rs_rt, ns, uid_of(*dep));
  ObjPtr new_rs;
  std::int64_t max_revision = 0;
  for (auto& r : rss) {
    if (name_of(*r) == rs_name) new_rs = r;
    auto ann = obj_at(meta(*r), "annotations");
    if (ann) max_revision = std::max<std::int64_t>(max_revision, std::atoll(str_at(*ann, "deployment.kubernetes.io/revision", "0").c_str()));
  }
  WriteOptions wo;
  wo.internal = true;
  auto revision = std::to_string(max_revision + (new_rs ? 0 : 1));
  if (new_rs) {
    auto ann = obj_at(meta(*new_rs), "annotations");
    if (ann) revision = str_at(*ann, "deployment.kubernetes.io/revision", revision);
  }
  if (!new_rs) {
    auto& tmd = ensure_obj(tmpl, "metadata");
    ensure_obj(tmd, "labels")["pod-template-hash"] = hash;
    json::object sel = *obj_at(spec, "selector");
    ensure_obj(sel, "matchLabels")["pod-template-hash"] = hash;
    json::object labels = obj_at(tmd, "labels") ? *obj_at(tmd, "labels") : json::object();
    json::object rs{{"metadata",
                     {{"name", rs_name},
                      {"namespace", ns},
                      {"labels", labels},
                      {"annotations",
                       {{"deployment.kubernetes.io/desired-replicas", std::to_string(want)},
                        {"deployment.kubernetes.io/max-replicas", std::to_string(want + 1)},
                        {"deployment.kubernetes.io/revision", revision}}},
                      {"ownerReferences", json::array{owner_reference(dep_rt, *dep)}}}},
                    {"spec", {{"replicas", want}, {"selector", sel}, {"template", tmpl}}}};
    WriteOptions co;
    co.create_only = true;
    co.internal = true;
    auto r = store_.write(rs_rt, ns, rs_name, [&](const json::object*) { return rs; }, co);
    new_rs = r.obj;
    record_event(*dep, "Normal", "ScalingReplicaSet", "Scaled up replica set " + rs_name + " from 0 to " +
                                                          std::to_string(want), "deployment-controller");
  } else if (replicas_of(*new_rs) != want) {
    auto from = replicas_of(*new_rs);
    new_rs = store_.write(rs_rt, ns, rs_name, [&](const json::object* cur) {
      json::object o = *cur;
      ensure_obj(o, "spec")["replicas"] = want;
      ensure_obj(ensure_obj(o, "metadata"), "annotations")["deployment.kubernetes.io/desired-replicas"] = std::to_string(want);
      return o;
    }, wo).obj;
    record_event(*dep, "Normal", "ScalingReplicaSet",
                 std::string(want > from ? "Scaled up" : "Scaled down") + " replica set " + rs_name + " from " +
                     std::to_string(from) + " to " + std::to_string(want), "deployment-controller");
  }
  auto rs_status = [](const ObjPtr& r, const char* k) {
    auto st = obj_at(*r, "status");
    return st ? int_at(*st, k) : 0;
  };
  bool new_available = rs_status(new_rs, "availableReplicas") >= want;
  std::int64_t total = 0, ready = 0, available = 0, old_replicas = 0;
  rss = owned(store_, rs_rt, ns, uid_of(*dep));
  for (auto& r : rss) {
    if (name_of(*r) != rs_name && replicas_of(*r) > 0 && new_available) {  // rolling update: retire old sets
      auto from = replicas_of(*r);
      store_.write(rs_rt, ns, name_of(*r), [&](const json::object* cur) {
        json::object o = *cur;
        ensure_obj(o, "spec")["replicas"] = 0;
        return o;
      }, wo);
      record_event(*dep, "Normal", "ScalingReplicaSet", "Scaled down replica set " + name_of(*r) + " from " +
                                                            std::to_string(from) + " to 0", "deployment-controller");
    }
    total += rs_status(r, "replicas");
    ready += rs_status(r, "readyReplicas");
    available += rs_status(r, "availableReplicas");
    if (name_of(*r) != rs_name) old_replicas += rs_status(r, "replicas");
  }
  auto updated = rs_status(new_rs, "replicas");
  bool min_available = available >= want - max_unavailable(*dep, want);
  bool complete = updated == want && available >= want && old_replicas == 0 && total == want;
  auto deadline_s = int_at(spec, "progressDeadlineSeconds", 600);
  store_.write(dep_rt, ns, name, [&](const json::object* cur) {
    json::object o = *cur;
    ensure_obj(ensure_obj(o, "metadata"), "annotations")["deployment.kubernetes.io/revision"] = revision;
    auto& st = ensure_obj(o, "status");
    st["observedGeneration"] = int_at(meta(o), "generation", 1);
    st["replicas"] = total;
    st["updatedReplicas"] = updated;
    st["readyReplicas"] = ready;
    st["availableReplicas"] = available;
    if (want - available > 0) st["unavailableReplicas"] = want - available;
    else st.erase("unavailableReplicas");
    for (const char* k : {"replicas", "updatedReplicas", "readyReplicas", "availableReplicas"})
      if (int_at(st, k) == 0) st.erase(k);  // Go omitempty
    set_condition(st, "Available", min_available ? "True" : "False",
                  min_available ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable",
                  min_available ? "Deployment has minimum availability." : "Deployment does not have minimum availability.");
    // Progress = any change in the replica counts; without progress for progressDeadlineSeconds the rollout is
    // reported as failed (Progressing=False, ProgressDeadlineExceeded), as the real controller does.
    auto old_st = obj_at(*cur, "status");
    bool progressed = !old_st || int_at(*old_st, "updatedReplicas") != updated ||
                      int_at(*old_st, "readyReplicas") != ready || int_at(*old_st, "availableReplicas") != available ||
                      int_at(*old_st, "replicas") != total || int_at(*old_st, "observedGeneration") != int_at(meta(o), "generation", 1);
    auto prog = find_condition(*cur, "Progressing");
    bool timed_out = false;
    if (!complete && !progressed && prog && deadline_s > 0) {
      auto since = seconds_since(str_at(*prog, "lastUpdateTime"));
      timed_out = str_at(*prog, "reason") == "ProgressDeadlineExceeded" || since >= deadline_s;
    }
    if (timed_out) {
      set_condition(st, "Progressing", "False", "ProgressDeadlineExceeded",
                    "ReplicaSet \"" + rs_name + "\" has timed out progressing.");
    } else {
      set_condition(st, "Progressing", "True", complete ? "NewReplicaSetAvailable" : "ReplicaSetUpdated",
                    "ReplicaSet \"" + rs_name + "\" " + (complete ? "has successfully progressed." : "is progressing."));
      if (progressed)
        for (auto& c : st["conditions"].as_array())
          if (str_at(c.as_object(), "type") == "Progressing") c.as_object()["lastUpdateTime"] = now_rfc3339();
    }
    return o;
  }, wo);
  if (!complete && deadline_s > 0) enqueue("deployment/" + ns + "/" + name, Millis(1000));  // re-check the deadline
}
}  // namespace kubesim
