#include "storefleet/core/json_util.hpp"

#include "storefleet/core/store_conditions.hpp"
#include "storefleet/core/util.hpp"

namespace storefleet {

boost::json::object store_to_json(const Store& s) {
  boost::json::object o;
  o["id"] = s.id;
  o["store_name"] = s.name;
  o["engine"] = to_string(s.engine);
  o["namespace"] = s.ns;
  o["status"] = to_string(s.status);
  o["status_reason"] = s.status_reason;
  o["url"] = s.url;
  o["created_at"] = iso8601_ms(s.created_at);
  o["updated_at"] = iso8601_ms(s.updated_at);
  if (s.ready_at)
    o["ready_at"] = iso8601_ms(*s.ready_at);
  else
    o["ready_at"] = nullptr;
  o["generation"] = s.generation;
  o["observed_generation"] = s.observed_generation;
  o["version"] = s.version;
  o["suspended"] = s.suspended;
  boost::json::array conditions;
  for (const auto& c : store_conditions(s))
    conditions.push_back({{"type", c.type}, {"status", c.status}, {"reason", c.reason}, {"message", c.message},
                          {"observedGeneration", c.observed_generation}});
  o["conditions"] = std::move(conditions);
  return o;
}

std::optional<boost::json::object> parse_object(std::string_view text) {
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(text, ec);
  if (ec || !v.is_object()) return std::nullopt;
  return std::move(v.as_object());
}

std::optional<std::string_view> string_member(const boost::json::object& o, std::string_view key) {
  auto it = o.find(key);
  if (it == o.end() || !it->value().is_string()) return std::nullopt;
  return std::string_view(it->value().as_string());
}

}  // namespace storefleet
