// Request bodies: JSON, YAML (kubectl may send apply configurations as YAML) and Kubernetes protobuf.
#include "protobuf.hpp"
#include "server_context.hpp"

#include <yaml-cpp/yaml.h>

namespace kubesim {
namespace {

json::value yaml_to_json(const YAML::Node& n) {
  switch (n.Type()) {
    case YAML::NodeType::Map: {
      json::object o;
      for (const auto& kv : n) o[kv.first.as<std::string>()] = yaml_to_json(kv.second);
      return o;
    }
    case YAML::NodeType::Sequence: {
      json::array a;
      for (const auto& item : n) a.push_back(yaml_to_json(item));
      return a;
    }
    case YAML::NodeType::Scalar: {
      auto s = n.Scalar();
      if (n.Tag() == "!") return json::string(s);  // quoted: always a string
      if (s == "true" || s == "True") return true;
      if (s == "false" || s == "False") return false;
      if (s == "null" || s == "~") return nullptr;
      char* end = nullptr;
      long long i = std::strtoll(s.c_str(), &end, 10);
      if (!s.empty() && *end == '\0') return i;
      double d = std::strtod(s.c_str(), &end);
      if (!s.empty() && *end == '\0' && s.find_first_of("0123456789") != std::string::npos) return d;
      return json::string(s);
    }
    default:
      return nullptr;
  }
}
}  // namespace

json::object decode_body(const httplib::Request& req) {
  auto ct = req.get_header_value("Content-Type");
  if (ct.find("application/vnd.kubernetes.protobuf") != std::string::npos) return decode_protobuf_object(req.body);
  auto first = req.body.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return json::object();
  if (req.body[first] == '{' || req.body[first] == '[') {
    if (req.body[first] == '[') {  // JSON patch: wrap so callers get an object
      boost::system::error_code ec;
      auto v = json::parse(req.body, ec);
      if (ec) throw ApiError::bad_request("invalid JSON in request body");
      return json::object{{"$ops", v}};
    }
    return parse_object(req.body);
  }
  try {
    auto v = yaml_to_json(YAML::Load(req.body));
    if (!v.is_object()) throw ApiError::bad_request("the request body must be an object");
    return std::move(v.get_object());
  } catch (const YAML::Exception& e) {
    throw ApiError::bad_request(std::string("error decoding YAML: ") + e.what());
  }
}
}  // namespace kubesim
