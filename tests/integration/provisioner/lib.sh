# shellcheck shell=bash
# Shared helpers for provisioner integration tests: a kube-sim, a provisioner, the enqueue tool, waits.
# Needs STOREFLEET_ROOT and STOREFLEET_BUILD (set by storefleet_script_test) and real helm on PATH.
set -euo pipefail
ROOT=${STOREFLEET_ROOT:?}
BUILD=${STOREFLEET_BUILD:?}
SIM_BIN=$BUILD/tests/kube-sim/kube-sim
PROV_BIN=${PROV_BIN:-$BUILD/services/provisioner/storefleet-provisioner}  # override: e.g. a sanitizer build
ENQUEUE=$BUILD/tests/integration/provisioner/provisioner-enqueue
API_BIN=$BUILD/services/api/storefleet-api
HELM=${HELM:-$(command -v helm || echo "$ROOT/.tools/bin/helm")}
WORK=$(mktemp -d /tmp/sf-prov-it.XXXXXX)
export HOME=$WORK/home KUBECACHEDIR=$WORK/kube-cache HELM_CACHE_HOME=$WORK/helm-cache \
  HELM_CONFIG_HOME=$WORK/helm-config HELM_DATA_HOME=$WORK/helm-data
mkdir -p "$HOME"
DB=$WORK/storefleet.db
SIM_PID="" PROV_PID="" PROV_PORT="" API_PID=""
BG_PIDS=()  # other background processes of a script (SSE readers, a second API): stopped by cleanup

cleanup() {
  local rc=$?
  set +e  # one failed kill must not end the trap before the rest is stopped
  local p
  for p in "${BG_PIDS[@]}"; do kill "$p" 2>/dev/null; done
  [[ -n $API_PID ]] && kill "$API_PID" 2>/dev/null
  [[ -n $PROV_PID ]] && kill -9 "$PROV_PID" 2>/dev/null
  [[ -n $SIM_PID ]] && kill "$SIM_PID" 2>/dev/null
  wait 2>/dev/null
  if [[ $rc -ne 0 ]]; then
    [[ -s $WORK/api.log ]] && { echo "---- api log (tail) ----"; tail -n 40 "$WORK/api.log"; }
    echo "---- provisioner log (tail) ----"; tail -n 60 "$WORK"/prov*.log 2>/dev/null
    echo "---- kube-sim log (tail) ----"; tail -n 20 "$WORK"/sim.log 2>/dev/null
  fi
  [[ -n ${KEEP_WORK:-} ]] || rm -rf "$WORK"
  exit $rc
}
trap cleanup EXIT

fail() { echo "FAIL: $*" >&2; exit 1; }
log() { echo "[$(date +%T)] $*"; }

start_sim() {  # extra kube-sim flags
  "$SIM_BIN" --port 0 --kubeconfig-out "$WORK/kubeconfig" --pod-schedule-delay 50ms --pod-start-delay 100ms \
    --pod-ready-delay 200ms --job-duration 300ms --namespace-delete-delay 100ms --image-pull-backoff-delay 300ms \
    --bookmark-interval 1000ms --threads 64 --log-level warn "$@" >"$WORK/sim.log" 2>&1 &
  SIM_PID=$!
  for _ in $(seq 100); do [[ -s $WORK/kubeconfig ]] && break; sleep 0.1; done
  [[ -s $WORK/kubeconfig ]] || fail "kube-sim did not start"
  SIM_SERVER=$(awk '/server:/ {print $2; exit}' "$WORK/kubeconfig")
  SIM_TOKEN=$(awk '/token:/ {print $2; exit}' "$WORK/kubeconfig")
}

sim() {  # METHOD PATH [JSON]
  curl -sk -X "$1" -H "Authorization: Bearer $SIM_TOKEN" -H 'Content-Type: application/json' \
    ${3:+--data "$3"} "$SIM_SERVER$2"
}

kc() { "$(dirname "$HELM")/kubectl" --kubeconfig "$WORK/kubeconfig" "$@"; }

start_provisioner() {  # extra provisioner flags
  # One retry when the process dies while starting: on a heavily loaded shared machine thread creation has
  # been seen to fail with EAGAIN; a second failure is reported.
  start_provisioner_once "$@" || { echo "WARN: provisioner failed to start, retrying once" >&2; start_provisioner_once "$@"; } \
    || fail "provisioner did not start: $(cat "$(ls -t "$WORK"/prov*.log | head -1)")"
}

