// The versions catalogue: its soundness rules, its JSON round trip, and which moves between versions it allows.
#include <gtest/gtest.h>

#include "storefleet/core/catalog.hpp"

namespace storefleet {
namespace {

Catalog sample() {
  Catalog c;
  c.engines.push_back({Engine::woocommerce, "3.0",
                       {{"3.0", "w3.yaml", "three", 2, false},
                        {"2.5", "w25.yaml", "", 1, false},
                        {"2.0", "w2.yaml", "", 1, true}}});
  return c;
}

TEST(Catalog, ASoundCatalogueHasNoProblemsAndEachRuleIsChecked) {
  EXPECT_TRUE(sample().problems().empty());
  auto no_default = sample();
  no_default.engines[0].default_version = "9.9";
  auto deprecated_default = sample();
  deprecated_default.engines[0].default_version = "2.0";
  auto twice = sample();
  twice.engines[0].versions.push_back({"3.0", "x.yaml", "", 2, false});
  auto path = sample();
  path.engines[0].versions[0].values_file = "../secrets.yaml";
  auto engine_twice = sample();
  engine_twice.engines.push_back(engine_twice.engines[0]);
  for (const auto* c : {&no_default, &deprecated_default, &twice, &path, &engine_twice})
    EXPECT_EQ(c->problems().size(), 1u);
}

TEST(Catalog, RoundTripsThroughJsonAndThePublicFormHasNoValuesFiles) {
  const auto text = catalog_to_json(sample());
  const auto back = catalog_from_json(text);
  ASSERT_EQ(back.engines.size(), 1u);
  EXPECT_EQ(back.engines[0].default_version, "3.0");
  ASSERT_EQ(back.engines[0].versions.size(), 3u);
  EXPECT_EQ(back.engines[0].versions[1].values_file, "w25.yaml");
  EXPECT_EQ(back.engines[0].versions[0].data_schema, 2);
  EXPECT_TRUE(back.engines[0].versions[2].deprecated);
  EXPECT_EQ(catalog_to_json(sample(), false).find("yaml"), std::string::npos);
  EXPECT_THROW(catalog_from_json("[]"), std::invalid_argument);
  EXPECT_THROW(catalog_from_json(R"({"engines":{"magento":{"default":"1","versions":[]}}})"), std::invalid_argument);
}

TEST(Catalog, NewStoresTakeListedVersionsThatAreNotDeprecated) {
  const auto c = sample();
  EXPECT_FALSE(refuse_new_store_version(c, Engine::woocommerce, ""));
  EXPECT_FALSE(refuse_new_store_version(c, Engine::woocommerce, "2.5"));
  const auto deprecated = refuse_new_store_version(c, Engine::woocommerce, "2.0");
  ASSERT_TRUE(deprecated);
  EXPECT_NE(deprecated->find("deprecated"), std::string::npos);
  EXPECT_NE(deprecated->find("3.0, 2.5"), std::string::npos) << "names what may be chosen";
  EXPECT_TRUE(refuse_new_store_version(c, Engine::woocommerce, "4.0"));
  EXPECT_TRUE(refuse_new_store_version(c, Engine::medusa, "3.0")) << "no medusa versions listed";
}

TEST(Catalog, MovesGoUpFreelyAndDownOnlyWithinADataFormat) {
  const auto c = sample();
  EXPECT_FALSE(refuse_version_change(c, Engine::woocommerce, "2.5", "3.0"));
  EXPECT_FALSE(refuse_version_change(c, Engine::woocommerce, "2.0", "2.5")) << "away from a deprecated version";
  EXPECT_FALSE(refuse_version_change(c, Engine::woocommerce, "3.0", "3.0"));
  const auto down = refuse_version_change(c, Engine::woocommerce, "3.0", "2.5");
  ASSERT_TRUE(down);
  EXPECT_NE(down->find("data format"), std::string::npos);
  EXPECT_TRUE(refuse_version_change(c, Engine::woocommerce, "2.5", "2.0")) << "to a deprecated one";
  EXPECT_FALSE(refuse_version_change(c, Engine::woocommerce, "0.9", "2.5")) << "from one no longer listed";
  auto same_format = sample();
  same_format.engines[0].versions[1].data_schema = 2;
  EXPECT_FALSE(refuse_version_change(same_format, Engine::woocommerce, "3.0", "2.5"));
}

}  // namespace
}  // namespace storefleet
