#include <gtest/gtest.h>

#include "storefleet/core/log.hpp"

using namespace storefleet;

TEST(Log, OneLineWithComponentMessageAndFields) {
  auto line = log::format_line("api", "store created", {{"store", "my-shop"}, {"status", "202"}});
  EXPECT_EQ(line, "api: \"store created\" store=my-shop status=202");
}

TEST(Log, SecretFieldsAreRedacted) {
  auto line = log::format_line("prov", "secret made",
                               {{"admin_password", "hunter2"}, {"Authorization", "Bearer abc"}, {"api-token", "t0k"},
                                {"store", "s1"}});
  EXPECT_EQ(line.find("hunter2"), std::string::npos);
  EXPECT_EQ(line.find("abc"), std::string::npos);
  EXPECT_EQ(line.find("t0k"), std::string::npos);
  EXPECT_NE(line.find("admin_password=[redacted]"), std::string::npos);
  EXPECT_NE(line.find("store=s1"), std::string::npos);
}

TEST(Log, ValuesCannotBreakTheLine) {
  auto line = log::format_line("api", "bad path", {{"path", "/x\ninjected=1 \"q\""}});
  EXPECT_EQ(line.find('\n'), std::string::npos);
  EXPECT_NE(line.find("path=\"/x\\x0ainjected=1 \\\"q\\\"\""), std::string::npos) << line;
}

TEST(Log, SecretKeyDetection) {
  EXPECT_TRUE(log::is_secret_key("password"));
  EXPECT_TRUE(log::is_secret_key("X-Internal-Token"));
  EXPECT_TRUE(log::is_secret_key("Cookie"));
  EXPECT_FALSE(log::is_secret_key("store"));
  EXPECT_FALSE(log::is_secret_key("status"));
}

TEST(Log, LevelsAreValidated) {
  EXPECT_TRUE(log::set_level("debug"));
  EXPECT_TRUE(log::set_level("error"));
  EXPECT_FALSE(log::set_level("verbose"));
  log::init("info");
}
