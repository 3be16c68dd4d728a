// Patch algorithms for PATCH requests: JSON merge patch (RFC 7386), strategic merge patch (maps merged,
// known lists merged by key), JSON patch (RFC 6902), and the merge used by server-side apply.
#pragma once
#include "json_util.hpp"

namespace kubesim {

json::value merge_patch(const json::value& target, const json::value& patch);
json::value strategic_merge_patch(const json::value& target, const json::value& patch,
                                  const std::string& field_name = "");
// Throws ApiError 422 (failed test / bad path) or 400 (malformed operations).
json::value json_patch(const json::value& target, const json::value& ops);
// Server-side apply: applied fields win; fields this manager applied last time but no longer sets are removed.
json::object apply_merge(const json::object& live, const json::object& applied, const json::object* last_applied);
}  // namespace kubesim
