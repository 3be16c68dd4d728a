#pragma once
// Audit of refused writes. Accepted writes are audited by their handlers inside the same transaction as the
// change; every POST/DELETE under /api that ends in an error is recorded here, after the fact, with who, from
// where and why ("rejected: <error code>").
#include <functional>
#include <string>

#include "storefleet/api/http_types.hpp"
#include "storefleet/db/database.hpp"

namespace storefleet::api {

using AuditSink = std::function<void(const HttpRequest& req, const HttpResponse& resp, const std::string& route)>;

bool is_audited_write(const std::string& method, const std::string& path);
// "store.create", "store.delete", ... for known routes; "<METHOD> <route>" otherwise.
std::string audit_action(const std::string& method, const std::string& route);
// The store a path is about ("" when none): /api/stores/<name>[/...].
std::string audit_store(const std::string& path);
// "rejected: <error.code>" from an error body, or "rejected: <status>".
std::string rejected_outcome(const HttpResponse& resp);

AuditSink make_audit_sink(db::Database& db);

}  // namespace storefleet::api
