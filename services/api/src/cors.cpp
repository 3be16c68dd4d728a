#include "storefleet/api/cors.hpp"

#include <algorithm>

#include "storefleet/api/json_response.hpp"

namespace storefleet::api {

std::vector<std::string> normalized_origins(std::vector<std::string> origins) {
  for (auto& o : origins)
    while (!o.empty() && o.back() == '/') o.pop_back();
  return origins;
}

CorsPolicy::CorsPolicy(std::vector<std::string> allowed_origins)
    : origins_(normalized_origins(std::move(allowed_origins))) {}

bool CorsPolicy::allows(const std::string& origin) const {
  if (origin.empty()) return false;
  return std::any_of(origins_.begin(), origins_.end(), [&](const std::string& o) { return o == "*" || o == origin; });
}

// Credentials (the session cookie) are shared only with origins named one by one, never through "*".
bool CorsPolicy::listed(const std::string& origin) const {
  return !origin.empty() && std::find(origins_.begin(), origins_.end(), origin) != origins_.end();
}

std::optional<HttpResponse> CorsPolicy::preflight(const HttpRequest& req) const {
  if (req.method != "OPTIONS") return std::nullopt;
  const auto origin = req.header("origin");
  if (origin.empty() || req.header("access-control-request-method").empty()) return std::nullopt;
  if (!allows(origin)) return error_response(Errc::forbidden, "origin not allowed");
  HttpResponse r;
  r.status = 204;
  r.content_type.clear();
  r.set_header("Access-Control-Allow-Origin", origin);
  r.set_header("Access-Control-Allow-Methods", "GET, POST, PATCH, DELETE, OPTIONS");
  r.set_header("Access-Control-Allow-Headers", "Content-Type, Authorization, Idempotency-Key, Last-Event-ID");
  if (listed(origin)) r.set_header("Access-Control-Allow-Credentials", "true");
  r.set_header("Access-Control-Max-Age", "600");
  r.set_header("Vary", "Origin");
  return r;
}

void CorsPolicy::decorate(const HttpRequest& req, HttpResponse& resp) const {
  const auto origin = req.header("origin");
  if (!allows(origin)) return;
  resp.set_header("Access-Control-Allow-Origin", origin);
  if (listed(origin)) resp.set_header("Access-Control-Allow-Credentials", "true");
  resp.set_header("Vary", "Origin");
}

}  // namespace storefleet::api
