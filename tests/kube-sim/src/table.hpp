// Server-side printing (meta.k8s.io/v1 Table) for kubectl get, as a real API server does when the Accept
// header asks for `as=Table`; the columns follow kubectl's built-in printers for the common kinds.
#pragma once
#include "json_util.hpp"
#include "resources.hpp"

#include <memory>
#include <vector>

namespace kubesim {

inline constexpr const char* kTableContentType = "application/json;as=Table;v=v1;g=meta.k8s.io";
bool wants_table(const std::string& accept);
// include_object: "Object" embeds the full object per row, anything else PartialObjectMetadata.
json::object to_table(const ResourceType& rt, const std::vector<std::shared_ptr<const json::object>>& items,
                      const std::string& include_object, const std::string& resource_version);
}  // namespace kubesim
