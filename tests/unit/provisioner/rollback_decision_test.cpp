// When a failed change is rolled back by itself, and the revision numbers helm gives each action.
#include <gtest/gtest.h>

#include "storefleet/provisioner/release_action.hpp"
#include "storefleet/provisioner/rollback_decision.hpp"

using namespace storefleet::provisioner;

namespace {

RollbackFacts failed_upgrade() {
  RollbackFacts f;
  f.updating = true;
  f.failed_revision = 5;
  f.target_revision = 4;
  f.target_version = "9.8.5";
  f.failing_version = "9.8.6";
  f.failing_data_schema = 2;
  f.target_data_schema = 2;
  return f;
}

TEST(RollbackDecision, Table) {
  struct Case {
    const char* name;
    RollbackFacts facts;
    bool roll_back;
    std::string note;
  };
  auto disabled = failed_upgrade();
  disabled.enabled = false;
  auto first_install = failed_upgrade();
  first_install.updating = false;
  auto nothing_deployed = failed_upgrade();
  nothing_deployed.failed_revision = 0;
  auto rollback_failed = failed_upgrade();
  rollback_failed.spec_is_a_rollback = true;
  auto no_target = failed_upgrade();
  no_target.target_revision.reset();
  auto same_spec = failed_upgrade();
  same_spec.target_version = "9.8.6";
  auto migrated_down = failed_upgrade();
  migrated_down.failing_data_schema = 3;
  migrated_down.failed_revision_migrated = true;
  auto not_migrated_down = migrated_down;
  not_migrated_down.failed_revision_migrated = false;
  auto failed_suspend = failed_upgrade();
  failed_suspend.failing_version = "9.8.5";
  failed_suspend.failing_suspended = true;

  for (const auto& c : std::vector<Case>{
           {"upgrade failed: back to the last good revision", failed_upgrade(), true,
            "rolling back to revision 4 (version 9.8.5)"},
           {"--auto-rollback=false", disabled, false, ""},
           {"a first install is not rolled back", first_install, false, ""},
           {"helm deployed nothing", nothing_deployed, false, ""},
           {"a failed rollback is not rolled back", rollback_failed, false, "the rollback itself failed"},
           {"no earlier revision", no_target, false, "no earlier revision deployed to roll back to"},
           {"the same spec", same_spec, false, ""},
           {"migrated to a newer data format", migrated_down, false,
            "not rolled back to revision 4 (version 9.8.5): the failed revision migrated the data to a newer "
            "format; restore a backup taken before the upgrade"},
           {"a newer format that was never migrated to", not_migrated_down, true,
            "rolling back to revision 4 (version 9.8.5)"},
           {"a failed suspend goes back to running", failed_suspend, true, "rolling back to revision 4 (version 9.8.5)"},
       }) {
    EXPECT_EQ(decide_rollback(c.facts), (RollbackDecision{c.roll_back, c.note})) << c.name;
  }
}

TEST(ReleaseRevisions, EachActionGetsTheRevisionHelmGivesIt) {
  const std::vector<ReleaseRecord> none;
  const std::vector<ReleaseRecord> three{{1, "superseded"}, {2, "superseded"}, {3, "deployed"}};
  const std::vector<ReleaseRecord> pending{{1, "deployed"}, {2, "pending-upgrade"}};
  EXPECT_EQ(revision_after(none, ReleaseAction::install), 1);
  EXPECT_EQ(revision_after(three, ReleaseAction::upgrade), 4);
  EXPECT_EQ(revision_after(pending, ReleaseAction::rollback_then_upgrade), 4) << "the rollback is 3, the upgrade 4";
  EXPECT_EQ(revision_after(pending, ReleaseAction::uninstall_then_install), 1);
  EXPECT_EQ(revision_after(three, ReleaseAction::already_deployed), 0);
  EXPECT_EQ(revision_after({{1, "uninstalled"}}, ReleaseAction::upgrade), 1);
}

}  // namespace
