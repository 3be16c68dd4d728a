#!/usr/bin/env bash
# PM2 runs both native binaries from compose/pm2/ecosystem.config.js: start, health check, stop, kill.
set -euo pipefail
root=${STOREFLEET_ROOT:?}
build=${STOREFLEET_BUILD:?}
pm2="$root/compose/pm2/node_modules/.bin/pm2"
[ -x "$pm2" ] || { echo "FAIL: pm2 not installed (scripts/setup runs npm ci in compose/pm2)"; exit 1; }

work=$(mktemp -d)
export PM2_HOME="$work/pm2-home"
sim_pid=""
cleanup() {
  "$pm2" kill >/dev/null 2>&1 || true
  if [ -n "$sim_pid" ]; then kill "$sim_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }
api_port=$(free_port)
prov_port=$(free_port)

# A cluster for the provisioner to talk to: the simulated one.
export KUBECACHEDIR="$work/kube-cache"
"$build/tests/kube-sim/kube-sim" --port 0 --kubeconfig-out "$work/kubeconfig" >"$work/kube-sim.log" 2>&1 &
sim_pid=$!
for _ in $(seq 1 100); do [ -s "$work/kubeconfig" ] && break; sleep 0.1; done
[ -s "$work/kubeconfig" ] || { echo "FAIL: kube-sim did not start"; cat "$work/kube-sim.log"; exit 1; }

export STOREFLEET_ROOT="$root" STOREFLEET_BIN_DIR="$build/services" STOREFLEET_HOME="$work/state"
export STOREFLEET_API_PORT=$api_port STOREFLEET_PROVISIONER_PORT=$prov_port KUBECONFIG="$work/kubeconfig"
export STOREFLEET_HELM="$root/.tools/bin/helm"
mkdir -p "$STOREFLEET_HOME/logs"
"$pm2" start "$root/compose/pm2/ecosystem.config.js" >/dev/null

wait_http() {
  local url=$1 what=$2
  for _ in $(seq 1 200); do
    if curl -fsS "$url" >"$work/last.json" 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  echo "FAIL: $what did not answer under pm2 ($url)"
  tail -n 40 "$STOREFLEET_HOME"/logs/*.log 2>/dev/null
  exit 1
}
wait_http "http://127.0.0.1:$api_port/api/health" "the API"
grep -q '"status"' "$work/last.json" || { echo "FAIL: unexpected health body: $(cat "$work/last.json")"; exit 1; }
wait_http "http://127.0.0.1:$prov_port/healthz" "the provisioner"

# Tokens: made on the first start, 0600, and the API wants the admin one (sent from a header file, not argv).
for f in admin-token internal-token; do
  [ "$(stat -c %a "$STOREFLEET_HOME/$f")" = 600 ] || { echo "FAIL: $f is not a 0600 file"; exit 1; }
done
(umask 077 && printf 'Authorization: Bearer %s\n' "$(cat "$STOREFLEET_HOME/admin-token")" >"$work/auth-header")
code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$api_port/api/stores")
[ "$code" = 401 ] || { echo "FAIL: /api/stores without a token answered $code under pm2"; exit 1; }
code=$(curl -s -o /dev/null -w '%{http_code}' -H @"$work/auth-header" "http://127.0.0.1:$api_port/api/stores")
[ "$code" = 200 ] || { echo "FAIL: /api/stores with the admin token answered $code under pm2"; exit 1; }
if "$pm2" jlist | grep -qF -f "$STOREFLEET_HOME/admin-token"; then echo "FAIL: the admin token is in pm2's process list"; exit 1; fi
echo "ok: admin token file made at first start (0600); 401 without it, 200 with it"

online=$("$pm2" jlist | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const a=JSON.parse(s);console.log(a.filter(p=>p.pm2_env.status==="online").map(p=>p.name).sort().join(","))})')
[ "$online" = "storefleet-api,storefleet-provisioner" ] || { echo "FAIL: online under pm2: '$online'"; exit 1; }
echo "ok: both services online under pm2, /api/health answers"

"$pm2" stop all >/dev/null
if curl -fsS "http://127.0.0.1:$api_port/api/health" >/dev/null 2>&1; then echo "FAIL: API still answers after pm2 stop"; exit 1; fi
"$pm2" kill >/dev/null
echo "ok: pm2 stop + kill"
echo "3 passed, 0 failed"
