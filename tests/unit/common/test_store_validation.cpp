#include <gtest/gtest.h>

#include "storefleet/core/store.hpp"

using namespace storefleet;

namespace {

struct NameCase {
  std::string name;
  std::vector<std::string> expected_fragments;  // one fragment per expected problem; empty = valid
};

class StoreNameRules : public ::testing::TestWithParam<NameCase> {};

TEST_P(StoreNameRules, ReportsEveryBrokenRule) {
  const auto& c = GetParam();
  auto problems = validate_store_name(c.name);
  ASSERT_EQ(problems.size(), c.expected_fragments.size()) << "name: '" << c.name << "'";
  for (std::size_t i = 0; i < problems.size(); ++i) {
    EXPECT_EQ(problems[i].field, "storeName");
    EXPECT_NE(problems[i].message.find(c.expected_fragments[i]), std::string::npos)
        << "problem " << i << " of '" << c.name << "': " << problems[i].message;
  }
}

INSTANTIATE_TEST_SUITE_P(
    Table, StoreNameRules,
    ::testing::Values(
        NameCase{"my-shop", {}}, NameCase{"abc", {}}, NameCase{"a1-b2-c3", {}},
        NameCase{std::string(40, 'a'), {}}, NameCase{"shop2025", {}},
        NameCase{"", {"is required"}},
        NameCase{"ab", {"between 3 and 40"}},
        NameCase{std::string(41, 'a'), {"between 3 and 40"}},
        NameCase{"My-Shop", {"lowercase letters", "start with a lowercase letter"}},
        NameCase{"my_shop", {"lowercase letters"}},
        NameCase{"1shop", {"start with a lowercase letter"}},
        NameCase{"-shop", {"start with a lowercase letter"}},
        NameCase{"shop-", {"must not end with '-'"}},
        NameCase{"shop;rm -rf /", {"lowercase letters"}},
        NameCase{"shop$(id)", {"lowercase letters"}},
        NameCase{"../etc", {"lowercase letters", "start with a lowercase letter"}},
        NameCase{"caf\xc3\xa9", {"lowercase letters"}},
        NameCase{"ab-", {"must not end with '-'"}},
        NameCase{"a-", {"between 3 and 40", "must not end with '-'"}},
        NameCase{"admin", {"reserved"}}, NameCase{"api", {"reserved"}},
        NameCase{"kube-system", {"reserved"}}, NameCase{"storefleet", {"reserved"}}));

TEST(StoreModel, NamespaceKeepsHyphensSoNamesNeverCollide) {
  EXPECT_EQ(namespace_for("my-shop"), "store-my-shop");
  EXPECT_EQ(namespace_for("myshop"), "store-myshop");
  EXPECT_NE(namespace_for("my-shop"), namespace_for("myshop"));
}

TEST(StoreModel, UrlFollowsTheStoreDomainSetting) {
  EXPECT_EQ(store_url("my-shop", "local"), "http://my-shop.local");
  EXPECT_EQ(store_url("my-shop", "203.0.113.7.nip.io"), "http://my-shop.203.0.113.7.nip.io");
  EXPECT_EQ(store_host("a1", "example.test"), "a1.example.test");
}

TEST(StoreModel, EnginesAndStatusesRoundTrip) {
  EXPECT_EQ(parse_engine("woocommerce"), Engine::woocommerce);
  EXPECT_EQ(parse_engine("medusa"), Engine::medusa);
  EXPECT_EQ(parse_engine("WooCommerce"), std::nullopt);
  EXPECT_EQ(parse_engine(""), std::nullopt);
  for (auto s : all_statuses()) EXPECT_EQ(parse_status(to_string(s)), s);
  EXPECT_EQ(all_statuses().size(), 10u);
  EXPECT_EQ(parse_status("Suspended"), StoreStatus::suspended);
  EXPECT_EQ(parse_status("Upgrading"), StoreStatus::upgrading);
  EXPECT_EQ(parse_status("Degraded"), StoreStatus::degraded);
  EXPECT_EQ(parse_status("ready"), std::nullopt);
}

}  // namespace
