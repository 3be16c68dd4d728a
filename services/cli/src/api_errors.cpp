// Turning an API error answer into what the CLI prints and the exit code scripts see.
#include <charconv>

#include "storefleet/cli/api_client.hpp"
#include "storefleet/cli/exit_codes.hpp"

namespace storefleet::cli {
namespace {

// Retry-After is either delay-seconds or an HTTP date; the API sends seconds. A date is shown as is.
int parse_retry_after(const std::string& header) {
  int seconds = -1;
  auto [end, ec] = std::from_chars(header.data(), header.data() + header.size(), seconds);
  if (ec != std::errc() || end != header.data() + header.size() || seconds < 0) return -1;
  return seconds;
}

}  // namespace

std::string describe_error_body(const std::string& body, int status) {
  boost::system::error_code ec;
  auto v = boost::json::parse(body, ec);
  std::string out = "HTTP " + std::to_string(status);
  if (ec || !v.is_object()) return out;
  const auto* err = v.as_object().if_contains("error");
  if (!err || !err->is_object()) return out;
  const auto& e = err->as_object();
  if (const auto* m = e.if_contains("message"); m && m->is_string()) out += ": " + std::string(m->as_string());
  if (const auto* d = e.if_contains("details"); d && d->is_array()) {
    for (const auto& item : d->as_array()) {
      if (!item.is_object()) continue;
      const auto* f = item.as_object().if_contains("field");
      const auto* m = item.as_object().if_contains("message");
      out += "\n  - ";
      if (f && f->is_string()) out += std::string(f->as_string()) + ": ";
      if (m && m->is_string()) out += std::string(m->as_string());
    }
  }
  return out;
}

ApiError error_for_response(int status, const std::string& body, const std::string& retry_after_header,
                            bool token_sent) {
  std::string message = describe_error_body(body, status);
  if (status == 401) {
    message += token_sent ? "\nhint: the token was refused (wrong or revoked): check STOREFLEET_TOKEN or --token-file"
                          : "\nhint: this API needs a token: set STOREFLEET_TOKEN or pass --token-file FILE";
    return ApiError(kUnauthorized, status, message);
  }
  if (status == 403) return ApiError(kForbidden, status, message);
  if (status == 429) {
    const int after = parse_retry_after(retry_after_header);
    if (after >= 0)
      message += "\nhint: rate limited; retry after " + std::to_string(after) + " s";
    else if (!retry_after_header.empty())
      message += "\nhint: rate limited; retry after " + retry_after_header;
    else
      message += "\nhint: rate limited; retry later";
    return ApiError(kRateLimited, status, message, after);
  }
  return ApiError(status >= 500 ? kUnavailable : kRejected, status, message);
}

}  // namespace storefleet::cli
