#include "storefleet/provisioner/helm_command.hpp"

#include <sys/stat.h>
#include <yaml-cpp/yaml.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "temp_dir.hpp"

using namespace storefleet;
using namespace storefleet::provisioner;

namespace {
HelmSettings settings() {
  HelmSettings s;
  s.helm = "/opt/helm";
  s.kubeconfig = "/tmp/kc";
  s.kube_context = "sim";
  s.timeout = std::chrono::seconds(600);
  return s;
}
}  // namespace

TEST(HelmCommand, UpgradeInstallArgv) {
  const auto argv = helm_upgrade_install_argv(settings(), "my-shop", "charts/store", {"values-local.yaml", "/tmp/v.yaml"});
  const std::vector<std::string> want{"/opt/helm", "upgrade", "my-shop", "charts/store", "--install",
                                      "--namespace", "store-my-shop", "--kubeconfig", "/tmp/kc", "--kube-context",
                                      "sim", "--values", "values-local.yaml", "--values", "/tmp/v.yaml",
                                      "--timeout", "10m0s", "--history-max", "5"};
  EXPECT_EQ(argv, want);
}

TEST(HelmCommand, OtherCommands) {
  HelmSettings s;  // no kubeconfig/context: not passed at all (in-cluster)
  s.timeout = std::chrono::seconds(90);
  EXPECT_EQ(helm_uninstall_argv(s, "shop"),
            (std::vector<std::string>{"helm", "uninstall", "shop", "--namespace", "store-shop", "--timeout", "1m30s"}));
  EXPECT_EQ(helm_rollback_argv(s, "shop", 2), (std::vector<std::string>{"helm", "rollback", "shop", "2", "--namespace",
                                                                        "store-shop", "--timeout", "1m30s"}));
}

TEST(HelmCommand, HostileNamesAreRefused) {
  for (const std::string name : {"--kubeconfig=/etc/passwd", "a; rm -rf /", "shop --set x=1", "$(id)", "Shop",
                                 "x", "", "shop\n--debug", "../etc"}) {
    EXPECT_THROW(helm_upgrade_install_argv(settings(), name, "charts/store", {}), std::invalid_argument) << name;
    EXPECT_THROW(helm_uninstall_argv(settings(), name), std::invalid_argument) << name;
    EXPECT_THROW(store_values_yaml(name, Engine::medusa, "local"), std::invalid_argument) << name;
  }
}

TEST(HelmCommand, ChartPathCannotBecomeAFlag) {
  const auto argv = helm_upgrade_install_argv(settings(), "shop", "--post-renderer=/bin/sh", {});
  EXPECT_EQ(argv[3], "./--post-renderer=/bin/sh");
}

TEST(HelmCommand, ValuesYamlHasOnlyTheContractKeys) {
  const auto text = store_values_yaml("my-shop", Engine::medusa, "203.0.113.7.nip.io");
  const auto y = YAML::Load(text);
  EXPECT_EQ(y.size(), 4u);
  EXPECT_EQ(y["engine"].as<std::string>(), "medusa");
  EXPECT_FALSE(y["suspended"].as<bool>());
  EXPECT_TRUE(YAML::Load(store_values_yaml("my-shop", Engine::medusa, "local", true))["suspended"].as<bool>());
  EXPECT_EQ(y["existingSecret"].as<std::string>(), "my-shop-credentials");
  EXPECT_EQ(y["ingress"]["host"].as<std::string>(), "my-shop.203.0.113.7.nip.io");
  EXPECT_EQ(text.find("password"), std::string::npos);
}

TEST(HelmCommand, ValuesFileIsPrivateAndRemoved) {
  std::string path;
  {
    ValuesFile f("engine: woocommerce\n");
    path = f.path();
    struct stat st {};
    ASSERT_EQ(::stat(path.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);
    std::ifstream in(path);
    std::string content((std::istreambuf_iterator<char>(in)), {});
    EXPECT_EQ(content, "engine: woocommerce\n");
    EXPECT_TRUE(path.ends_with(".yaml"));
  }
  EXPECT_FALSE(std::filesystem::exists(path));
}

TEST(HelmCommand, StaleValuesFilesOfAKilledProvisionerAreRemovedLiveOnesKept) {
  storefleet::test::TempDir dir;
  namespace fs = std::filesystem;
  auto touch = [&](const std::string& name, std::chrono::minutes age) {
    std::ofstream(dir.file(name)) << "engine: medusa\n";
    fs::last_write_time(dir.file(name), fs::file_time_type::clock::now() - age);
  };
  touch("storefleet-values-aaaaaa.yaml", std::chrono::minutes(90));  // left by a kill -9
  touch("storefleet-values-bbbbbb.yaml", std::chrono::minutes(1));   // a helm command running now
  touch("other-values-cccccc.yaml", std::chrono::minutes(90));       // not ours by name
  touch("storefleet-values-dddddd.txt", std::chrono::minutes(90));
  EXPECT_EQ(remove_stale_values_files(dir.path(), std::chrono::minutes(10)), 1);
  EXPECT_FALSE(fs::exists(dir.file("storefleet-values-aaaaaa.yaml")));
  for (const char* kept : {"storefleet-values-bbbbbb.yaml", "other-values-cccccc.yaml", "storefleet-values-dddddd.txt"})
    EXPECT_TRUE(fs::exists(dir.file(kept))) << kept;
  EXPECT_EQ(remove_stale_values_files(dir.path() / "missing", std::chrono::minutes(10)), 0);
}

TEST(HelmCommand, Durations) {
  EXPECT_EQ(helm_duration(std::chrono::seconds(0)), "0m0s");
  EXPECT_EQ(helm_duration(std::chrono::seconds(61)), "1m1s");
}
