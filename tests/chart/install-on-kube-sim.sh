#!/usr/bin/env bash
# Installs the store chart into the simulated cluster the way the provisioner does (namespace + credentials
# Secret with kubectl, then `helm upgrade --install` with values-local.yaml and a 0600 overlay), for each
# engine: waits until every pod is ready and every Job Complete (kubectl wait), upgrades once (new Jobs
# named -r2, the -r1 Jobs gone), then `helm uninstall` and checks nothing of the release is left.
# shellcheck source=lib/common.sh
source "$(dirname "$0")/lib/common.sh"

kube_sim=${KUBE_SIM:-${STOREFLEET_BUILD:-$root/build}/tests/kube-sim/kube-sim}
[ -x "$kube_sim" ] || fail "kube-sim binary not found at $kube_sim (build target kube-sim)"
wait_timeout=${CHART_WAIT_TIMEOUT:-90s}

sim_pid=""
stop_sim() {
  local rc=$?
  if [ -n "$sim_pid" ]; then kill "$sim_pid" 2>/dev/null || true; wait "$sim_pid" 2>/dev/null || true; fi
  if [ "$rc" -ne 0 ]; then echo "---- kube-sim log (tail) ----"; tail -n 60 "$work/kube-sim.log" 2>/dev/null || true; fi
  cleanup_work
}
trap stop_sim EXIT

export KUBECONFIG="$work/kubeconfig"
"$kube_sim" --port 0 --kubeconfig-out "$KUBECONFIG" --pod-ready-delay 300ms --job-duration 500ms \
  --pvc-bind-delay 100ms >"$work/kube-sim.log" 2>&1 &
sim_pid=$!
for _ in $(seq 1 100); do
  [ -s "$KUBECONFIG" ] && break
  kill -0 "$sim_pid" 2>/dev/null || { cat "$work/kube-sim.log"; fail "kube-sim exited"; }
  sleep 0.1
done
[ -s "$KUBECONFIG" ] || fail "kube-sim wrote no kubeconfig within 10 s"
kubectl version >/dev/null || fail "kubectl cannot reach kube-sim"

# create_store NAME ENGINE: namespace and Secret exactly as proto-docs/contracts.md says the provisioner makes them.
# Passwords go to kubectl on stdin, never on a command line.
create_store() {
  local name=$1 engine=$2 ns="store-$1" p1 p2 p3
  p1=$(openssl rand -hex 16) p2=$(openssl rand -hex 16) p3=$(openssl rand -hex 16)
  local engine_keys
  if [ "$engine" = woocommerce ]; then
    engine_keys="  mysql-password: \"$p2\"
  mysql-root-password: \"$p3\""
  else
    engine_keys="  postgres-password: \"$p2\"
  jwt-secret: \"$p3\"
  cookie-secret: \"$p3$p2\""
  fi
  kubectl apply -f - >/dev/null <<EOF
apiVersion: v1
kind: Namespace
metadata:
  name: $ns
  labels:
    storefleet.io/store: $name
    app.kubernetes.io/managed-by: storefleet
    pod-security.kubernetes.io/enforce: baseline
---
apiVersion: v1
kind: Secret
type: Opaque
metadata:
  name: $name-credentials
  namespace: $ns
  labels:
    storefleet.io/store: $name
stringData:
  admin-user: admin
  admin-email: admin@$name.local
  admin-password: "$p1"
$engine_keys
EOF
}

helm_install() { # helm_install NAME ENGINE
  local overlay="$work/overlay-$1.yaml"
  (umask 077 && printf 'engine: %s\nexistingSecret: %s-credentials\ningress:\n  host: %s.local\n' "$2" "$1" "$1" >"$overlay")
  helm upgrade --install "$1" "$chart" --namespace "store-$1" -f "$chart/values-local.yaml" -f "$overlay" \
    >"$work/helm-$1.log" 2>&1 || { cat "$work/helm-$1.log"; fail "helm upgrade --install $1"; }
  rm -f "$overlay"
}

# wait_ready NAME REVISION: every long-running pod Ready, every workload rolled out, every Job Complete.
wait_ready() {
  local name=$1 revision=$2 ns="store-$1" selector="storefleet.io/store=$1"
  local app_pods="$selector,app.kubernetes.io/component notin (setup,migrate)"
  for _ in $(seq 1 100); do
    [ -n "$(kubectl -n "$ns" get pods -l "$app_pods" -o name)" ] && break
    sleep 0.2
  done
  kubectl -n "$ns" wait --for=condition=Available deployment -l "$selector" --timeout="$wait_timeout" >/dev/null \
    || fail "$name: a Deployment is not Available"
  for sts in $(kubectl -n "$ns" get statefulset -l "$selector" -o name); do
    kubectl -n "$ns" rollout status "$sts" --timeout="$wait_timeout" >/dev/null || fail "$name: $sts not rolled out"
  done
  # kubectl lists the pods, then waits on each by name: a pod replaced in between is NotFound, so list again.
  local attempt
  for attempt in 1 2 3; do
    kubectl -n "$ns" wait --for=condition=Ready pod -l "$app_pods" --timeout="$wait_timeout" >/dev/null && break
    [ "$attempt" -lt 3 ] || fail "$name: pods not Ready"
    sleep 0.5
  done
  # helm deletes the previous revision's Jobs during the upgrade; give their deletion a moment to land.
  local jobs job stale
  for _ in $(seq 1 50); do
    jobs=$(kubectl -n "$ns" get jobs -l "$selector" -o jsonpath='{range .items[*]}{.metadata.name}{" "}{end}')
    stale=""
    for job in $jobs; do [[ $job == *-r$revision ]] || stale+="$job "; done
    [ -z "$stale" ] && break
    sleep 0.2
  done
  [ -z "$stale" ] || fail "$name: Jobs of another revision are still there: $stale"
  [ -n "$jobs" ] || fail "$name: no Jobs for revision $revision"
  kubectl -n "$ns" wait --for=condition=Complete job -l "$selector" --timeout="$wait_timeout" >/dev/null \
    || { kubectl -n "$ns" get jobs,pods -o wide; fail "$name: Jobs not Complete"; }
  echo "ok: $name revision $revision ready: $(kubectl -n "$ns" get pods -l "$selector" --no-headers | wc -l) pods, Jobs: $jobs"
}

check_uninstalled() {
  local name=$1 ns="store-$1" left
  helm uninstall "$name" --namespace "$ns" --wait --timeout 60s >/dev/null || fail "helm uninstall $name"
  for _ in $(seq 1 100); do
    left=$(kubectl -n "$ns" get deployments,statefulsets,jobs,services,configmaps,ingresses,networkpolicies,resourcequotas,limitranges,persistentvolumeclaims \
      -l "storefleet.io/store=$name" -o name)
    [ -z "$left" ] && break
    sleep 0.2
  done
  [ -z "$left" ] || fail "$name: left behind after uninstall: $left"
  kubectl -n "$ns" get secret "$name-credentials" >/dev/null || fail "$name: uninstall removed the provisioner's Secret"
  kubectl delete namespace "$ns" --wait=false >/dev/null
  echo "ok: $name uninstalled, nothing of the release left"
}

for engine in woocommerce medusa; do
  name="sim-$engine"
  create_store "$name" "$engine"
  helm_install "$name" "$engine"
  helm get manifest "$name" --namespace "store-$name" | grep -q '^kind: Secret' && fail "$name: the release contains a Secret"
  wait_ready "$name" 1
  helm_install "$name" "$engine"
  wait_ready "$name" 2
  check_uninstalled "$name"
done
