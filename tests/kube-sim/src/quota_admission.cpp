// ResourceQuota accounting: what each object counts against a quota, current usage, and the admission
// decision with the messages the real API server writes.
#include "admission.hpp"
#include "quantity.hpp"
#include "store.hpp"

#include <algorithm>
#include <optional>

namespace kubesim {
namespace {

bool terminal_pod(const json::object& pod) {
  auto st = obj_at(pod, "status");
  auto phase = st ? str_at(*st, "phase") : "";
  return phase == "Succeeded" || phase == "Failed";
}

// The amount `obj` (of type rt) adds to quota resource `name`; nullopt if it doesn't count.
std::optional<double> contribution(const std::string& name, const ResourceType& rt, const json::object& obj) {
  std::string count_name = "count/" + rt.plural + (rt.group.empty() ? "" : "." + rt.group);
  if (name == count_name) return 1;
  if (rt.group.empty() && name == rt.plural &&
      (rt.plural == "pods" || rt.plural == "services" || rt.plural == "secrets" || rt.plural == "configmaps" ||
       rt.plural == "persistentvolumeclaims" || rt.plural == "resourcequotas"))
    return (rt.plural == "pods" && terminal_pod(obj)) ? 0 : 1;
  if (rt.plural == "persistentvolumeclaims" && name == "requests.storage") {
    auto spec = obj_at(obj, "spec");
    auto res = spec ? obj_at(*spec, "resources") : nullptr;
    auto req = res ? obj_at(*res, "requests") : nullptr;
    return req && req->contains("storage") ? parse_quantity(scalar_string(req->at("storage"))).value_or(0) : 0;
  }
  if (rt.plural != "pods") return std::nullopt;
  std::string kind, res_name;
  if (name == "cpu" || name == "memory") kind = "requests", res_name = name;
  else if (auto dot = name.find('.'); dot != std::string::npos) kind = name.substr(0, dot), res_name = name.substr(dot + 1);
  if ((kind != "requests" && kind != "limits") || res_name.empty()) return std::nullopt;
  // Pods count only compute resources; requests.storage belongs to PVCs (above), as in Kubernetes.
  // (Minimal fix by the chart engineer: the store chart's quota has requests.storage.)
  if (res_name != "cpu" && res_name != "memory" && res_name != "ephemeral-storage" &&
      res_name.rfind("hugepages-", 0) != 0)
    return std::nullopt;
  if (terminal_pod(obj)) return 0;
  double total = 0;
  auto spec = obj_at(obj, "spec");
  if (auto cs = spec ? arr_at(*spec, "containers") : nullptr)
    for (const auto& cv : *cs) {
      auto res = obj_at(cv.as_object(), "resources");
      auto m = res ? obj_at(*res, kind) : nullptr;
      if (!m || !m->contains(res_name)) return -1;  // missing: caller reports "must specify"
      total += parse_quantity(scalar_string(m->at(res_name))).value_or(0);
    }
  return total;
}
}  // namespace

std::map<std::string, double> quota_usage(const json::object& quota, const ListFn& list) {
  std::map<std::string, double> used;
  auto spec = obj_at(quota, "spec");
  auto hard = spec ? obj_at(*spec, "hard") : nullptr;
  if (!hard) return used;
  for (const auto& [k, v] : *hard) {
    std::string name(k);
    used[name] = 0;
    for (const auto& rt : all_resources()) {
      if (!rt.namespaced) continue;
      if (!contribution(name, rt, json::object{{"spec", json::object()}}).has_value() &&
          !contribution(name, rt, json::object{}).has_value())
        continue;
      for (const auto& o : list(rt)) used[name] += std::max(0.0, contribution(name, rt, *o).value_or(0));
    }
  }
  return used;
}

json::object usage_to_json(const std::map<std::string, double>& usage) {
  json::object o;
  for (const auto& [k, v] : usage) o[k] = format_quantity(v, k);
  return o;
}

QuotaCheck check_quota(const json::object& quota, const ResourceType& rt, const json::object& obj,
                       const ListFn& list) {
  QuotaCheck r;
  auto spec = obj_at(quota, "spec");
  auto hard = spec ? obj_at(*spec, "hard") : nullptr;
  if (!hard) return r;
  std::vector<std::string> missing, exceeded;
  std::map<std::string, double> req;
  for (const auto& [k, v] : *hard) {
    std::string name(k);
    auto c = contribution(name, rt, obj);
    if (!c) continue;
    if (*c < 0) missing.push_back(name);
    else req[name] = *c;
  }
  auto qname = name_of(quota);
  if (!missing.empty()) {
    std::string containers;
    auto ospec = obj_at(obj, "spec");
    if (auto cs = ospec ? arr_at(*ospec, "containers") : nullptr)
      for (const auto& cv : *cs) containers += (containers.empty() ? "" : ",") + str_at(cv.as_object(), "name");
    std::string what;
    for (const auto& m : missing) what += (what.empty() ? "" : "; ") + m + " for: " + containers;
    r.allowed = false;
    r.message = "failed quota: " + qname + ": must specify " + what;
    return r;
  }
  if (req.empty()) return r;
  auto used = quota_usage(quota, list);
  std::string requested, used_s, limited;
  for (const auto& [name, amount] : req) {
    double limit = parse_quantity(scalar_string(hard->at(name))).value_or(0);
    if (amount > 0 && used[name] + amount > limit + 1e-9) {
      auto join = [](std::string& s, const std::string& add) { s += (s.empty() ? "" : ",") + add; };
      join(requested, name + "=" + format_quantity(amount, name));
      join(used_s, name + "=" + format_quantity(used[name], name));
      join(limited, name + "=" + scalar_string(hard->at(name)));
    }
  }
  if (!requested.empty()) {
    r.allowed = false;
    r.message = "exceeded quota: " + qname + ", requested: " + requested + ", used: " + used_s + ", limited: " + limited;
  }
  return r;
}

}  // namespace kubesim
