#include "storefleet/api/request_parsing.hpp"

#include <boost/algorithm/string/predicate.hpp>
#include <boost/algorithm/string/trim.hpp>
#include <boost/json/parse.hpp>

#include <algorithm>
#include <cctype>
#include <charconv>

#include "storefleet/core/errors.hpp"
#include "storefleet/core/util.hpp"

namespace storefleet::api {
namespace {

std::string lower_trim(std::string s) {
  auto not_space = [](unsigned char c) { return !std::isspace(c); };
  s.erase(s.begin(), std::find_if(s.begin(), s.end(), not_space));
  s.erase(std::find_if(s.rbegin(), s.rend(), not_space).base(), s.end());
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}


}  // namespace

boost::json::object parse_json_object_body(const HttpRequest& req, BodyType accepted) {
  auto type = lower_trim(req.header("content-type"));
  auto semi = type.find(';');
  if (semi != std::string::npos) type = lower_trim(type.substr(0, semi));
  if (accepted == BodyType::merge_patch && type != "application/merge-patch+json" && type != "application/json")
    throw DomainError(Errc::unsupported_media_type,
                      "Content-Type must be application/merge-patch+json (or application/json)");
  if (accepted == BodyType::json && type != "application/json")
    throw DomainError(Errc::unsupported_media_type, "Content-Type must be application/json");
  if (req.body.size() > kMaxBodyBytes) throw DomainError(Errc::payload_too_large, "request body too large");
  if (req.body.empty()) throw DomainError(Errc::invalid_json, "request body is empty");
  boost::system::error_code ec;
  auto value = boost::json::parse(req.body, ec);
  if (ec) throw DomainError(Errc::invalid_json, "request body is not valid JSON");
  if (!value.is_object())
    throw DomainError(Errc::validation_failed, "request body must be a JSON object",
                      {{"", "must be a JSON object"}});
  return std::move(value.as_object());
}

const std::string* query_value(const HttpRequest& req, const std::string& name) {
  auto it = req.query.find(name);
  return it == req.query.end() || it->second.empty() ? nullptr : &it->second;
}

DomainError bad_query_param(const std::string& name, const std::string& message) {
  return DomainError(Errc::bad_request, "invalid query parameter " + name, {{name, message}});
}

int query_int(const HttpRequest& req, const std::string& name, int fallback, int min, int max) {
  auto it = req.query.find(name);
  if (it == req.query.end()) return fallback;
  const auto& s = it->second;
  long long v = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || ptr != s.data() + s.size() || v < min || v > max)
    throw bad_query_param(name, "must be an integer from " + std::to_string(min) + " to " + std::to_string(max));
  return static_cast<int>(v);
}

std::string encode_cursor(std::int64_t after_id) { return base64url_encode("c:" + std::to_string(after_id)); }

std::int64_t decode_cursor(const std::string& cursor) {
  auto bad = [] { return DomainError(Errc::bad_request, "invalid cursor", {{"cursor", "is not a valid cursor"}}); };
  if (cursor.size() > 64) throw bad();
  auto raw = base64_decode(cursor);
  if (!raw || raw->size() < 3 || raw->rfind("c:", 0) != 0) throw bad();
  std::int64_t id = 0;
  auto [ptr, ec] = std::from_chars(raw->data() + 2, raw->data() + raw->size(), id);
  if (ec != std::errc() || ptr != raw->data() + raw->size() || id < 0) throw bad();
  return id;
}

std::optional<std::string> ambiguous_framing(const std::vector<std::pair<std::string, std::string>>& fields) {
  int hosts = 0, authorizations = 0;
  for (const auto& [name, value] : fields) {
    if (boost::algorithm::iequals(name, "host")) ++hosts;
    if (boost::algorithm::iequals(name, "authorization")) ++authorizations;
    if (boost::algorithm::iequals(name, "transfer-encoding") &&
        !boost::algorithm::iequals(boost::algorithm::trim_copy(value), "chunked"))
      return "unsupported Transfer-Encoding: only chunked is accepted";
  }
  if (hosts > 1) return "more than one Host header";
  if (authorizations > 1) return "more than one Authorization header";
  return std::nullopt;
}

}  // namespace storefleet::api
