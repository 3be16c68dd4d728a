#pragma once
// JSON bodies and the one error shape: { "error": { "code", "message", "details": [{ field, message }] } }.
#include <boost/json/value.hpp>

#include "storefleet/api/http_types.hpp"
#include "storefleet/core/errors.hpp"

namespace storefleet::api {

HttpResponse json_response(int status, const boost::json::value& body);
// DomainError → HTTP in one place: status from http_status(), code from error_code().
HttpResponse error_response(const DomainError& e);
HttpResponse error_response(Errc code, std::string message, std::vector<FieldProblem> details = {});

}  // namespace storefleet::api
