#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>

#include "storefleet/core/config.hpp"
#include "storefleet/core/errors.hpp"
#include "temp_dir.hpp"

using namespace storefleet;

TEST(Config, HostPortParsing) {
  auto hp = parse_host_port("127.0.0.1:3001");
  EXPECT_EQ(hp.host, "127.0.0.1");
  EXPECT_EQ(hp.port, 3001);
  auto v6 = parse_host_port("[::1]:0");
  EXPECT_EQ(v6.host, "::1");
  EXPECT_EQ(v6.port, 0);
  for (const char* bad : {"", "3001", "host:", ":80", "host:70000", "host:80x", "[::1]80", "h:123456"})
    EXPECT_THROW(parse_host_port(bad), DomainError) << bad;
}

TEST(Config, FlagsWinAndEnvironmentFillsIn) {
  ::setenv("STOREFLEET_STORE_DOMAIN", "203.0.113.7.nip.io", 1);
  ::setenv("STOREFLEET_DB", "/tmp/from-env.db", 1);
  CLI::App app;
  CommonConfig cfg;
  add_common_options(app, cfg, "127.0.0.1:3001");
  const char* argv[] = {"prog", "--db", "/tmp/from-flag.db"};
  app.parse(3, const_cast<char**>(argv));
  EXPECT_EQ(cfg.db, "/tmp/from-flag.db");
  EXPECT_EQ(cfg.store_domain, "203.0.113.7.nip.io");
  EXPECT_EQ(cfg.listen, "127.0.0.1:3001");
  ::unsetenv("STOREFLEET_STORE_DOMAIN");
  ::unsetenv("STOREFLEET_DB");
}

TEST(Config, BadLogLevelIsRefused) {
  CLI::App app;
  CommonConfig cfg;
  add_common_options(app, cfg, "127.0.0.1:1");
  const char* argv[] = {"prog", "--log-level", "loud"};
  EXPECT_THROW(app.parse(3, const_cast<char**>(argv)), CLI::ValidationError);
}

TEST(Config, SecretFilesAreTrimmedAndEmptyOnesRefused) {
  test::TempDir dir;
  auto f = dir.file("token");
  std::ofstream(f) << "s3cret-value\n";
  EXPECT_EQ(read_secret_file(f.string()), "s3cret-value");
  std::ofstream(dir.file("empty")) << "\n";
  EXPECT_THROW(read_secret_file(dir.file("empty").string()), std::runtime_error);
  try {
    read_secret_file(dir.file("missing").string());
    FAIL();
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("missing"), std::string::npos);
  }
}
