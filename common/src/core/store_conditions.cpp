#include "storefleet/core/store_conditions.hpp"

namespace storefleet {

namespace {
std::string truth(bool b) { return b ? "True" : "False"; }
}  // namespace

std::vector<StoreCondition> store_conditions(const Store& s) {
  using S = StoreStatus;
  const std::string status(to_string(s.status));
  const auto& why = s.status_reason;
  const auto g = s.observed_generation;
  const bool working = s.status == S::queued || s.status == S::provisioning || s.status == S::installing ||
                       s.status == S::upgrading || s.status == S::deleting;
  std::vector<StoreCondition> out;
  out.push_back({"Ready", truth(s.status == S::ready), status, why, g});

  // Released: the helm release is deployed (known from Installing on, until a delete starts).
  if (s.status == S::installing || s.status == S::ready || s.status == S::degraded || s.status == S::suspended)
    out.push_back({"Released", "True", "InstallSucceeded", "helm release deployed", g});
  else if (s.status == S::deleting || s.status == S::deleted)
    out.push_back({"Released", "False", s.status == S::deleted ? "Uninstalled" : "Uninstalling", why, g});
  else
    out.push_back({"Released", "Unknown", s.status == S::failed ? "Failed" : "Progressing", why, g});

  // Reconciling: a request is being worked on (observed_generation catches up with generation when it settles).
  if (working)
    out.push_back({"Reconciling", "True", "Progressing", why, g});
  else
    out.push_back({"Reconciling", "False", "Settled", why, g});

  // Suspended: scaled to 0 on request (data kept); a PATCH with suspended=false resumes it.
  out.push_back({"Suspended", truth(s.status == S::suspended), s.status == S::suspended ? "Suspended" : status,
                 s.status == S::suspended ? why : "", g});
  out.push_back({"Degraded", truth(s.status == S::degraded), s.status == S::degraded ? "Degraded" : status,
                 s.status == S::degraded ? why : "", g});
  // Stalled: waiting will not help; it takes a request (retry or delete).
  out.push_back({"Stalled", truth(s.status == S::failed), s.status == S::failed ? "Failed" : status,
                 s.status == S::failed ? why : "", g});
  return out;
}

}  // namespace storefleet
