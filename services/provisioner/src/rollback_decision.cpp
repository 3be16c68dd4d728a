#include "storefleet/provisioner/rollback_decision.hpp"

namespace storefleet::provisioner {

RollbackDecision decide_rollback(const RollbackFacts& f) {
  if (!f.enabled || !f.updating || f.failed_revision == 0) return {};
  if (f.spec_is_a_rollback) return {false, "the rollback itself failed"};
  if (!f.target_revision) return {false, "no earlier revision deployed to roll back to"};
  if (f.target_version == f.failing_version && f.target_suspended == f.failing_suspended) return {};
  const std::string target = "revision " + std::to_string(*f.target_revision) + " (version " + f.target_version +
                             (f.target_suspended ? ", suspended" : "") + ")";
  if (f.failed_revision_migrated && f.target_data_schema > 0 && f.failing_data_schema > f.target_data_schema)
    return {false, "not rolled back to " + target + ": the failed revision migrated the data to a newer format; "
                   "restore a backup taken before the upgrade"};
  return {true, "rolling back to " + target};
}

}  // namespace storefleet::provisioner