start_provisioner_once() {
  local logs=("$WORK"/prov*.log) n=0
  [ -e "${logs[0]}" ] && n=${#logs[@]}
  write_internal_token
  "$PROV_BIN" --listen 127.0.0.1:0 --db "$DB" --kubeconfig "$WORK/kubeconfig" --chart "${CHART:-$ROOT/charts/store}" \
    --helm "$HELM" --fail-fast-after 3s --lease 6s --retry-backoff 1s --internal-token-file "$INTERNAL_TOKEN_FILE" \
    "$@" >"$WORK/prov$n.log" 2>&1 &
  PROV_PID=$!
  for _ in $(seq 100); do
    PROV_PORT=$(grep -ao 'listening host=127.0.0.1 port=[0-9]*' "$WORK/prov$n.log" | head -1 | sed 's/.*port=//') || true
    [[ -n $PROV_PORT ]] && break
    kill -0 "$PROV_PID" 2>/dev/null || { PROV_PID=""; return 1; }
    sleep 0.1
  done
  [[ -n $PROV_PORT ]] || { kill -9 "$PROV_PID" 2>/dev/null; PROV_PID=""; return 1; }
  PROV_URL=http://127.0.0.1:$PROV_PORT
}

# 64 hex digits from the kernel's CSPRNG (coreutils only: the openssl CLI is not always installed).
new_secret() { head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n'; }

# The provisioner's HTTP API answers only callers with the internal token (0600 file; curl -H @"$INTERNAL_HDR").
# A script may write its own token to $INTERNAL_TOKEN_FILE before starting anything.
INTERNAL_TOKEN_FILE=$WORK/internal.token
INTERNAL_HDR=$WORK/internal.hdr
write_internal_token() {
  [[ -s $INTERNAL_TOKEN_FILE ]] || (umask 077 && new_secret >"$INTERNAL_TOKEN_FILE")
  (umask 077 && printf 'Authorization: Bearer %s\n' "$(cat "$INTERNAL_TOKEN_FILE")" >"$INTERNAL_HDR")
}
prov_curl() { curl -H @"$INTERNAL_HDR" "$@"; }  # curl to the provisioner with the internal token

# The API runs with authentication on: the admin token lives in a 0600 file, and scripts send it with
# `curl -H @"$AUTH_HEADER"` (a 0600 header file) so it never appears in a command line.
ADMIN_TOKEN_FILE=$WORK/admin-token
AUTH_HEADER=$WORK/auth-header
write_admin_token() {
  [[ -s $ADMIN_TOKEN_FILE ]] && return 0
  (umask 077 && new_secret >"$ADMIN_TOKEN_FILE" &&
    printf 'Authorization: Bearer %s\n' "$(cat "$ADMIN_TOKEN_FILE")" >"$AUTH_HEADER")
}

# Starts the real storefleet-api on a free port over $DB, linked to the running provisioner, with the admin token
# (write_admin_token); sets API_PID and API (its base URL) and waits until /api/ready answers.
start_api() {  # extra API flags
  write_admin_token
  write_internal_token
  "$API_BIN" --listen 127.0.0.1:0 --db "$DB" --provisioner-url "$PROV_URL" --admin-token-file "$ADMIN_TOKEN_FILE" \
    --internal-token-file "$INTERNAL_TOKEN_FILE" "$@" >"$WORK/api.log" 2>&1 &
  API_PID=$!
  local port=""
  for _ in $(seq 100); do
    port=$(grep -ao 'storefleet-api listening on 127.0.0.1:[0-9]*' "$WORK/api.log" | head -1 | sed 's/.*://') || true
    [[ -n $port ]] && break
    sleep 0.1
  done
  [[ -n $port ]] || fail "API did not start: $(cat "$WORK/api.log")"
  API=http://127.0.0.1:$port
  for _ in $(seq 100); do curl -sf "$API/api/ready" >/dev/null && break; sleep 0.1; done
}

stop_provisioner_hard() { kill -9 "$PROV_PID"; wait "$PROV_PID" 2>/dev/null || true; PROV_PID=""; }

create_store() {  # NAME ENGINE
  "$ENQUEUE" --db "$DB" create "$1" "${2:-woocommerce}"
  [[ -n $PROV_PORT ]] && prov_curl -s -m 1 -X POST "$PROV_URL/wake" >/dev/null || true
}
delete_store() {
  "$ENQUEUE" --db "$DB" delete "$1"
  prov_curl -s -m 1 -X POST "$PROV_URL/wake" >/dev/null || true
}

# Output is collected first so that `sql … | grep -q` cannot fail on a broken pipe (pipefail).
sql() { local out; out=$(sqlite3 -batch -cmd ".timeout 5000" "$DB" "$1"); printf '%s\n' "$out"; }

store_status() { sql "SELECT status FROM stores WHERE name='$1' ORDER BY id DESC LIMIT 1"; }

wait_status() {  # NAME STATUS TIMEOUT_S [from] — fails fast on another terminal status (except `from`)
  local name=$1 want=$2 deadline=$((SECONDS + ${3:-60})) from=${4:-} st
  while ((SECONDS < deadline)); do
    st=$(store_status "$name")
    [[ $st == "$want" ]] && return 0
    if [[ $st != "$from" && ($st == Ready || $st == Failed || $st == Deleted) ]]; then
      fail "$name is $st ($(sql "SELECT status_reason FROM stores WHERE name='$name' ORDER BY id DESC LIMIT 1")), wanted $want"
    fi
    sleep 0.2
  done
  fail "$name did not reach $want in time (is $(store_status "$name"): $(sql "SELECT status_reason FROM stores WHERE name='$name' ORDER BY id DESC LIMIT 1"))"
}

status_sequence() {  # NAME → the store.status statuses in order, space-separated (repeats collapsed)
  sql "SELECT status FROM events WHERE store='$1' AND type='store.status' ORDER BY id" | uniq | tr '\n' ' ' | sed 's/ $//'
}
