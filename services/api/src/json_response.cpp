#include "storefleet/api/json_response.hpp"

#include <boost/json/serialize.hpp>

namespace storefleet::api {

HttpResponse json_response(int status, const boost::json::value& body) {
  HttpResponse r;
  r.status = status;
  r.content_type = "application/json";
  r.body = boost::json::serialize(body);
  return r;
}

HttpResponse error_response(Errc code, std::string message, std::vector<FieldProblem> details) {
  boost::json::array list;
  for (const auto& d : details) list.push_back(boost::json::object{{"field", d.field}, {"message", d.message}});
  boost::json::object err{{"code", std::string(error_code(code))}, {"message", std::move(message)},
                          {"details", std::move(list)}};
  return json_response(http_status(code), boost::json::object{{"error", std::move(err)}});
}

HttpResponse error_response(const DomainError& e) { return error_response(e.code(), e.what(), e.details()); }

}  // namespace storefleet::api
