#pragma once
// One error enum for every domain error; each maps to exactly one HTTP status and one stable code string.
// Services map errors to HTTP in one place by calling http_status()/error_code().
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace storefleet {

enum class Errc {
  ok = 0,
  bad_request,            // 400 malformed input that is not JSON-invalid (bad query parameter, ...)
  invalid_json,           // 400 body is not valid JSON
  unauthorized,           // 401
  forbidden,              // 403
  store_limit_reached,    // 403 a tenant's store limit
  not_found,              // 404
  method_not_allowed,     // 405
  conflict,               // 409 (e.g. store name already exists)
  not_ready,              // 409 the thing asked for does not exist yet (e.g. credentials of a new store)
  payload_too_large,      // 413
  unsupported_media_type, // 415
  validation_failed,      // 422 (details list every problem)
  idempotency_mismatch,   // 422
  rate_limited,           // 429
  headers_too_large,      // 431
  internal,               // 500
  bad_gateway,            // 502 a service we depend on answered with an error
  unavailable,            // 503
};

const std::error_category& storefleet_category() noexcept;
std::error_code make_error_code(Errc e) noexcept;
int http_status(Errc e) noexcept;
std::string_view error_code(Errc e) noexcept;  // stable machine code, e.g. "validation_failed"

// One problem with one field of a request; validation returns all of them at once.
struct FieldProblem {
  std::string field;
  std::string message;
  friend bool operator==(const FieldProblem&, const FieldProblem&) = default;
};

// Thrown by domain code; the HTTP layer turns it into { "error": { code, message, details } }.
class DomainError : public std::runtime_error {
 public:
  DomainError(Errc code, std::string message, std::vector<FieldProblem> details = {})
      : std::runtime_error(std::move(message)), code_(code), details_(std::move(details)) {}
  Errc code() const noexcept { return code_; }
  const std::vector<FieldProblem>& details() const noexcept { return details_; }

 private:
  Errc code_;
  std::vector<FieldProblem> details_;
};

}  // namespace storefleet

template <>
struct std::is_error_code_enum<storefleet::Errc> : std::true_type {};
