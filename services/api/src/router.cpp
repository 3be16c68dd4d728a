#include "storefleet/api/router.hpp"

#include <boost/url/decode_view.hpp>
#include <boost/url/pct_string_view.hpp>

#include "storefleet/api/json_response.hpp"
#include "storefleet/core/log.hpp"

namespace storefleet::api {

std::vector<std::string> split_path(const std::string& path) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < path.size()) {
    if (path[i] == '/') {
      ++i;
      continue;
    }
    auto j = path.find('/', i);
    if (j == std::string::npos) j = path.size();
    std::string_view raw(path.data() + i, j - i);
    auto valid = boost::urls::make_pct_string_view(raw);
    if (!valid) throw DomainError(Errc::bad_request, "malformed percent-encoding in path");
    const boost::urls::pct_string_view& encoded = *valid;
    std::string seg;
    for (char c : *encoded) seg.push_back(c);  // iterating the decode_view decodes
    if (seg.find_first_of(std::string_view("/\\\0", 3)) != std::string::npos)
      throw DomainError(Errc::bad_request, "path segment contains a forbidden character");
    out.push_back(std::move(seg));
    i = j;
  }
  return out;
}

HttpResponse guarded(const std::function<HttpResponse()>& f) {
  try {
    return f();
  } catch (const DomainError& e) {
    return error_response(e);
  } catch (const std::exception& e) {
    // Internals (SQL, paths) stay in the log, never in the response.
    log::error("api", "handler failed", {{"error", e.what()}});
    return error_response(Errc::internal, "internal error");
  }
}

void Router::add(std::string method, std::string pattern, Handler handler) {
  Route r{std::move(method), pattern, {}, std::move(handler)};
  std::size_t i = 0;
  while (i < pattern.size()) {
    if (pattern[i] == '/') {
      ++i;
      continue;
    }
    auto j = pattern.find('/', i);
    if (j == std::string::npos) j = pattern.size();
    r.segments.push_back(pattern.substr(i, j - i));
    i = j;
  }
  routes_.push_back(std::move(r));
}

bool Router::match(const Route& r, const std::vector<std::string>& segs, PathParams& out) {
  if (segs.size() != r.segments.size()) return false;
  PathParams params;
  for (std::size_t i = 0; i < segs.size(); ++i) {
    const auto& p = r.segments[i];
    if (!p.empty() && p[0] == ':') {
      if (segs[i].empty()) return false;
      params[p.substr(1)] = segs[i];
    } else if (p != segs[i]) {
      return false;
    }
  }
  out = std::move(params);
  return true;
}

bool Router::knows_path(const std::string& path) const {
  try {
    auto segs = split_path(path);
    PathParams p;
    for (const auto& r : routes_)
      if (match(r, segs, p)) return true;
  } catch (const DomainError&) {
  }
  return false;
}

std::string Router::allowed_methods(const std::string& path) const {
  std::string allow;
  try {
    auto segs = split_path(path);
    PathParams p;
    for (const auto& r : routes_) {
      if (!match(r, segs, p)) continue;
      if (allow.find(r.method) != std::string::npos) continue;
      if (!allow.empty()) allow += ", ";
      allow += r.method;
      if (r.method == "GET") allow += ", HEAD";
    }
  } catch (const DomainError&) {
  }
  return allow;
}

std::string Router::pattern_for(const std::string& method, const std::string& path) const {
  const std::string m = method == "HEAD" ? "GET" : method;
  try {
    auto segs = split_path(path);
    PathParams p;
    for (const auto& r : routes_)
      if (r.method == m && match(r, segs, p)) return r.pattern;
  } catch (const DomainError&) {
  }
  return {};
}

std::vector<std::pair<std::string, std::string>> Router::routes() const {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& r : routes_) out.emplace_back(r.method, r.pattern);
  return out;
}

RouteResult Router::dispatch(const HttpRequest& req) const {
  std::vector<std::string> segs;
  try {
    segs = split_path(req.path);
  } catch (const DomainError& e) {
    return {error_response(e), "unmatched"};
  }
  const std::string method = req.method == "HEAD" ? "GET" : req.method;
  bool path_known = false;
  for (const auto& r : routes_) {
    PathParams params;
    if (!match(r, segs, params)) continue;
    path_known = true;
    if (r.method != method) continue;
    return {guarded([&] { return r.handler(req, params); }), r.pattern};
  }
  if (path_known) {
    auto resp = error_response(Errc::method_not_allowed, "method " + req.method + " not allowed on this path");
    resp.set_header("Allow", allowed_methods(req.path));
    return {std::move(resp), "unmatched"};
  }
  return {error_response(Errc::not_found, "no such endpoint"), "unmatched"};
}

}  // namespace storefleet::api
