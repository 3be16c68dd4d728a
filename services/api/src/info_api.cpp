#include "storefleet/api/info_api.hpp"

#include <SQLiteCpp/Statement.h>

#include "storefleet/api/access_api.hpp"
#include "storefleet/api/json_response.hpp"
#include "storefleet/api/request_parsing.hpp"
#include "storefleet/core/log.hpp"
#include "storefleet/core/store.hpp"
#include "storefleet/core/util.hpp"
#include "storefleet/db/audit.hpp"
#include "storefleet/db/stores.hpp"

namespace storefleet::api {
namespace json = boost::json;

// Created and deleted come from the per-status counts (every row was created once; Deleted rows were deleted):
// one index scan for the tiles, not three.
Activity activity_counts(db::Conn& c, const std::optional<std::string>& owner, const db::StoreCounts& counts) {
  auto count = [&](const char* sql) {
    SQLite::Statement q(c, sql);
    if (owner)
      q.bind(1, *owner);
    else
      q.bind(1);  // NULL: no owner restriction
    q.executeStep();
    return q.getColumn(0).getInt64();
  };
  Activity a;
  for (const auto& [status, n] : counts.by_status) {
    a.created += n;
    if (status == StoreStatus::deleted) a.deleted += n;
  }
  // An event carries the store row it happened to: after a name is reused, the former owner's failures stay the
  // former owner's.
  a.failed = count(
      "SELECT count(*) FROM events e JOIN stores s ON s.id = e.store_id "
      "WHERE e.type = 'store.status' AND e.status = 'Failed' AND (?1 IS NULL OR s.owner = ?1)");
  return a;
}

void register_platform_routes(Router& router, std::function<std::string()> render_prometheus) {
  router.add("GET", "/metrics", [render = std::move(render_prometheus)](const HttpRequest& req, const PathParams&) {
    require_admin(req.ctx);  // platform-wide figures: scrape with an admin token
    HttpResponse r;
    r.content_type = "text/plain; version=0.0.4; charset=utf-8";
    r.body = render();
    return r;
  });
  router.add("GET", "/api/events", [](const HttpRequest&, const PathParams&) -> HttpResponse {
    throw DomainError(Errc::bad_request, "GET /api/events is a text/event-stream");
  });
}

InfoApi::InfoApi(InfoApiDeps deps) : deps_(std::move(deps)) {}

void InfoApi::register_routes(Router& router) {
  auto bind = [this](HttpResponse (InfoApi::*m)(const HttpRequest&, const PathParams&)) {
    return [this, m](const HttpRequest& r, const PathParams& p) { return (this->*m)(r, p); };
  };
  router.add("GET", "/api/metrics", bind(&InfoApi::metrics));
  router.add("GET", "/api/audit-logs", bind(&InfoApi::audit_logs));
  router.add("GET", "/api/health", bind(&InfoApi::health));
  router.add("GET", "/api/ready", bind(&InfoApi::ready));
}

HttpResponse InfoApi::metrics(const HttpRequest& req, const PathParams&) {
  auto [counts, activity] = deps_.db->read([&](db::Conn& c) {
    auto counts = db::StoreRepo::counts(c, req.ctx.owner_filter);
    return std::make_pair(counts, activity_counts(c, req.ctx.owner_filter, counts));
  });
  json::object by_status;
  for (auto s : all_statuses()) by_status[to_string(s)] = 0;
  for (const auto& [s, n] : counts.by_status) by_status[to_string(s)] = n;
  return json_response(
      200, json::object{{"stores", json::object{{"total", counts.total},
                                                {"ready", counts.ready},
                                                {"degraded", counts.degraded},
                                                {"failed", counts.failed},
                                                {"provisioning", counts.provisioning},
                                                {"by_status", std::move(by_status)}}},
                        {"activity", json::object{{"created", activity.created},
                                                  {"deleted", activity.deleted},
                                                  {"failed", activity.failed}}}});
}

HttpResponse InfoApi::audit_logs(const HttpRequest& req, const PathParams&) {
  db::AuditQuery q;
  q.limit = query_int(req, "limit", 50, 1, 500);
  q.visible_to = req.ctx.owner_filter;
  if (const auto* v = query_value(req, "store")) {
    if (!validate_store_name(*v, "store").empty()) throw bad_query_param("store", "is not a valid store name");
    q.store = *v;
  }
  for (auto [name, target] : {std::pair{"actor", &q.actor}, std::pair{"action", &q.action}})
    if (const auto* v = query_value(req, name)) {
      if (v->size() > 128) throw bad_query_param(name, "must be at most 128 characters");
      *target = *v;
    }
  if (const auto* v = query_value(req, "q")) {
    if (v->size() > 128) throw bad_query_param("q", "must be at most 128 characters");
    q.contains = *v;
  }
  for (auto [name, target] : {std::pair{"since", &q.since}, std::pair{"until", &q.until}})
    if (const auto* v = query_value(req, name)) {
      *target = parse_iso8601_ms(*v);
      if (!*target) throw bad_query_param(name, "must be a UTC time like 2026-12-03T10:00:00Z, or a date like 2026-12-03");
    }
  if (const auto* v = query_value(req, "cursor")) q.before_id = decode_cursor(*v);
  // One row more than asked tells whether another page exists.
  const int page = q.limit;
  ++q.limit;
  auto rows = deps_.db->read([&](db::Conn& c) { return db::AuditLog::search(c, q); });
  json::value next = nullptr;
  if (static_cast<int>(rows.size()) > page) {
    rows.resize(static_cast<std::size_t>(page));
    next = json::string(encode_cursor(rows.back().id));
  }
  json::array logs;
  for (const auto& a : rows) {
    // The seed's names (timestamp, store_name, details) plus the short ones the event log uses.
    const auto at = iso8601_ms(a.at);
    logs.push_back(json::object{{"id", a.id},
                                {"timestamp", at},
                                {"at", at},
                                {"action", a.action},
                                {"store_name", a.store},
                                {"store", a.store},
                                {"actor", a.actor},
                                {"actor_name", a.actor_name.empty() ? a.actor : a.actor_name},
                                {"client_ip", a.client_ip},
                                {"outcome", a.outcome},
                                {"details", a.detail},
                                {"detail", a.detail}});
  }
  return json_response(200, json::object{{"logs", std::move(logs)}, {"next_cursor", std::move(next)}});
}

bool InfoApi::db_writable() {
  try {
    // BEGIN IMMEDIATE takes the write lock: proves the file is writable without changing it.
    deps_.db->write([](db::Conn& c) { c.exec("SELECT 1"); });
    return true;
  } catch (const std::exception& e) {
    log::warn("api", "database not writable", {{"error", e.what()}});
    return false;
  }
}

HttpResponse InfoApi::health(const HttpRequest&, const PathParams&) {
  const auto now = now_ms();
  const bool prov = deps_.provisioner_connected && deps_.provisioner_connected();
  return json_response(200, json::object{{"status", "ok"},
                                         {"service", "storefleet-api"},
                                         {"version", deps_.version},
                                         {"timestamp", iso8601_ms(now)},
                                         {"uptime_seconds", (now - deps_.started_at_ms) / 1000},
                                         {"provisioner", prov ? "connected" : "disconnected"}});
}

HttpResponse InfoApi::ready(const HttpRequest&, const PathParams&) {
  const bool db_ok = db_writable();
  const bool prov = deps_.provisioner_connected && deps_.provisioner_connected();
  return json_response(db_ok && prov ? 200 : 503,
                       json::object{{"ready", db_ok && prov},
                                    {"database", db_ok ? "writable" : "unavailable"},
                                    {"provisioner", prov ? "connected" : "disconnected"}});
}

}  // namespace storefleet::api
