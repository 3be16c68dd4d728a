#pragma once
// CORS allowlist: only listed origins get Access-Control-Allow-Origin (echoed, with Vary: Origin); "*" in the
// list allows any origin, without credentials (only origins listed by name may send the session cookie).
// Preflights from unlisted origins are refused with 403.
#include <optional>
#include <string>
#include <vector>

#include "storefleet/api/http_types.hpp"

namespace storefleet::api {

// Origins as browsers send them: "https://x.example/" in a flag means "https://x.example". The one place origin
// lists are normalised, for CORS and for the CSRF check alike.
std::vector<std::string> normalized_origins(std::vector<std::string> origins);

class CorsPolicy {
 public:
  explicit CorsPolicy(std::vector<std::string> allowed_origins = {});
  bool allows(const std::string& origin) const;
  // A preflight (OPTIONS with Origin and Access-Control-Request-Method) answered directly, or nothing.
  std::optional<HttpResponse> preflight(const HttpRequest& req) const;
  // Adds the CORS headers to an ordinary response when the request's origin is allowed.
  void decorate(const HttpRequest& req, HttpResponse& resp) const;

 private:
  bool listed(const std::string& origin) const;
  std::vector<std::string> origins_;
};

}  // namespace storefleet::api
