#include "status.hpp"

#include "resources.hpp"

namespace kubesim {

std::string qualified_resource(const ResourceType& rt) {
  return rt.group.empty() ? rt.plural : rt.plural + "." + rt.group;
}

static json::object details_for(const ResourceType& rt, const std::string& name) {
  json::object d{{"name", name}, {"kind", rt.plural}};
  if (!rt.group.empty()) d["group"] = rt.group;
  return d;
}

ApiError ApiError::not_found(const ResourceType& rt, const std::string& name) {
  return {404, "NotFound", qualified_resource(rt) + " \"" + name + "\" not found", details_for(rt, name)};
}
ApiError ApiError::namespace_not_found(const std::string& ns) {
  return {404, "NotFound", "namespaces \"" + ns + "\" not found", json::object{{"name", ns}, {"kind", "namespaces"}}};
}
ApiError ApiError::already_exists(const ResourceType& rt, const std::string& name) {
  return {409, "AlreadyExists", qualified_resource(rt) + " \"" + name + "\" already exists", details_for(rt, name)};
}
ApiError ApiError::conflict(const ResourceType& rt, const std::string& name, const std::string& why) {
  return {409, "Conflict", "Operation cannot be fulfilled on " + qualified_resource(rt) + " \"" + name + "\": " + why,
          details_for(rt, name)};
}
ApiError ApiError::invalid(const ResourceType& rt, const std::string& name, const std::string& causes) {
  auto d = details_for(rt, name);
  d["kind"] = rt.kind;
  std::string kind = rt.group.empty() ? rt.kind : rt.kind + "." + rt.group;
  return {422, "Invalid", kind + " \"" + name + "\" is invalid: " + causes, d};
}
ApiError ApiError::forbidden(const ResourceType& rt, const std::string& name, const std::string& why) {
  return {403, "Forbidden", qualified_resource(rt) + " \"" + name + "\" is forbidden: " + why, details_for(rt, name)};
}

json::object status_object(const ApiError& e) {
  json::object s{{"kind", "Status"},        {"apiVersion", "v1"}, {"metadata", json::object()},
                 {"status", "Failure"},      {"message", e.what()}, {"reason", e.reason},
                 {"code", e.code}};
  if (!e.details.empty()) s["details"] = e.details;
  return s;
}

json::object status_success(const ResourceType& rt, const std::string& name, const std::string& uid) {
  auto d = details_for(rt, name);
  d["uid"] = uid;
  return {{"kind", "Status"}, {"apiVersion", "v1"}, {"metadata", json::object()}, {"status", "Success"}, {"details", d}};
}
}  // namespace kubesim
