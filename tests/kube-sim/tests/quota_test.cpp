// ResourceQuota admission (messages as the real API server writes them) and quantities.
#include "src/admission.hpp"
#include "src/quantity.hpp"
#include "src/resources.hpp"

#include <gtest/gtest.h>

using namespace kubesim;

namespace {
std::shared_ptr<const json::object> pod(const char* name, const char* cpu, const char* phase = "Running") {
  auto p = json::parse(R"({"metadata":{"name":")" + std::string(name) + R"("},"spec":{"containers":[{"name":"main",
      "resources":{"requests":{"cpu":")" + cpu + R"(","memory":"128Mi"}}}]},"status":{"phase":")" + phase + R"("}})");
  return std::make_shared<const json::object>(p.as_object());
}
json::object quota(const char* hard) {
  return json::parse(R"({"metadata":{"name":"q"},"spec":{"hard":)" + std::string(hard) + "}}").as_object();
}
}  // namespace

TEST(Quantity, ParseAndFormat) {
  EXPECT_DOUBLE_EQ(*parse_quantity("250m"), 0.25);
  EXPECT_DOUBLE_EQ(*parse_quantity("2"), 2);
  EXPECT_DOUBLE_EQ(*parse_quantity("1Gi"), 1073741824.0);
  EXPECT_DOUBLE_EQ(*parse_quantity("1G"), 1e9);
  EXPECT_FALSE(parse_quantity("abc"));
  EXPECT_FALSE(parse_quantity("1Xi"));
  EXPECT_EQ(format_quantity(0.5, "requests.cpu"), "500m");
  EXPECT_EQ(format_quantity(3, "limits.cpu"), "3");
  EXPECT_EQ(format_quantity(536870912, "requests.memory"), "512Mi");
  EXPECT_EQ(format_quantity(2, "pods"), "2");
}

TEST(Quota, ExceededMessageListsOnlyTheExceededResources) {
  std::vector<std::shared_ptr<const json::object>> existing{pod("a", "1500m"), pod("done", "4", "Succeeded")};
  ListFn list = [&](const ResourceType& rt) {
    return rt.plural == "pods" ? existing : std::vector<std::shared_ptr<const json::object>>{};
  };
  auto q = quota(R"({"pods":"5","requests.cpu":"2","requests.memory":"1Gi"})");
  auto ok = check_quota(q, resource("pods"), *pod("b", "500m"), list);
  EXPECT_TRUE(ok.allowed) << ok.message;
  auto r = check_quota(q, resource("pods"), *pod("c", "600m"), list);
  EXPECT_FALSE(r.allowed);
  // Succeeded pods don't count: used cpu is 1500m, not 5500m.
  EXPECT_EQ(r.message, "exceeded quota: q, requested: requests.cpu=600m, used: requests.cpu=1500m, limited: requests.cpu=2");
}

TEST(Quota, PodCountAndMissingRequests) {
  std::vector<std::shared_ptr<const json::object>> existing{pod("a", "1")};
  ListFn list = [&](const ResourceType&) { return existing; };
  auto r = check_quota(quota(R"({"pods":"1"})"), resource("pods"), *pod("b", "1"), list);
  EXPECT_EQ(r.message, "exceeded quota: q, requested: pods=1, used: pods=1, limited: pods=1");
  auto bare = json::parse(R"({"metadata":{"name":"x"},"spec":{"containers":[{"name":"web"}]}})").as_object();
  auto m = check_quota(quota(R"({"limits.memory":"1Gi"})"), resource("pods"), bare, list);
  EXPECT_FALSE(m.allowed);
  EXPECT_EQ(m.message, "failed quota: q: must specify limits.memory for: web");
}

TEST(Quota, ObjectCounts) {
  std::vector<std::shared_ptr<const json::object>> svcs{std::make_shared<const json::object>()};
  ListFn list = [&](const ResourceType& rt) {
    return rt.plural == "services" ? svcs : std::vector<std::shared_ptr<const json::object>>{};
  };
  json::object svc;
  EXPECT_FALSE(check_quota(quota(R"({"services":"1"})"), resource("services"), svc, list).allowed);
  EXPECT_FALSE(check_quota(quota(R"({"count/services":"1"})"), resource("services"), svc, list).allowed);
  EXPECT_TRUE(check_quota(quota(R"({"services":"1"})"), resource("configmaps"), svc, list).allowed);
}
