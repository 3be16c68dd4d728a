#include "storefleet/provisioner/release_action.hpp"

#include <algorithm>

namespace storefleet::provisioner {

std::string_view to_string(ReleaseAction a) noexcept {
  switch (a) {
    case ReleaseAction::install: return "install";
    case ReleaseAction::upgrade: return "upgrade";
    case ReleaseAction::already_deployed: return "already-deployed";
    case ReleaseAction::uninstall_then_install: return "uninstall-then-install";
    case ReleaseAction::rollback_then_upgrade: return "rollback-then-upgrade";
  }
  return "?";
}

int revision_after(const std::vector<ReleaseRecord>& history, ReleaseAction action) {
  int newest = 0;
  for (const auto& r : history)
    if (r.status != "uninstalled") newest = std::max(newest, r.version);
  switch (action) {
    case ReleaseAction::install:
    case ReleaseAction::uninstall_then_install: return 1;
    case ReleaseAction::upgrade: return newest + 1;
    case ReleaseAction::rollback_then_upgrade: return newest + 2;
    case ReleaseAction::already_deployed: return 0;
  }
  return 0;
}

bool is_pending(const std::string& status) { return status.rfind("pending-", 0) == 0; }

ReleasePlan plan_release(std::vector<ReleaseRecord> history) {
  std::sort(history.begin(), history.end(), [](const auto& a, const auto& b) { return a.version < b.version; });
  // Revisions left by an uninstall that completed do not count (helm keeps none unless --keep-history).
  std::erase_if(history, [](const ReleaseRecord& r) { return r.status == "uninstalled"; });
  if (history.empty()) return {ReleaseAction::install, 0, "no release"};

  const ReleaseRecord& newest = history.back();
  int last_deployed = 0;
  for (const auto& r : history)
    if (r.version != newest.version && (r.status == "deployed" || r.status == "superseded")) last_deployed = r.version;

  if (newest.status == "deployed") return {ReleaseAction::already_deployed, 0, "revision " + std::to_string(newest.version) + " deployed"};
  if (newest.status == "uninstalling")
    return {ReleaseAction::uninstall_then_install, 0, "release was being uninstalled"};
  if (is_pending(newest.status) || newest.status == "failed") {
    if (last_deployed > 0) {
      if (newest.status == "failed") return {ReleaseAction::upgrade, 0, "revision " + std::to_string(newest.version) + " failed"};
      return {ReleaseAction::rollback_then_upgrade, last_deployed,
              "revision " + std::to_string(newest.version) + " left " + newest.status};
    }
    return {ReleaseAction::uninstall_then_install, 0,
            "first install left " + newest.status + " (revision " + std::to_string(newest.version) + ")"};
  }
  // superseded as newest or an unknown status: make it converge with an upgrade.
  return {ReleaseAction::upgrade, 0, "newest revision is " + newest.status};
}

}  // namespace storefleet::provisioner
