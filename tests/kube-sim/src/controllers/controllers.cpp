#include "controllers.hpp"

#include "../status.hpp"

#include <spdlog/spdlog.h>

namespace kubesim {

void set_condition(json::object& status, const std::string& type, const std::string& cond_status,
                   const std::string& reason, const std::string& message) {
  auto& conds = status["conditions"];
  if (!conds.is_array()) conds = json::array();
  auto now = now_rfc3339();
  for (auto& c : conds.get_array()) {
    auto& co = c.as_object();
    if (str_at(co, "type") != type) continue;
    if (str_at(co, "status") != cond_status) co["lastTransitionTime"] = now;
    if (str_at(co, "reason") != reason || str_at(co, "message") != message ||
        str_at(co, "status") != cond_status)
      if (co.contains("lastUpdateTime")) co["lastUpdateTime"] = now;
    co["status"] = cond_status;
    co.erase("reason");
    co.erase("message");
    if (!reason.empty()) co["reason"] = reason;  // omitempty, like the Go types
    if (!message.empty()) co["message"] = message;
    return;
  }
  json::object c{{"type", type}, {"status", cond_status}, {"lastTransitionTime", now}};
  if (!reason.empty()) c["reason"] = reason;
  if (!message.empty()) c["message"] = message;
  if (type == "Available" || type == "Progressing") c["lastUpdateTime"] = now;
  conds.get_array().push_back(std::move(c));
}

const json::object* find_condition(const json::object& obj, const std::string& type) {
  auto st = obj_at(obj, "status");
  auto conds = st ? arr_at(*st, "conditions") : nullptr;
  if (!conds) return nullptr;
  for (const auto& c : *conds)
    if (c.is_object() && str_at(c.get_object(), "type") == type) return &c.get_object();
  return nullptr;
}

json::object owner_reference(const ResourceType& rt, const json::object& owner) {
  return {{"apiVersion", rt.api_version()}, {"kind", rt.kind},       {"name", name_of(owner)},
          {"uid", uid_of(owner)},           {"controller", true},    {"blockOwnerDeletion", true}};
}

bool owned_by(const json::object& obj, const std::string& owner_uid) {
  if (auto refs = arr_at(meta(obj), "ownerReferences"))
    for (const auto& r : *refs)
      if (r.is_object() && str_at(r.get_object(), "uid") == owner_uid) return true;
  return false;
}

const json::object* controller_ref(const json::object& obj) {
  if (auto refs = arr_at(meta(obj), "ownerReferences"))
    for (const auto& r : *refs)
      if (r.is_object() && bool_at(r.get_object(), "controller")) return &r.get_object();
  return nullptr;
}

bool pod_ready(const json::object& pod) {
  auto c = find_condition(pod, "Ready");
  return c && str_at(*c, "status") == "True" && !meta(pod).contains("deletionTimestamp");
}

bool pod_terminal(const json::object& pod) {
  auto st = obj_at(pod, "status");
  auto phase = st ? str_at(*st, "phase") : "";
  return phase == "Succeeded" || phase == "Failed";
}

Controllers::Controllers(Store& store, const Options& opts, FaultState& faults)
    : store_(store), opts_(opts), faults_(faults), rng_(opts.seed ? opts.seed : std::random_device{}()) {
  store_.add_listener([this](const Change& c) { on_change(c); });
}

Controllers::~Controllers() { stop(); }

void Controllers::start() { worker_ = std::thread([this] { run(); }); }

void Controllers::stop() {
  {
    std::lock_guard lk(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (worker_.joinable()) worker_.join();
}

Millis Controllers::jittered(Millis base) {
  std::lock_guard lk(mu_);
  std::uniform_real_distribution<double> d(1.0 - opts_.jitter, 1.0 + opts_.jitter);
  return Millis(static_cast<long long>(static_cast<double>(base.count()) * std::max(0.0, d(rng_))));
}

void Controllers::schedule(Millis delay, std::function<void()> fn) {
  {
    std::lock_guard lk(mu_);
    timers_.emplace(Clock::now() + delay, std::move(fn));
  }
  cv_.notify_all();
}

void Controllers::enqueue(const std::string& key, Millis delay) {
  {
    std::lock_guard lk(mu_);
    if (delay.count() == 0 && !pending_keys_.insert(key).second) return;  // already queued
    if (delay.count() == 0) {
      timers_.emplace(Clock::now(), [this, key] {
        {
          std::lock_guard lk2(mu_);
          pending_keys_.erase(key);
        }
        reconcile(key);
      });
    } else {
      timers_.emplace(Clock::now() + delay, [this, key] { enqueue(key); });
    }
  }
  cv_.notify_all();
}

void Controllers::run() {
  std::unique_lock lk(mu_);
  while (!stopping_) {
    if (timers_.empty()) {
      cv_.wait(lk);
      continue;
    }
    auto due = timers_.begin()->first;
    if (due > Clock::now()) {
      cv_.wait_until(lk, due);
      continue;
    }
    auto fn = std::move(timers_.begin()->second);
    timers_.erase(timers_.begin());
    lk.unlock();
    try {
      fn();
    } catch (const ApiError& e) {
      // Objects vanish while timers are pending (deleted namespaces, uninstalls): not an error.
      if (e.code != 404 && e.code != 409) spdlog::warn("controller: {}", e.what());
    } catch (const std::exception& e) {
      spdlog::error("controller: {}", e.what());
    }
    lk.lock();
  }
}

void Controllers::reconcile(const std::string& key) {
  // key = "<kind>/<namespace>/<name>"
  auto a = key.find('/');
  auto b = key.find('/', a + 1);
  auto kind = key.substr(0, a);
  auto ns = key.substr(a + 1, b - a - 1);
  auto name = b == std::string::npos ? "" : key.substr(b + 1);
  if (kind == "deployment") reconcile_deployment(ns, name);
  else if (kind == "replicaset") reconcile_replicaset(ns, name);
  else if (kind == "statefulset") reconcile_statefulset(ns, name);
  else if (kind == "job") reconcile_job(ns, name);
  else if (kind == "namespace") reconcile_namespace(name);
  else if (kind == "quota") reconcile_quota(ns);
}

void Controllers::on_change(const Change& c) {
  const auto& p = c.rt->plural;
  const auto& obj = *c.obj;
  auto ns = namespace_of(obj);
  auto name = name_of(obj);
  bool deleted = c.type == "DELETED";
  if (p == "pods") {
    if (c.type == "ADDED") schedule(jittered(opts_.pod_schedule_delay), [this, ns, name] { pod_schedule(ns, name); });
    // Restored from a state file: a pod resumes where its lifecycle was (a running, ready or finished pod is left
    // as it is; one that was never started is started).
    if (c.type == "RESTORED" && !pod_ready(obj) && !pod_terminal(obj) && !meta(obj).contains("deletionTimestamp")) {
      const bool scheduled = path_at(obj, "spec.nodeName") != nullptr;
      if (scheduled) schedule(jittered(opts_.pod_start_delay), [this, ns, name] { pod_start(ns, name); });
      else schedule(jittered(opts_.pod_schedule_delay), [this, ns, name] { pod_schedule(ns, name); });
    }
    if (c.type == "RESTORED" && meta(obj).contains("deletionTimestamp"))
      schedule(jittered(opts_.pod_termination_delay), [this, ns, name] {
        store_.remove(resource("pods"), ns, name, json::object{{"gracePeriodSeconds", 0}});
      });
    if (c.type == "MODIFIED" && meta(obj).contains("deletionTimestamp") && c.old &&
        !meta(*c.old).contains("deletionTimestamp")) {
      auto uid = uid_of(obj);
      if (auto cs = path_at(obj, "spec.containers"); cs && cs->is_array())
        for (const auto& ctr : cs->as_array())
          record_event(obj, "Normal", "Killing", "Stopping container " + str_at(ctr.as_object(), "name"), "kubelet");
      schedule(jittered(opts_.pod_termination_delay), [this, ns, name, uid] {
        auto p = store_.get(resource("pods"), ns, name);  // the kubelet confirms termination
        if (p && uid_of(*p) == uid) store_.remove(resource("pods"), ns, name, json::object{{"gracePeriodSeconds", 0}});
      });
    }
    if (auto ref = controller_ref(obj)) {
      auto kind = str_at(*ref, "kind");
      auto owner = str_at(*ref, "name");
      if (kind == "ReplicaSet") enqueue("replicaset/" + ns + "/" + owner);
      else if (kind == "StatefulSet") enqueue("statefulset/" + ns + "/" + owner);
      else if (kind == "Job") enqueue("job/" + ns + "/" + owner);
    }
  } else if (p == "replicasets") {
    if (!deleted) enqueue("replicaset/" + ns + "/" + name);
    if (auto ref = controller_ref(obj); ref && str_at(*ref, "kind") == "Deployment")
      enqueue("deployment/" + ns + "/" + str_at(*ref, "name"));
  } else if (p == "deployments" && !deleted) {
    enqueue("deployment/" + ns + "/" + name);
  } else if (p == "statefulsets" && !deleted) {
    enqueue("statefulset/" + ns + "/" + name);
  } else if (p == "jobs" && !deleted) {
    enqueue("job/" + ns + "/" + name);
  } else if (p == "persistentvolumeclaims" &&
             (c.type == "ADDED" || (c.type == "RESTORED" && (!obj_at(obj, "status") || str_at(*obj_at(obj, "status"), "phase") != "Bound")))) {
    schedule(jittered(opts_.pvc_bind_delay), [this, ns, name] { bind_pvc(ns, name); });
  } else if (p == "services" && !deleted) {
    auto spec = obj_at(obj, "spec");
    auto st = obj_at(obj, "status");
    auto lb = st ? obj_at(*st, "loadBalancer") : nullptr;
    if (spec && str_at(*spec, "type") == "LoadBalancer" && (!lb || !lb->contains("ingress")))
      schedule(jittered(opts_.pvc_bind_delay), [this, ns, name] { provision_load_balancer(ns, name); });
  } else if (p == "namespaces" && !deleted && meta(obj).contains("deletionTimestamp")) {
    enqueue("namespace//" + name, jittered(opts_.namespace_delete_delay));
  }
  if (p == "resourcequotas" && !deleted) enqueue("quota/" + ns + "/");
  if ((p == "pods" || p == "services" || p == "persistentvolumeclaims" || p == "secrets" || p == "configmaps") &&
      c.rt->namespaced)
    if (!store_.list(resource("resourcequotas"), ns).items.empty()) enqueue("quota/" + ns + "/");
  if (deleted || meta(obj).contains("deletionTimestamp")) {
    auto copy = c;
    schedule(Millis(0), [this, copy] { collect_garbage(copy); });
  }
}

void Controllers::record_event(const json::object& involved, const std::string& type, const std::string& reason,
                               const std::string& message, const std::string& component) {
  const auto& md = meta(involved);
  auto ns = str_at(md, "namespace", "default");
  auto uid = str_at(md, "uid");
  auto key = uid + "|" + reason + "|" + message;
  auto now = now_rfc3339();
  std::string existing;
  {
    std::lock_guard lk(events_mu_);
    auto it = event_names_.find(key);
    if (it != event_names_.end()) existing = it->second;
  }
  const auto& ev_rt = resource("events");
  try {
    if (!existing.empty() && store_.get(ev_rt, ns, existing)) {
      WriteOptions wo;
      wo.internal = true;
      store_.write(ev_rt, ns, existing, [&](const json::object* cur) {
        json::object e = *cur;
        e["count"] = int_at(e, "count", 1) + 1;
        e["lastTimestamp"] = now;
        return e;
      }, wo);
      return;
    }
    auto name = str_at(md, "name") + "." + stable_hash(key + now + random_suffix(4), 16);
    json::object ev{
        {"metadata", {{"name", name}, {"namespace", ns}}},
        {"involvedObject",
         {{"kind", str_at(involved, "kind")}, {"namespace", ns}, {"name", str_at(md, "name")}, {"uid", uid},
          {"apiVersion", str_at(involved, "apiVersion")}, {"resourceVersion", str_at(md, "resourceVersion")}}},
        {"reason", reason},
        {"message", message},
        {"source", {{"component", component}}},
        {"firstTimestamp", now},
        {"lastTimestamp", now},
        {"count", 1},
        {"type", type},
        {"eventTime", nullptr},
        {"reportingComponent", component},
        {"reportingInstance", ""}};
    WriteOptions wo;
    wo.internal = true;
    wo.create_only = true;
    store_.write(ev_rt, ns, name, [&](const json::object*) { return ev; }, wo);
    std::lock_guard lk(events_mu_);
    event_names_[key] = name;
  } catch (const ApiError&) {
    // The namespace is gone or terminating: real clusters drop such events too.
  }
}
}  // namespace kubesim
