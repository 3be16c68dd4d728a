// Kubernetes API errors and their `Status` object form (clients match on reason/code).
#pragma once
#include "json_util.hpp"

#include <stdexcept>
#include <string>

namespace kubesim {
struct ResourceType;

struct ApiError : std::runtime_error {
  int code;
  std::string reason;
  json::object details;
  ApiError(int c, std::string r, const std::string& msg, json::object d = {})
      : std::runtime_error(msg), code(c), reason(std::move(r)), details(std::move(d)) {}

  static ApiError bad_request(const std::string& msg) { return {400, "BadRequest", msg}; }
  static ApiError not_found(const ResourceType& rt, const std::string& name);
  static ApiError namespace_not_found(const std::string& ns);
  static ApiError already_exists(const ResourceType& rt, const std::string& name);
  static ApiError conflict(const ResourceType& rt, const std::string& name, const std::string& why);
  static ApiError invalid(const ResourceType& rt, const std::string& name, const std::string& causes);
  static ApiError forbidden(const ResourceType& rt, const std::string& name, const std::string& why);
  static ApiError expired(const std::string& msg) { return {410, "Expired", msg}; }
};

// `plural` or `plural.group`, as Kubernetes writes it in messages ("deployments.apps").
std::string qualified_resource(const ResourceType& rt);
json::object status_object(const ApiError& e);
json::object status_success(const ResourceType& rt, const std::string& name, const std::string& uid);
}  // namespace kubesim
