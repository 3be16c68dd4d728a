#pragma once
// Whether a change that failed for good is rolled back automatically (Flux helm-controller's upgrade remediation),
// as a pure, table-tested function. A change is rolled back to the newest earlier revision that deployed, unless
// that would put older code on data the new revision already migrated (its setup Job completed and the target's
// data format is older): then the store stays Failed and a backup has to be restored.
#include <optional>
#include <string>

namespace storefleet::provisioner {

struct RollbackFacts {
  bool enabled = true;              // --auto-rollback
  bool updating = false;            // the job changed an installed store (not a first install)
  bool spec_is_a_rollback = false;  // the failing spec came from a rollback itself: never roll a rollback back
  int failed_revision = 0;          // the revision this attempt deployed (0: helm deployed nothing)
  // The newest earlier revision that deployed: its number, version and suspended flag.
  std::optional<int> target_revision;
  std::string target_version;
  bool target_suspended = false;
  std::string failing_version;
  bool failing_suspended = false;
  int failing_data_schema = 0;  // from the catalogue (0: unknown)
  int target_data_schema = 0;
  bool failed_revision_migrated = false;  // a setup/migrate Job of the failed revision completed
};

struct RollbackDecision {
  bool roll_back = false;
  std::string note;  // what happens (rolling back to …) or why not, appended to the failure's reason
  friend bool operator==(const RollbackDecision&, const RollbackDecision&) = default;
};

RollbackDecision decide_rollback(const RollbackFacts& f);

}  // namespace storefleet::provisioner
