// Flag values checked before anything is sent, and the completion script generated from the parser.
#include <gtest/gtest.h>

#include "storefleet/cli/completion.hpp"
#include "storefleet/cli/flag_values.hpp"

using namespace storefleet::cli;

TEST(FlagValues, StatusListAcceptsAnyCaseAndNamesTheValidOnes) {
  auto check = StatusListValidator();
  std::string ok = "ready,FAILED,Degraded";
  EXPECT_EQ(check(ok), "");
  std::string bad = "ready,sleeping";
  EXPECT_EQ(check(bad), "'sleeping' is not a status; use one or more of: " + status_names());
  EXPECT_NE(status_names().find("Queued, Provisioning, Installing, Upgrading, Ready, Suspended"), std::string::npos);
}

TEST(FlagValues, SinceIsADurationAgoOrAUtcTime) {
  const std::int64_t now = 1'800'000'000'000;
  EXPECT_EQ(since_to_ms("30s", now), now - 30'000);
  EXPECT_EQ(since_to_ms("10m", now), now - 600'000);
  EXPECT_EQ(since_to_ms("2h", now), now - 7'200'000);
  EXPECT_EQ(since_to_ms("1d", now), now - 86'400'000);
  EXPECT_EQ(since_to_ms("2026-12-03T10:00:00Z", now), 1796292000000);
  EXPECT_EQ(since_to_ms("2026-12-03", now), 1796256000000);
  auto check = SinceValidator();
  for (std::string bad : {"yesterday", "10", "m", "-5m", "10w", "2026-12-03T10:00"}) EXPECT_NE(check(bad), "") << bad;
  for (std::string good : {"0s", "90m", "2026-12-03T10:00:00.5Z"}) EXPECT_EQ(check(good), "") << good;
}

TEST(FlagValues, IdempotencyKeysArePrintableAscii) {
  auto check = IdempotencyKeyValidator();
  std::string ok = "key-1", spaced = "a b", empty, long_key(201, 'k');
  EXPECT_EQ(check(ok), "");
  EXPECT_NE(check(spaced), "");
  EXPECT_NE(check(empty), "");
  EXPECT_NE(check(long_key), "");
}

TEST(Completion, ListsEveryCommandAndItsOwnFlagsPlusTheGlobalOnes) {
  CLI::App app{"test", "storefleet"};
  std::string server, status;
  app.add_option("--server", server);
  auto* list = app.add_subcommand("list", "");
  list->add_option("--status", status);
  auto* tokens = app.add_subcommand("tokens", "");
  tokens->add_subcommand("revoke", "")->add_flag("--force");
  const auto script = completion_script(app, "bash");
  EXPECT_NE(script.find("complete -F _storefleet_complete storefleet"), std::string::npos);
  EXPECT_NE(script.find("list) words=\" --status --help -h --server"), std::string::npos) << script;
  EXPECT_NE(script.find("\"tokens revoke\") words=\"--force --help -h --server"), std::string::npos) << script;
  EXPECT_NE(script.find("*) words=\"list tokens --help -h --server"), std::string::npos) << script;
  EXPECT_NE(completion_script(app, "zsh").find("bashcompinit"), std::string::npos);
  EXPECT_THROW(completion_script(app, "fish"), std::invalid_argument);
}
