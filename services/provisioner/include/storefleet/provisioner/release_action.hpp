#pragma once
// What to do with a store's helm release before (re)installing it, from the release records Helm keeps in
// Secrets (`sh.helm.release.v1.<name>.v<rev>`, label `status`). A release left pending by a crashed helm
// blocks every later operation ("another operation is in progress"); like Flux's helm-controller, we
// remediate: a pending install is uninstalled and installed again, a pending upgrade/rollback is rolled back
// to the last deployed revision.
#include <string>
#include <vector>

namespace storefleet::provisioner {

struct ReleaseRecord {
  int version = 0;
  std::string status;  // pending-install, pending-upgrade, pending-rollback, deployed, superseded, failed, ...
};

enum class ReleaseAction {
  install,                 // no release: helm upgrade --install
  upgrade,                 // a failed release with an earlier deployed revision: upgrade again
  already_deployed,        // newest revision deployed: nothing to run (a retry after the install succeeded)
  uninstall_then_install,  // pending/failed first install or half-uninstalled release: start over
  rollback_then_upgrade,   // pending upgrade/rollback: roll back to the last deployed revision, then upgrade
};
std::string_view to_string(ReleaseAction a) noexcept;

struct ReleasePlan {
  ReleaseAction action = ReleaseAction::install;
  int rollback_to = 0;   // for rollback_then_upgrade (0 = previous)
  std::string why;
};

ReleasePlan plan_release(std::vector<ReleaseRecord> history);

// The revision helm gives the release when `action` (install, upgrade, uninstall_then_install,
// rollback_then_upgrade: the upgrade after the rollback) succeeds over `history`: helm numbers each new revision
// one past the newest it keeps, and an uninstall without --keep-history keeps none. 0 for already_deployed.
int revision_after(const std::vector<ReleaseRecord>& history, ReleaseAction action);

// Pending states mean another helm run is (or was) working on the release.
bool is_pending(const std::string& status);

}  // namespace storefleet::provisioner
