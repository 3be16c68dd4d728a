#include "storefleet/api/audit_trail.hpp"

#include <boost/json/parse.hpp>

#include <array>
#include <utility>

#include "storefleet/core/log.hpp"
#include "storefleet/core/store.hpp"
#include "storefleet/core/util.hpp"
#include "storefleet/db/audit.hpp"

namespace storefleet::api {

bool is_audited_write(const std::string& method, const std::string& path) {
  return (method == "POST" || method == "DELETE" || method == "PUT" || method == "PATCH") &&
         path.rfind("/api/", 0) == 0;
}

std::string audit_action(const std::string& method, const std::string& route) {
  static const std::array<std::pair<std::string_view, std::string_view>, 7> kNames{{
      {"POST /api/stores", "store.create"},
      {"DELETE /api/stores/:name", "store.delete"},
      {"POST /api/stores/:name/retry", "store.retry"},
      {"POST /api/tokens", "token.create"},
      {"DELETE /api/tokens/:id", "token.revoke"},
      {"POST /api/session", "session.create"},
      {"DELETE /api/session", "session.delete"},
  }};
  const auto key = method + " " + route;
  for (const auto& [k, v] : kNames)
    if (k == key) return std::string(v);
  return key;
}

std::string audit_store(const std::string& path) {
  constexpr std::string_view prefix = "/api/stores/";
  if (path.rfind(prefix, 0) != 0) return {};
  auto name = path.substr(prefix.size());
  name = name.substr(0, name.find('/'));
  return name.size() <= 63 ? name : name.substr(0, 63);
}

std::string rejected_outcome(const HttpResponse& resp) {
  boost::system::error_code ec;
  auto v = boost::json::parse(resp.body, ec);
  if (!ec && v.is_object())
    if (const auto* err = v.as_object().if_contains("error"); err && err->is_object())
      if (const auto* code = err->as_object().if_contains("code"); code && code->is_string())
        return "rejected: " + std::string(code->as_string());
  return "rejected: " + std::to_string(resp.status);
}

namespace {
// The storeName of a refused create, when it is a valid name (anything else is caller text, not logged).
std::string requested_store(const std::string& body) {
  boost::system::error_code ec;
  auto v = boost::json::parse(body, ec);
  if (ec || !v.is_object()) return {};
  const auto* name = v.as_object().if_contains("storeName");
  if (!name || !name->is_string()) return {};
  std::string n(name->as_string());
  return validate_store_name(n).empty() ? n : std::string();
}
}  // namespace

AuditSink make_audit_sink(db::Database& db) {
  return [&db](const HttpRequest& req, const HttpResponse& resp, const std::string& route) {
    if (!is_audited_write(req.method, req.path) || resp.status < 400) return;
    db::AuditEntry e;
    e.at = now_ms();
    // An unmatched route is named by its method only: the raw path is caller-controlled text.
    e.action = route.rfind("/", 0) == 0 ? audit_action(req.method, route) : req.method + " (" + route + ")";
    e.store = audit_store(req.path);
    if (e.store.empty() && req.method == "POST" && req.path == "/api/stores") e.store = requested_store(req.body);
    e.actor = req.ctx.actor;
    e.client_ip = req.ctx.client_ip;
    e.outcome = rejected_outcome(resp);
    try {
      db.write([&](db::Conn& c) { db::AuditLog::record(c, e); });
    } catch (const std::exception& ex) {
      log::warn("audit", "recording a rejected request failed", {{"error", ex.what()}});
    }
  };
}

}  // namespace storefleet::api
