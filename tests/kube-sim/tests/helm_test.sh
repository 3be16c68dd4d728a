#!/usr/bin/env bash
# Real helm v4 against kube-sim over HTTPS: install (server-side apply and --server-side=false), --wait
# (watcher and legacy), status, list -A, upgrade --install, a hook Job, uninstall --wait, and a wrong token.
# Usage: helm_test.sh /path/to/kube-sim
here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib.sh"
ks_start "$1"
chart=$here/chart

# A wrong token is refused.
sed 's/token: .*/token: wrong/' "$KUBECONFIG" >"$KS_TMP/bad-kubeconfig"
out=$(KUBECONFIG=$KS_TMP/bad-kubeconfig kubectl get ns 2>&1) && ks_fail "wrong token accepted"
grep -qE "Unauthorized|must be logged in" <<<"$out" || ks_fail "wrong token: expected Unauthorized, got: $out"
ks_ok "wrong token -> 401"

helm install demo "$chart" -n store-demo --create-namespace >/dev/null || ks_fail "helm install (server-side apply)"
ks_expect "STATUS: deployed" helm status demo -n store-demo
ks_expect "^demo" helm list -A
# The hook Job ran to completion (helm waited for it), and the objects are really there.
ks_expect '^True$' kubectl get job demo-post-install -n store-demo \
  -o jsonpath='{.status.conditions[?(@.type=="Complete")].status}'
[ "$(kubectl get secret demo-secret -n store-demo -o jsonpath='{.data.password}' | base64 -d)" = "not-a-real-secret" ] \
  || ks_fail "stringData not converted"
ks_ok "helm install + status + list -A + hook job"

helm upgrade --install demo "$chart" -n store-demo --set replicas=2 --wait=legacy --timeout 60s >/dev/null \
  || ks_fail "helm upgrade --wait=legacy"
[ "$(kubectl get deploy demo-web -n store-demo -o jsonpath='{.status.readyReplicas}')" = 2 ] || ks_fail "legacy wait returned early"
ks_ok "helm upgrade --install --wait=legacy"

helm upgrade --install demo "$chart" -n store-demo --set replicas=3 --wait --timeout 60s >/dev/null \
  || ks_fail "helm upgrade --wait (watcher)"
[ "$(kubectl get deploy demo-web -n store-demo -o jsonpath='{.status.availableReplicas}')" = 3 ] || ks_fail "watcher wait returned early"
[ "$(helm history demo -n store-demo -o json | jq length)" = 3 ] || ks_fail "expected 3 revisions"
ks_ok "helm upgrade --install --wait (watcher)"

helm uninstall demo -n store-demo --wait --timeout 60s >/dev/null || ks_fail "helm uninstall --wait"
ks_expect NotFound kubectl get deploy demo-web -n store-demo
# Pods go through Terminating (graceful deletion) after the garbage collector deletes them.
ks_eventually 10 bash -c '[ -z "$(kubectl get pods -n store-demo -l app.kubernetes.io/component=web -o name)" ]' \
  || ks_fail "pods survived (GC)"
[ -z "$(kubectl get secrets -n store-demo -l owner=helm -o name)" ] || ks_fail "release secrets survived"
ks_ok "helm uninstall --wait (+ garbage collection)"

helm install csa "$chart" -n store-csa --create-namespace --server-side=false --set hookJob=false >/dev/null \
  || ks_fail "helm install --server-side=false"
helm upgrade csa "$chart" -n store-csa --set hookJob=false --set replicas=2 --server-side=false >/dev/null \
  || ks_fail "helm upgrade (strategic merge patch)"
[ "$(kubectl get deploy csa-web -n store-csa -o jsonpath='{.spec.replicas}')" = 2 ] || ks_fail "csa upgrade not applied"
helm upgrade csa "$chart" -n store-csa --set hookJob=false --set replicas=1 --server-side=true >/dev/null \
  || ks_fail "helm upgrade switching csa -> ssa (json patch)"
[ "$(kubectl get deploy csa-web -n store-csa -o jsonpath='{.spec.replicas}')" = 1 ] || ks_fail "ssa upgrade not applied"
helm rollback csa 2 -n store-csa --wait --timeout 60s >/dev/null || ks_fail "helm rollback"
[ "$(kubectl get deploy csa-web -n store-csa -o jsonpath='{.spec.replicas}')" = 2 ] || ks_fail "rollback not applied"
ks_ok "helm --server-side=false install/upgrade, switch to server-side, rollback"

helm install waited "$chart" -n store-wait --create-namespace --wait --timeout 60s >/dev/null \
  || ks_fail "helm install --wait"
[ "$(kubectl get sts waited-db -n store-wait -o jsonpath='{.status.readyReplicas}')" = 1 ] || ks_fail "sts not ready"
[ "$(kubectl get pvc waited-data -n store-wait -o jsonpath='{.status.phase}')" = Bound ] || ks_fail "pvc not Bound"
ks_ok "helm install --wait --timeout 60s"
echo "PASS"
