#pragma once
// Reading untrusted input: JSON bodies (content type, syntax, shape), integer query parameters and the opaque
// pagination cursor. Every failure is a DomainError with the matching 4xx code.
#include <boost/json/object.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "storefleet/api/http_types.hpp"
#include "storefleet/core/errors.hpp"

namespace storefleet::api {

constexpr std::size_t kMaxBodyBytes = 64 * 1024;

// What Content-Type a body may have: JSON, or a JSON merge patch (RFC 7396; application/json accepted too).
enum class BodyType { json, merge_patch };
// 415 unless Content-Type is what `accepted` allows; 400 invalid_json on empty/invalid JSON; 422 when not an object.
boost::json::object parse_json_object_body(const HttpRequest& req, BodyType accepted = BodyType::json);

// A query parameter's value, or nullptr when it is absent or empty.
const std::string* query_value(const HttpRequest& req, const std::string& name);
// 400 "invalid query parameter NAME" with one detail {NAME, message}.
DomainError bad_query_param(const std::string& name, const std::string& message);

// Query parameter as an integer in [min, max]; `fallback` when absent; 400 with details otherwise.
int query_int(const HttpRequest& req, const std::string& name, int fallback, int min, int max);

// Opaque cursor for "rows after this id": base64url of "c:<id>".
std::string encode_cursor(std::int64_t after_id);
// 400 bad_request on anything encode_cursor did not produce.
std::int64_t decode_cursor(const std::string& cursor);

// Header fields that make a request ambiguous, so it must be refused (400) and the connection closed
// (RFC 9112): a Transfer-Encoding other than plain `chunked` (the body's length would be unknown, and its bytes
// read as another request), and a repeated Host or Authorization (which one counts would be a guess). The
// reason, or nothing when the fields are fine.
std::optional<std::string> ambiguous_framing(const std::vector<std::pair<std::string, std::string>>& fields);

}  // namespace storefleet::api
