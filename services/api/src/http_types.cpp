#include "storefleet/api/http_types.hpp"

#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>

#include <algorithm>
#include <cctype>

#include "storefleet/core/errors.hpp"

namespace storefleet::api {
namespace {
bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}
}  // namespace

std::string HttpRequest::header(std::string_view name) const {
  auto it = headers.find(std::string(name));
  return it == headers.end() ? std::string() : it->second;
}

void HttpResponse::set_header(std::string name, std::string value) {
  for (auto& [k, v] : headers) {
    if (iequals(k, name)) {
      v = std::move(value);
      return;
    }
  }
  headers.emplace_back(std::move(name), std::move(value));
}

std::string HttpResponse::header(std::string_view name) const {
  if (iequals(name, "content-type")) return content_type;
  for (const auto& [k, v] : headers)
    if (iequals(k, name)) return v;
  return {};
}

HttpRequest make_request(std::string method, std::string target, std::map<std::string, std::string> headers,
                         std::string body) {
  HttpRequest req;
  req.method = std::move(method);
  req.target = std::move(target);
  for (auto& [k, v] : headers) {
    std::string lower = k;
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
    req.headers[lower] = std::move(v);
  }
  req.body = std::move(body);

  auto parsed = boost::urls::parse_origin_form(req.target);
  if (!parsed) throw DomainError(Errc::bad_request, "malformed request target");
  const auto& url = *parsed;
  req.path = std::string(url.encoded_path());
  if (req.path.empty()) req.path = "/";
  for (auto param : url.params()) req.query[std::string(param.key)] = std::string(param.value);
  return req;
}

}  // namespace storefleet::api
