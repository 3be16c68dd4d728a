// Discovery documents (/version, /api, /apis, /api/v1, /apis/G/V) and the OpenAPI answer clients need.
#pragma once
#include "json_util.hpp"

#include <optional>

namespace kubesim {
json::object version_document();
json::object core_versions(const std::string& server_address);  // GET /api
json::object api_group_list();                                  // GET /apis
// GET /api/v1 or /apis/G/V; nullopt for an unknown group/version.
std::optional<json::object> resource_list(const std::string& group, const std::string& version);
// The protobuf content type of the (empty) OpenAPI v2 document clients accept when /openapi/v3 is 404.
inline constexpr const char* kOpenApiV2ContentType = "application/com.github.proto-openapi.spec.v2.v1.0+protobuf";
}  // namespace kubesim
