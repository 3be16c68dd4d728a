#!/usr/bin/env bash
# k8s/: renders with kustomize, passes yamllint and the official Kubernetes schemas, keeps RBAC least-privilege
# (no wildcards, every rule documented), hardens every container, and applies to the simulated cluster.
set -euo pipefail
root=${STOREFLEET_ROOT:?}
build=${STOREFLEET_BUILD:?}
work=$(mktemp -d)
sim_pid=""
cleanup() {
  if [ -n "$sim_pid" ]; then kill "$sim_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; exit 1; }
passed=0

kubectl kustomize "$root/k8s" >"$work/all.yaml"
yamllint -c "$root/.yamllint" "$root/k8s"
node "$root/tests/chart/validate-k8s.mjs" "$work/all.yaml"
passed=$((passed + 1))

# RBAC: no wildcards; each rule is preceded by a comment saying who needs it and why.
grep -nE '"\*"|\[\*\]|- \*' "$root/k8s/rbac.yaml" && fail "wildcard in RBAC"
awk '/^  - apiGroups:/ { if (prev !~ /^ *#/) { print "undocumented rule at line " NR; bad = 1 } } { prev = $0 } END { exit bad }' \
  "$root/k8s/rbac.yaml" || fail "every ClusterRole rule needs a comment"
for forbidden in clusterroles clusterrolebindings roles rolebindings nodes customresourcedefinitions; do
  grep -q "\"$forbidden\"" "$root/k8s/rbac.yaml" && fail "ClusterRole grants $forbidden"
done
passed=$((passed + 1))

# Every container: no privilege escalation, read-only root, all capabilities dropped, probes, resources.
node --input-type=module -e '
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
const require = createRequire(process.argv[1] + "/");
const YAML = require("yaml");
const docs = YAML.parseAllDocuments(readFileSync(process.argv[2], "utf8")).map((d) => d.toJSON());
const dep = docs.find((d) => d.kind === "Deployment");
const problems = [];
if (dep.spec.replicas !== 1 || dep.spec.strategy.type !== "Recreate") problems.push("SQLite needs replicas 1 + Recreate");
if (!dep.spec.template.spec.securityContext.runAsNonRoot) problems.push("pod must run as non-root");
for (const c of dep.spec.template.spec.containers) {
  const sc = c.securityContext || {};
  if (sc.allowPrivilegeEscalation !== false) problems.push(c.name + ": allowPrivilegeEscalation");
  if (sc.readOnlyRootFilesystem !== true) problems.push(c.name + ": readOnlyRootFilesystem");
  if (!(sc.capabilities?.drop || []).includes("ALL")) problems.push(c.name + ": capabilities");
  if (!c.livenessProbe || !c.readinessProbe) problems.push(c.name + ": probes");
  if (!c.resources?.limits || !c.resources?.requests) problems.push(c.name + ": resources");
  if (!c.volumeMounts.some((m) => m.name === "state")) problems.push(c.name + ": shared state volume");
}
// Tokens: given by path into a read-only mount of the Secret storefleet-tokens; never as env values.
const secretMounts = (c) => (c.volumeMounts || []).filter((m) => {
  const v = dep.spec.template.spec.volumes.find((x) => x.name === m.name);
  return v?.secret?.secretName === "storefleet-tokens" && m.readOnly === true;
});
const fileArg = (c, flag) => { const i = (c.args || []).indexOf(flag); return i < 0 ? null : c.args[i + 1]; };
const underSecret = (c, p) => p && secretMounts(c).some((m) => p.startsWith(m.mountPath + "/"));
const byName = Object.fromEntries(dep.spec.template.spec.containers.map((c) => [c.name, c]));
if (!underSecret(byName.api, fileArg(byName.api, "--admin-token-file"))) problems.push("api: --admin-token-file from the Secret");
for (const c of Object.values(byName)) {
  if (!underSecret(c, fileArg(c, "--internal-token-file"))) problems.push(c.name + ": --internal-token-file from the Secret");
  for (const e of c.env || []) if (/token|password|secret/i.test(e.name) && e.value) problems.push(c.name + ": secret value in env " + e.name);
}
const provVolumes = secretMounts(byName.provisioner).map((m) => dep.spec.template.spec.volumes.find((v) => v.name === m.name));
if (provVolumes.some((v) => (v.secret.items || [{ key: "admin-token" }]).some((i) => i.key === "admin-token")))
  problems.push("provisioner: must not see the admin token");
if (docs.some((d) => d && d.kind === "Secret")) problems.push("a Secret is committed in k8s/");
if (problems.length) { console.error(problems.join("\n")); process.exit(1); }
console.log("deployment hardening ok");
' "$root/tests/tools/" "$work/all.yaml" || fail "deployment hardening"
passed=$((passed + 1))

# Apply to the simulated cluster with the real kubectl.
if [ -x "$build/tests/kube-sim/kube-sim" ]; then
  export KUBECACHEDIR="$work/kube-cache" KUBECONFIG="$work/kubeconfig"
  "$build/tests/kube-sim/kube-sim" --port 0 --kubeconfig-out "$work/kubeconfig" >"$work/kube-sim.log" 2>&1 &
  sim_pid=$!
  for _ in $(seq 1 100); do [ -s "$work/kubeconfig" ] && break; sleep 0.1; done
  [ -s "$work/kubeconfig" ] || fail "kube-sim did not start"
  # As k8s/README.md says: namespace, then the token Secret from process substitution, then the rest.
  kubectl apply -f "$root/k8s/namespace.yaml" >/dev/null || fail "namespace"
  new_token() { head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n'; }
  kubectl -n storefleet-system create secret generic storefleet-tokens \
    --from-file=admin-token=<(new_token) --from-file=internal-token=<(new_token) >/dev/null || fail "token Secret"
  [ "$(kubectl -n storefleet-system get secret storefleet-tokens -o jsonpath='{.data.admin-token}' | base64 -d | wc -c)" = 64 ] \
    || fail "the admin token in the Secret is not 64 characters"
  kubectl apply --server-side -k "$root/k8s" >"$work/apply.log" 2>&1 || { cat "$work/apply.log"; fail "kubectl apply"; }
  kubectl -n storefleet-system get deployment storefleet -o jsonpath='{.spec.template.spec.containers[*].name}' \
    | grep -qx 'provisioner api' || fail "deployment not applied"
  kubectl get clusterrole storefleet-provisioner >/dev/null || fail "ClusterRole not applied"
  kubectl -n storefleet-system get pvc,svc,ingress,sa >/dev/null || fail "namespace objects not applied"
  echo "ok: applied to the simulated cluster"
  passed=$((passed + 1))
fi
echo "$passed passed, 0 failed"
