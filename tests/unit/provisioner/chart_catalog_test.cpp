// The store chart's own versions catalogue loads and is sound (every values file present, defaults listed), and a
// broken one is refused with its problems named.
#include <gtest/gtest.h>

#include <fstream>

#include "storefleet/provisioner/chart_catalog.hpp"
#include "temp_dir.hpp"

using namespace storefleet;
using namespace storefleet::provisioner;

namespace {

void write(const std::filesystem::path& p, const std::string& text) {
  std::filesystem::create_directories(p.parent_path());
  std::ofstream(p) << text;
}

TEST(ChartCatalog, TheChartsCatalogueLoadsWithADefaultPerEngine) {
  const std::filesystem::path chart = STOREFLEET_SOURCE_DIR "/charts/store";
  const auto c = load_chart_catalog(chart);
  for (auto e : {Engine::woocommerce, Engine::medusa}) {
    ASSERT_TRUE(c.engine(e)) << to_string(e);
    const auto v = version_values(c, chart, e, "");
    EXPECT_EQ(v.version, c.engine(e)->default_version);
    EXPECT_TRUE(std::filesystem::is_regular_file(v.values_file)) << v.values_file;
  }
  EXPECT_THROW(version_values(c, chart, Engine::woocommerce, "0.0.1"), std::runtime_error);
}

TEST(ChartCatalog, AMissingValuesFileOrDefaultIsRefusedNamingIt) {
  test::TempDir dir;
  const auto chart = dir.path() / "chart";
  write(chart / "versions" / "catalog.yaml", R"(engines:
  woocommerce:
    default: "2.0"
    versions:
      - {version: "1.0", values: w-1.0.yaml}
)");
  try {
    load_chart_catalog(chart);
    FAIL() << "accepted";
  } catch (const std::runtime_error& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("w-1.0.yaml is missing"), std::string::npos) << what;
    EXPECT_NE(what.find("default '2.0'"), std::string::npos) << what;
  }
  write(chart / "versions" / "catalog.yaml", "engines: [oops");
  EXPECT_THROW(load_chart_catalog(chart), std::runtime_error);
}

}  // namespace
