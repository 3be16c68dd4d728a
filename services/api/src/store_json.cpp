#include "storefleet/api/store_json.hpp"

#include <boost/json/parse.hpp>


namespace storefleet::api {

boost::json::object store_status_to_json(const Store& s) {
  boost::json::object observed;
  if (!s.observed_json.empty()) {
    boost::system::error_code ec;
    auto v = boost::json::parse(s.observed_json, ec);
    if (!ec && v.is_object()) observed = std::move(v.as_object());
  }
  boost::json::object o;
  o["status"] = to_string(s.status);
  std::string reason = s.status_reason;
  if (reason.empty())
    if (auto* r = observed.if_contains("reason"); r && r->is_string()) reason = std::string(r->as_string());
  o["reason"] = reason;
  auto array_or_empty = [&](const char* key) -> boost::json::value {
    if (auto* v = observed.if_contains(key); v && v->is_array()) return *v;
    return boost::json::array{};
  };
  o["pods"] = array_or_empty("pods");
  o["jobs"] = array_or_empty("jobs");
  if (auto* v = observed.if_contains("setupJob"); v && v->is_object()) o["setupJob"] = *v;
  return o;
}

boost::json::value event_to_value(const db::Event& e) { return boost::json::parse(db::event_to_json(e)); }

}  // namespace storefleet::api
