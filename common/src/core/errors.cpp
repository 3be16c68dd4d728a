#include "storefleet/core/errors.hpp"

namespace storefleet {
namespace {

struct ErrorInfo {
  int status;
  std::string_view code;
};

constexpr ErrorInfo info(Errc e) noexcept {
  switch (e) {
    case Errc::ok: return {200, "ok"};
    case Errc::bad_request: return {400, "bad_request"};
    case Errc::invalid_json: return {400, "invalid_json"};
    case Errc::unauthorized: return {401, "unauthorized"};
    case Errc::forbidden: return {403, "forbidden"};
    case Errc::store_limit_reached: return {403, "store_limit_reached"};
    case Errc::not_found: return {404, "not_found"};
    case Errc::method_not_allowed: return {405, "method_not_allowed"};
    case Errc::conflict: return {409, "conflict"};
    case Errc::not_ready: return {409, "not_ready"};
    case Errc::headers_too_large: return {431, "headers_too_large"};
    case Errc::payload_too_large: return {413, "payload_too_large"};
    case Errc::unsupported_media_type: return {415, "unsupported_media_type"};
    case Errc::validation_failed: return {422, "validation_failed"};
    case Errc::idempotency_mismatch: return {422, "idempotency_key_reused"};
    case Errc::rate_limited: return {429, "rate_limited"};
    case Errc::internal: return {500, "internal"};
    case Errc::bad_gateway: return {502, "bad_gateway"};
    case Errc::unavailable: return {503, "unavailable"};
  }
  return {500, "internal"};
}

class Category final : public std::error_category {
 public:
  const char* name() const noexcept override { return "storefleet"; }
  std::string message(int ev) const override { return std::string(info(static_cast<Errc>(ev)).code); }
};

}  // namespace

const std::error_category& storefleet_category() noexcept {
  static const Category category;
  return category;
}

std::error_code make_error_code(Errc e) noexcept { return {static_cast<int>(e), storefleet_category()}; }
int http_status(Errc e) noexcept { return info(e).status; }
std::string_view error_code(Errc e) noexcept { return info(e).code; }

}  // namespace storefleet
