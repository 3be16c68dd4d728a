#pragma once
// Method + path-pattern routing ("/api/stores/:name/status"). Unknown path → 404, known path with another
// method → 405 with Allow, DomainError → its status, anything else → 500 without internals.
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "storefleet/api/http_types.hpp"

namespace storefleet::api {

using PathParams = std::map<std::string, std::string>;
using Handler = std::function<HttpResponse(const HttpRequest&, const PathParams&)>;

struct RouteResult {
  HttpResponse response;
  std::string route;  // the matched pattern (a bounded label for metrics), or "unmatched"
};

class Router {
 public:
  void add(std::string method, std::string pattern, Handler handler);
  // HEAD is served by the GET handler (the transport drops the body).
  RouteResult dispatch(const HttpRequest& req) const;
  // True when some route's pattern matches the path (whatever the method).
  bool knows_path(const std::string& path) const;
  // Methods allowed on a path, e.g. "GET, HEAD, DELETE" (empty when the path is unknown).
  // The pattern of the route that would serve (method, path), or "" when none does.
  std::string pattern_for(const std::string& method, const std::string& path) const;
  std::string allowed_methods(const std::string& path) const;
  // Every (method, pattern), in registration order (for contract tests against the OpenAPI document).
  std::vector<std::pair<std::string, std::string>> routes() const;

 private:
  struct Route {
    std::string method;
    std::string pattern;
    std::vector<std::string> segments;
    Handler handler;
  };
  static bool match(const Route& r, const std::vector<std::string>& segs, PathParams& out);
  std::vector<Route> routes_;
};

// Splits "/a/b/c" into {"a","b","c"} (percent-decoded per segment); throws DomainError(bad_request) when a
// segment decodes to something containing '/', '\\' or NUL.
std::vector<std::string> split_path(const std::string& path);

// Runs a handler and turns any exception into the error shape (used by the router and the static fallback).
HttpResponse guarded(const std::function<HttpResponse()>& f);

}  // namespace storefleet::api
