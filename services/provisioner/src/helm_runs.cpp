#include "storefleet/provisioner/helm_runs.hpp"

#include <chrono>
#include <filesystem>

#include "storefleet/core/log.hpp"
#include "storefleet/core/util.hpp"
#include "storefleet/db/revisions.hpp"
#include "storefleet/db/stores.hpp"
#include "storefleet/provisioner/chart_catalog.hpp"
#include "storefleet/provisioner/process_runner.hpp"
#include "storefleet/provisioner/release_action.hpp"

namespace storefleet::provisioner {
namespace {
// The last few non-empty lines of helm's output: that is where helm puts "Error: ...".
std::string tail_lines(const std::string& out, std::size_t max_chars = 600) {
  std::string s = out;
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  if (s.size() > max_chars) s = "…" + s.substr(s.size() - max_chars);
  for (auto& ch : s)
    if (ch == '\n') ch = ' ';
  return s;
}
}  // namespace

void run_helm(Services& s, const std::string& command, const std::vector<std::string>& argv, const CancelToken& cancel,
              bool tolerate_not_found) {
  if (cancel.cancelled()) throw HelmError("helm " + command + " not started: lease lost or job superseded");
  const auto start = std::chrono::steady_clock::now();
  // helm gets its own --timeout; ours is a backstop a little later.
  const auto limit = std::chrono::duration_cast<std::chrono::milliseconds>(s.settings.helm.timeout) + std::chrono::seconds(30);
  const auto r = run_process(argv, limit, [&] { return !cancel.cancelled(); });
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  s.metrics.helm_finished(command, secs);
  log::info("helm", "finished", {{"command", command}, {"exit", std::to_string(r.exit_code)},
                                 {"seconds", std::to_string(secs)}});
  if (r.ok()) return;
  if (tolerate_not_found && r.output.find("not found") != std::string::npos) return;
  if (r.aborted) throw HelmError("helm " + command + " stopped: lease lost or job superseded");
  if (r.timed_out) throw HelmError("helm " + command + " timed out");
  if (!r.error.empty()) throw HelmError("helm " + command + ": " + r.error);
  throw HelmError("helm " + command + " failed (exit " + std::to_string(r.exit_code) + "): " + tail_lines(r.output));
}

namespace {

// What kind of helm action a spec change is, from who asked for it ("… (rollback to r2)", "provisioner
// (auto-rollback to r2)").
std::string action_of(const Store& store, ReleaseAction action) {
  if (action == ReleaseAction::install || action == ReleaseAction::uninstall_then_install) return "install";
  return store.spec_by.find("rollback") != std::string::npos ? "rollback" : "upgrade";
}

}  // namespace

int install_release(Services& s, StoreEvents& events, const Store& store, const CancelToken& cancel) {
  StoreResources res(s.kube);
  // The version to run: a store created without one gets the catalogue's default, recorded on its row.
  const auto version = version_values(s.settings.catalog, s.settings.chart_dir, store.engine, store.version);
  if (store.version.empty() && !version.version.empty())
    s.db.write([&](db::Conn& c) { db::StoreRepo::resolve_default_version(c, store.id, version.version); });
  const auto spec = deployed_spec_of(version.version, store.suspended);
  const auto history = res.release_history(store.name);
  auto plan = plan_release(history);
  const auto& hs = s.settings.helm;
  if (plan.action == ReleaseAction::already_deployed) {
    // Deployed with this spec; or a first install whose helm finished before a crash could record it (its spec
    // cannot have changed: a change to a store makes it an update, whose spec is always recorded).
    const bool first_install = store.status == StoreStatus::queued || store.status == StoreStatus::provisioning ||
                               store.status == StoreStatus::installing || store.status == StoreStatus::failed;
    if (store.deployed_spec == spec || (store.deployed_spec.empty() && first_install)) {
      if (store.deployed_spec.empty())
        s.db.write([&](db::Conn& c) { db::StoreRepo::set_deployed_spec(c, store.id, spec); });
      events.step(store, "helm", "done", "release already deployed (" + plan.why + ")");
      return 0;
    }
    plan = {ReleaseAction::upgrade, 0, "deployed " + (store.deployed_spec.empty() ? "before versions" : store.deployed_spec) +
                                           ", wanted " + spec};
  }
  events.step(store, "helm", "started", std::string(to_string(plan.action)) + ": " + plan.why);
  try {
    if (plan.action == ReleaseAction::uninstall_then_install)
      run_helm(s, "uninstall", helm_uninstall_argv(hs, store.name), cancel, true);
    if (plan.action == ReleaseAction::rollback_then_upgrade)
      run_helm(s, "rollback", helm_rollback_argv(hs, store.name, plan.rollback_to), cancel);
    std::vector<std::string> values;
    const auto env_values =
        std::filesystem::path(s.settings.chart_dir) / ("values-" + s.settings.values_env + ".yaml");
    if (std::filesystem::exists(env_values)) values.push_back(env_values.string());
    if (!version.values_file.empty()) values.push_back(version.values_file.string());
    ValuesFile store_values(store_values_yaml(store.name, store.engine, s.settings.store_domain, store.suspended));
    values.push_back(store_values.path());
    run_helm(s, "upgrade", helm_upgrade_install_argv(hs, store.name, s.settings.chart_dir, values), cancel);
  } catch (const HelmError& e) {
    events.step(store, "helm", "failed", e.what());
    throw;
  }
  const int revision = revision_after(history, plan.action);
  s.db.write([&](db::Conn& c) {
    db::StoreRepo::set_deployed_spec(c, store.id, spec);
    db::RevisionRepo::record(c, {store.id, revision, version.version, store.suspended, action_of(store, plan.action),
                                 "deployed", store.spec_by, "", now_ms()});
  });
  events.step(store, "helm", "done", "release deployed (revision " + std::to_string(revision) + ": " + spec + ")");
  return revision;
}

void uninstall_release(Services& s, StoreEvents& events, const Store& store, const CancelToken& cancel) {
  if (StoreResources(s.kube).release_history(store.name).empty()) return;
  events.step(store, "uninstall", "started", "helm uninstall " + store.name);
  try {
    run_helm(s, "uninstall", helm_uninstall_argv(s.settings.helm, store.name), cancel, true);
  } catch (const HelmError& e) {
    events.step(store, "uninstall", "failed", e.what());
    throw;
  }
  events.step(store, "uninstall", "done", "release removed");
}

}  // namespace storefleet::provisioner
