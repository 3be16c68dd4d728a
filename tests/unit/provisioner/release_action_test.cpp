#include "storefleet/provisioner/release_action.hpp"

#include <gtest/gtest.h>

using namespace storefleet::provisioner;

TEST(ReleaseAction, Table) {
  struct Case {
    const char* name;
    std::vector<ReleaseRecord> history;
    ReleaseAction want;
    int rollback_to;
  };
  const std::vector<Case> cases = {
      {"no release", {}, ReleaseAction::install, 0},
      {"uninstalled history only", {{1, "uninstalled"}}, ReleaseAction::install, 0},
      {"deployed", {{1, "deployed"}}, ReleaseAction::already_deployed, 0},
      {"deployed after superseded", {{2, "deployed"}, {1, "superseded"}}, ReleaseAction::already_deployed, 0},
      {"crashed first install", {{1, "pending-install"}}, ReleaseAction::uninstall_then_install, 0},
      {"failed first install", {{1, "failed"}}, ReleaseAction::uninstall_then_install, 0},
      {"crashed upgrade", {{1, "superseded"}, {2, "deployed"}, {3, "pending-upgrade"}},
       ReleaseAction::rollback_then_upgrade, 2},
      {"crashed rollback", {{1, "deployed"}, {2, "pending-rollback"}}, ReleaseAction::rollback_then_upgrade, 1},
      {"failed upgrade", {{1, "superseded"}, {2, "failed"}}, ReleaseAction::upgrade, 0},
      {"half uninstalled", {{1, "uninstalling"}}, ReleaseAction::uninstall_then_install, 0},
      {"unsorted input", {{3, "pending-upgrade"}, {1, "deployed"}}, ReleaseAction::rollback_then_upgrade, 1},
  };
  for (const auto& c : cases) {
    const auto plan = plan_release(c.history);
    EXPECT_EQ(plan.action, c.want) << c.name << " → " << to_string(plan.action);
    EXPECT_EQ(plan.rollback_to, c.rollback_to) << c.name;
    EXPECT_FALSE(plan.why.empty()) << c.name;
  }
}

TEST(ReleaseAction, PendingStates) {
  EXPECT_TRUE(is_pending("pending-install"));
  EXPECT_TRUE(is_pending("pending-upgrade"));
  EXPECT_FALSE(is_pending("deployed"));
}
