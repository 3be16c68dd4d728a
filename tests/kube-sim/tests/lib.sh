# shellcheck shell=bash
# Shared helpers for kube-sim script tests: start a kube-sim on a free port with an isolated HOME /
# discovery cache, wait for its kubeconfig, and clean up on exit.
# Usage: source lib.sh; ks_start /path/to/kube-sim [flags...]
set -euo pipefail

ks_fail() { echo "FAIL: $*" >&2; [ -n "${KS_TMP:-}" ] && tail -20 "$KS_TMP/kube-sim.log" >&2; exit 1; }
ks_ok() { echo "ok: $*"; }

ks_cleanup() {
  local rc=$?
  if [ -n "${KS_PID:-}" ]; then kill "$KS_PID" 2>/dev/null || true; wait "$KS_PID" 2>/dev/null || true; fi
  for p in ${KS_BG_PIDS:-}; do kill "$p" 2>/dev/null || true; done
  [ -n "${KS_TMP:-}" ] && rm -rf "$KS_TMP"
  exit $rc
}

ks_start() {
  local bin=$1; shift
  KS_TMP=$(mktemp -d)
  export HOME=$KS_TMP KUBECACHEDIR=$KS_TMP/cache KUBECONFIG=$KS_TMP/kubeconfig HELM_CACHE_HOME=$KS_TMP/helm-cache \
    HELM_CONFIG_HOME=$KS_TMP/helm-config HELM_DATA_HOME=$KS_TMP/helm-data
  trap ks_cleanup EXIT
  "$bin" --port 0 --kubeconfig-out "$KUBECONFIG" "$@" >"$KS_TMP/kube-sim.log" 2>&1 &
  KS_PID=$!
  for _ in $(seq 1 100); do
    [ -s "$KUBECONFIG" ] && return 0
    kill -0 "$KS_PID" 2>/dev/null || ks_fail "kube-sim exited early"
    sleep 0.1
  done
  ks_fail "kube-sim did not write its kubeconfig"
}

# Polls a command until it succeeds (default 30 s).
ks_eventually() {
  local timeout=$1; shift
  local end=$((SECONDS + timeout))
  until "$@" >/dev/null 2>&1; do
    [ $SECONDS -ge $end ] && return 1
    sleep 0.2
  done
}

# Control API through kubectl's raw mode (same server, same token).
ks_put_faults() { echo "$1" >"$KS_TMP/faults.json"; kubectl replace --raw /sim/v1/faults -f "$KS_TMP/faults.json" >/dev/null; }

# ks_expect PATTERN CMD...: runs CMD, fails unless its output (stdout+stderr) matches the extended regex.
ks_expect() {
  local pattern=$1; shift
  local out
  out=$("$@" 2>&1 || true)
  grep -qE -- "$pattern" <<<"$out" || ks_fail "expected /$pattern/ from: $* -> $out"
}

# curl against the kube-sim with the kubeconfig's CA and token (token via a header file, never argv).
ks_curl_setup() {
  # Used by the tests that source this file.
  # shellcheck disable=SC2034
  KS_SERVER=$(kubectl config view --raw -o jsonpath='{.clusters[0].cluster.server}')
  kubectl config view --raw -o jsonpath='{.clusters[0].cluster.certificate-authority-data}' | base64 -d >"$KS_TMP/ca.pem"
  printf 'Authorization: Bearer %s\n' "$(kubectl config view --raw -o jsonpath='{.users[0].user.token}')" \
    >"$KS_TMP/auth-header"
  chmod 600 "$KS_TMP/auth-header"
}
ks_curl() { curl -sS --cacert "$KS_TMP/ca.pem" -H @"$KS_TMP/auth-header" "$@"; }
