#pragma once
// Read-only platform endpoints: /api/metrics (seed shape), /api/audit-logs, /api/health, /api/ready.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "storefleet/api/router.hpp"
#include "storefleet/db/database.hpp"

namespace storefleet::api {

struct Activity {
  std::int64_t created = 0, deleted = 0, failed = 0;
};
// Lifetime activity counts (optionally for one owner's stores), read with bound parameters only.
Activity activity_counts(db::Conn& c, const std::optional<std::string>& owner);

struct InfoApiDeps {
  db::Database* db = nullptr;
  std::string version = "0.1.0";
  std::int64_t started_at_ms = 0;
  std::function<bool()> provisioner_connected;  // the event stream from the provisioner is up
};

// GET /metrics (Prometheus text from `render`) and the GET /api/events placeholder (the SSE session serves the
// stream; the route exists so other methods get 405 and OPTIONS lists GET).
void register_platform_routes(Router& router, std::function<std::string()> render_prometheus);

class InfoApi {
 public:
  explicit InfoApi(InfoApiDeps deps);
  void register_routes(Router& router);

  HttpResponse metrics(const HttpRequest& req, const PathParams& p);
  HttpResponse audit_logs(const HttpRequest& req, const PathParams& p);
  HttpResponse health(const HttpRequest& req, const PathParams& p);
  // 200 when the database takes a write transaction and the provisioner stream is connected; 503 otherwise,
  // saying which part is missing (stores are still accepted meanwhile).
  HttpResponse ready(const HttpRequest& req, const PathParams& p);

 private:
  bool db_writable();
  InfoApiDeps deps_;
};

}  // namespace storefleet::api
