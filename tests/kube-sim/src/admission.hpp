// What the API server does to an object before storing it: validation (names, required fields,
// immutable fields), defaulting (server-set spec fields, initial status, clusterIP allocation), and
// admission (namespace lifecycle, LimitRange defaults, ResourceQuota).
#pragma once
#include "json_util.hpp"
#include "resources.hpp"

#include <functional>
#include <map>
#include <memory>
#include <vector>

namespace kubesim {
class Store;

void validate_create(const ResourceType& rt, const json::object& obj);
void validate_update(const ResourceType& rt, const json::object& old, json::object& obj);
void default_object(const ResourceType& rt, json::object& obj);
// Called with the store lock held; reads other objects through Store::get_locked/list_locked.
void admit_create(const ResourceType& rt, json::object& obj, const Store& store);

// Quota usage of pods (requests/limits) shared by admission and the quota status controller.
struct QuotaCheck {
  bool allowed = true;
  std::string message;  // "exceeded quota: q, requested: ..., used: ..., limited: ..."
};
using ListFn = std::function<std::vector<std::shared_ptr<const json::object>>(const ResourceType&)>;
// Current usage of every resource named in quota.spec.hard, counting objects returned by `list`.
std::map<std::string, double> quota_usage(const json::object& quota, const ListFn& list);
// Whether adding `obj` (of type rt) keeps every quota resource within hard limits.
QuotaCheck check_quota(const json::object& quota, const ResourceType& rt, const json::object& obj, const ListFn& list);
json::object usage_to_json(const std::map<std::string, double>& usage);
}  // namespace kubesim
