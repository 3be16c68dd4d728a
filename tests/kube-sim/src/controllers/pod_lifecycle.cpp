// Pod lifecycle as a kubelet + scheduler would write it: Pending -> scheduled -> Running -> Ready, with
// image-pull failures, crash loops, unschedulable pods, and Job pods that run to completion.
#include "controllers.hpp"

namespace kubesim {
namespace {
constexpr const char* kNode = "sim-node-1";

// Fault on the pod: its own annotation (copied from the template) or a control-API substring match.
bool has_fault(const json::object& pod, const std::string& annotation, const std::vector<std::string>& images,
               const std::vector<std::string>& names, std::string* image_out = nullptr) {
  if (object_fault(pod) == annotation) return true;
  if (matches_any(name_of(pod), names)) return true;
  auto spec = obj_at(pod, "spec");
  if (auto cs = spec ? arr_at(*spec, "containers") : nullptr)
    for (const auto& c : *cs) {
      auto image = str_at(c.as_object(), "image");
      if (matches_any(image, images)) {
        if (image_out) *image_out = image;
        return true;
      }
    }
  return false;
}

bool is_job_pod(const json::object& pod) {
  auto ref = controller_ref(pod);
  return ref && str_at(*ref, "kind") == "Job";
}

// Builds containerStatuses with one state for every container.
json::array container_statuses(const json::object& pod, const std::function<json::object(const json::object&)>& fn) {
  json::array out;
  auto spec = obj_at(pod, "spec");
  auto st = obj_at(pod, "status");
  auto old = st ? arr_at(*st, "containerStatuses") : nullptr;
  if (auto cs = spec ? arr_at(*spec, "containers") : nullptr)
    for (std::size_t i = 0; i < cs->size(); ++i) {
      const auto& c = (*cs)[i].as_object();
      json::object s{{"name", str_at(c, "name")}, {"image", str_at(c, "image")}, {"imageID", ""},
                     {"restartCount", 0},         {"ready", false},             {"started", false}};
      if (old && i < old->size()) s["restartCount"] = int_at((*old)[i].as_object(), "restartCount");
      for (const auto& [k, v] : fn(c)) s[k] = v;
      out.push_back(std::move(s));
    }
  return out;
}
}  // namespace

void Controllers::pod_schedule(const std::string& ns, const std::string& name) {
  auto pod = store_.get(resource("pods"), ns, name);
  if (!pod || meta(*pod).contains("deletionTimestamp")) return;
  auto f = faults_.get();
  WriteOptions wo;
  wo.internal = true;
  if (has_fault(*pod, "unschedulable", {}, f.unschedulable)) {
    const char* msg = "0/1 nodes are available: 1 node(s) didn't match Pod's node affinity/selector. preemption: 0/1 "
                      "nodes are available: 1 Preemption is not helpful for scheduling.";
    auto r = store_.write(resource("pods"), ns, name, [&](const json::object* cur) {
      json::object p = *cur;
      set_condition(ensure_obj(p, "status"), "PodScheduled", "False", "Unschedulable", msg);
      return p;
    }, wo);
    record_event(*r.obj, "Warning", "FailedScheduling", msg, "default-scheduler");
    schedule(Millis(1000), [this, ns, name] { pod_schedule(ns, name); });  // retried, like the scheduler queue
    return;
  }
  auto r = store_.write(resource("pods"), ns, name, [&](const json::object* cur) {
    json::object p = *cur;
    ensure_obj(p, "spec")["nodeName"] = kNode;
    auto& st = ensure_obj(p, "status");
    set_condition(st, "PodScheduled", "True", "", "");
    obj_at(p, "status")->erase("nominatedNodeName");
    return p;
  }, wo);
  record_event(*r.obj, "Normal", "Scheduled", "Successfully assigned " + ns + "/" + name + " to " + kNode,
               "default-scheduler");
  schedule(jittered(opts_.pod_start_delay), [this, ns, name] { pod_start(ns, name); });
}

void Controllers::pod_start(const std::string& ns, const std::string& name) {
  auto pod = store_.get(resource("pods"), ns, name);
  if (!pod || meta(*pod).contains("deletionTimestamp") || pod_terminal(*pod)) return;
  auto f = faults_.get();
  WriteOptions wo;
  wo.internal = true;
  std::string bad_image;
  if (has_fault(*pod, "image-pull", f.image_pull_failure, {}, &bad_image)) {
    if (bad_image.empty()) bad_image = str_at((*arr_at(*obj_at(*pod, "spec"), "containers"))[0].as_object(), "image");
    auto st = obj_at(*pod, "status");
    auto cs = st ? arr_at(*st, "containerStatuses") : nullptr;
    bool first = !cs || cs->empty() || !path_at((*cs)[0].as_object(), "state.waiting") ||
                 str_at(*obj_at(*obj_at((*cs)[0].as_object(), "state"), "waiting"), "reason") != "ErrImagePull";
    std::string reason = first ? "ErrImagePull" : "ImagePullBackOff";
    std::string msg = first ? "failed to pull and unpack image \"" + bad_image + "\": not found (simulated)"
                            : "Back-off pulling image \"" + bad_image + "\"";
    auto r = store_.write(resource("pods"), ns, name, [&](const json::object* cur) {
      json::object p = *cur;
      auto& s = ensure_obj(p, "status");
      s["phase"] = "Pending";
      s["hostIP"] = "172.18.0.2";
      set_condition(s, "Initialized", "True", "", "");
      set_condition(s, "Ready", "False", "ContainersNotReady", "containers with unready status: [" +
                                                                    str_at((*arr_at(*obj_at(p, "spec"), "containers"))[0].as_object(), "name") + "]");
      s["containerStatuses"] = container_statuses(p, [&](const json::object&) {
        return json::object{{"state", {{"waiting", {{"reason", reason}, {"message", msg}}}}}};
      });
      return p;
    }, wo);
    record_event(*r.obj, "Normal", "Pulling", "Pulling image \"" + bad_image + "\"", "kubelet");
    record_event(*r.obj, "Warning", first ? "Failed" : "BackOff",
                 first ? "Failed to pull image \"" + bad_image + "\": " + msg : msg, "kubelet");
    if (first) record_event(*r.obj, "Warning", "Failed", "Error: ErrImagePull", "kubelet");
    else record_event(*r.obj, "Warning", "Failed", "Error: ImagePullBackOff", "kubelet");
    schedule(jittered(opts_.image_pull_backoff_delay), [this, ns, name] { pod_start(ns, name); });
    return;
  }
  auto now = now_rfc3339();
  auto r = store_.write(resource("pods"), ns, name, [&](const json::object* cur) {
    json::object p = *cur;
    auto& s = ensure_obj(p, "status");
    s["phase"] = "Running";
    s["hostIP"] = "172.18.0.2";
    s["hostIPs"] = json::array{json::object{{"ip", "172.18.0.2"}}};
    auto uid = uid_of(p);
    s["podIP"] = "10.244.0." + std::to_string(std::hash<std::string>{}(uid) % 250 + 2);
    s["podIPs"] = json::array{json::object{{"ip", s["podIP"]}}};
    if (!s.contains("startTime")) s["startTime"] = now;
    set_condition(s, "PodReadyToStartContainers", "True", "", "");
    set_condition(s, "Initialized", "True", "", "");
    set_condition(s, "Ready", "False", "ContainersNotReady", "containers with unready status");
    set_condition(s, "ContainersReady", "False", "ContainersNotReady", "containers with unready status");
    s["containerStatuses"] = container_statuses(p, [&](const json::object&) {
      return json::object{{"state", {{"running", {{"startedAt", now}}}}}, {"started", true}};
    });
    return p;
  }, wo);
  if (auto cs = arr_at(*obj_at(*r.obj, "spec"), "containers"))
    for (const auto& c : *cs) {
      auto cname = str_at(c.as_object(), "name");
      record_event(*r.obj, "Normal", "Pulled",
                   "Container image \"" + str_at(c.as_object(), "image") + "\" already present on machine", "kubelet");
      record_event(*r.obj, "Normal", "Created", "Created container: " + cname, "kubelet");
      record_event(*r.obj, "Normal", "Started", "Started container " + cname, "kubelet");
    }
  if (is_job_pod(*r.obj)) {
    schedule(jittered(opts_.job_duration), [this, ns, name] { pod_finish(ns, name); });
  } else if (has_fault(*r.obj, "crash-loop", f.crash_loop, {})) {
    schedule(jittered(opts_.crash_delay), [this, ns, name] { pod_crash(ns, name); });
  } else {
    auto delay = jittered(opts_.pod_ready_delay) + Millis(static_cast<long long>(f.slow_start_seconds * 1000));
    schedule(delay, [this, ns, name] { pod_become_ready(ns, name); });
  }
}

void Controllers::pod_become_ready(const std::string& ns, const std::string& name) {
  auto pod = store_.get(resource("pods"), ns, name);
  if (!pod || meta(*pod).contains("deletionTimestamp") || pod_terminal(*pod)) return;
  WriteOptions wo;
  wo.internal = true;
  store_.write(resource("pods"), ns, name, [&](const json::object* cur) {
    json::object p = *cur;
    auto& s = ensure_obj(p, "status");
    set_condition(s, "ContainersReady", "True", "", "");
    set_condition(s, "Ready", "True", "", "");
    if (auto cs = s.find("containerStatuses"); cs != s.end() && cs->value().is_array())
      for (auto& c : cs->value().get_array()) {
        c.as_object()["ready"] = true;
        c.as_object()["started"] = true;
      }
    return p;
  }, wo);
}

void Controllers::pod_crash(const std::string& ns, const std::string& name) {
  auto pod = store_.get(resource("pods"), ns, name);
  if (!pod || meta(*pod).contains("deletionTimestamp") || pod_terminal(*pod)) return;
  auto f = faults_.get();
  WriteOptions wo;
  wo.internal = true;
  if (!has_fault(*pod, "crash-loop", f.crash_loop, {})) {  // fault cleared: the next restart succeeds
    schedule(jittered(opts_.pod_ready_delay), [this, ns, name] { pod_become_ready(ns, name); });
    return;
  }
  auto now = now_rfc3339();
  std::int64_t restarts = 0;
  auto r = store_.write(resource("pods"), ns, name, [&](const json::object* cur) {
    json::object p = *cur;
    auto& s = ensure_obj(p, "status");
    set_condition(s, "ContainersReady", "False", "ContainersNotReady", "containers with unready status");
    set_condition(s, "Ready", "False", "ContainersNotReady", "containers with unready status");
    s["containerStatuses"] = container_statuses(p, [&](const json::object&) {
      return json::object{{"state", {{"waiting", {{"reason", "CrashLoopBackOff"},
                                                  {"message", "back-off restarting failed container"}}}}},
                          {"lastState", {{"terminated", {{"exitCode", 1}, {"reason", "Error"}, {"startedAt", now},
                                                         {"finishedAt", now}}}}}};
    });
    for (auto& c : s["containerStatuses"].get_array()) {
      auto& co = c.as_object();
      co["restartCount"] = int_at(co, "restartCount") + 1;
      restarts = int_at(co, "restartCount");
    }
    return p;
  }, wo);
  auto cname = str_at((*arr_at(*obj_at(*r.obj, "spec"), "containers"))[0].as_object(), "name");
  record_event(*r.obj, "Warning", "BackOff", "Back-off restarting failed container " + cname + " in pod " + name +
                                                 "_" + ns + "(" + uid_of(*r.obj) + ")", "kubelet");
  auto backoff = std::min<long long>(opts_.crash_delay.count() * (1LL << std::min<std::int64_t>(restarts, 4)), 5000);
  schedule(jittered(Millis(backoff)), [this, ns, name] { pod_crash(ns, name); });
}

void Controllers::pod_finish(const std::string& ns, const std::string& name) {
  auto pod = store_.get(resource("pods"), ns, name);
  if (!pod || meta(*pod).contains("deletionTimestamp") || pod_terminal(*pod)) return;
  auto f = faults_.get();
  auto ref = controller_ref(*pod);
  bool fail = object_fault(*pod) == "job-failure" || (ref && matches_any(str_at(*ref, "name"), f.job_failure));
  auto now = now_rfc3339();
  WriteOptions wo;
  wo.internal = true;
  auto r = store_.write(resource("pods"), ns, name, [&](const json::object* cur) {
    json::object p = *cur;
    auto& s = ensure_obj(p, "status");
    s["phase"] = fail ? "Failed" : "Succeeded";
    set_condition(s, "Ready", "False", "PodCompleted", "");
    set_condition(s, "ContainersReady", "False", "PodCompleted", "");
    set_condition(s, "PodReadyToStartContainers", "False", "", "");
    s["containerStatuses"] = container_statuses(p, [&](const json::object&) {
      return json::object{{"state", {{"terminated", {{"exitCode", fail ? 1 : 0}, {"reason", fail ? "Error" : "Completed"},
                                                     {"startedAt", now}, {"finishedAt", now}}}}}};
    });
    return p;
  }, wo);
  (void)r;
}
}  // namespace kubesim
