// Every route the API registers is documented in proto-docs/openapi.yaml with the same method, and every
// documented operation exists — so the contract cannot drift from the code.
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <set>

#include "api_fixture.hpp"

namespace storefleet::test {
namespace {

using OpenApiContract = ApiFixture;

std::string to_openapi_path(const std::string& pattern) {  // /:name/x → /{name}/x
  std::string out;
  bool in_param = false;
  for (char c : pattern) {
    if (c == ':') {
      out += '{';
      in_param = true;
    } else if (c == '/' && in_param) {
      out += "}/";
      in_param = false;
    } else {
      out += c;
    }
  }
  return in_param ? out + "}" : out;
}

TEST_F(OpenApiContract, RoutesAndDocumentMatch) {
  api::register_platform_routes(router, [] { return std::string(); });
  const auto doc = YAML::LoadFile(STOREFLEET_SOURCE_DIR "/proto-docs/openapi.yaml");
  ASSERT_EQ(doc["openapi"].as<std::string>().rfind("3.1", 0), 0u);
  std::set<std::pair<std::string, std::string>> documented, registered;
  for (const auto& path : doc["paths"]) {
    for (const auto& op : path.second) {
      auto method = op.first.as<std::string>();
      if (method == "parameters") continue;
      std::transform(method.begin(), method.end(), method.begin(), [](unsigned char c) { return std::toupper(c); });
      documented.emplace(method, path.first.as<std::string>());
    }
  }
  for (const auto& [method, pattern] : router.routes()) registered.emplace(method, to_openapi_path(pattern));
  EXPECT_GE(registered.size(), 13u);
  for (const auto& r : registered) EXPECT_TRUE(documented.count(r)) << "undocumented: " << r.first << " " << r.second;
  for (const auto& d : documented) EXPECT_TRUE(registered.count(d)) << "not implemented: " << d.first << " " << d.second;
}

}  // namespace
}  // namespace storefleet::test
