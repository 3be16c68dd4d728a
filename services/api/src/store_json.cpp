#include "storefleet/api/store_json.hpp"

#include <boost/json/parse.hpp>

namespace storefleet::api {

namespace {
// What the provisioner last observed (pods, jobs, setup job); {} when there is nothing readable.
boost::json::object observed_of(const Store& s) { return parse_object(s.observed_json).value_or(boost::json::object{}); }

std::string text_of(const boost::json::object& o, std::string_view key) {
  return std::string(string_member(o, key).value_or(""));
}

boost::json::array warnings_in(const Store& s, const boost::json::object& observed) {
  boost::json::array out;
  // A deleted or deleting store's last observation is history, not trouble to act on.
  if (s.status == StoreStatus::deleted || s.status == StoreStatus::deleting) return out;
  if (const auto* pods = observed.if_contains("pods"); pods && pods->is_array())
    for (const auto& p : pods->as_array()) {
      if (!p.is_object() || text_of(p.as_object(), "reason").empty()) continue;
      out.push_back(boost::json::object{{"kind", "Pod"},
                                        {"name", text_of(p.as_object(), "name")},
                                        {"reason", text_of(p.as_object(), "reason")},
                                        {"message", text_of(p.as_object(), "message")}});
    }
  if (const auto* jobs = observed.if_contains("jobs"); jobs && jobs->is_array())
    for (const auto& j : jobs->as_array())
      if (j.is_object() && text_of(j.as_object(), "state") == "failed")
        out.push_back(boost::json::object{{"kind", "Job"},
                                          {"name", text_of(j.as_object(), "name")},
                                          {"reason", "JobFailed"},
                                          {"message", text_of(j.as_object(), "message")}});
  return out;
}
}  // namespace

boost::json::array store_warnings(const Store& s) { return warnings_in(s, observed_of(s)); }

boost::json::object store_row_to_json(const Store& s, const std::string& owner_name) {
  auto o = store_to_json(s);
  o["owner"] = s.owner;
  o["owner_name"] = owner_name;
  o["warnings"] = store_warnings(s);
  return o;
}

boost::json::object store_status_to_json(const Store& s) {
  const auto observed = observed_of(s);
  boost::json::object o;
  o["status"] = to_string(s.status);
  std::string reason = s.status_reason;
  if (reason.empty()) reason = text_of(observed, "reason");
  o["reason"] = reason;
  auto array_or_empty = [&](const char* key) -> boost::json::value {
    if (auto* v = observed.if_contains(key); v && v->is_array()) return *v;
    return boost::json::array{};
  };
  o["pods"] = array_or_empty("pods");
  o["jobs"] = array_or_empty("jobs");
  if (auto* v = observed.if_contains("setupJob"); v && v->is_object()) o["setupJob"] = *v;
  o["warnings"] = warnings_in(s, observed);  // from the observation parsed above
  return o;
}

boost::json::value event_to_value(const db::Event& e) { return boost::json::parse(db::event_to_json(e)); }

}  // namespace storefleet::api
