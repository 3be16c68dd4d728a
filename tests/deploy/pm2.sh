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

online=$("$pm2" jlist | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const a=JSON.parse(s);console.log(a.filter(p=>p.pm2_env.status==="online").map(p=>p.name).sort().join(","))})')
[ "$online" = "storefleet-api,storefleet-provisioner" ] || { echo "FAIL: online under pm2: '$online'"; exit 1; }
echo "ok: both services online under pm2, /api/health answers"

"$pm2" stop all >/dev/null
if curl -fsS "http://127.0.0.1:$api_port/api/health" >/dev/null 2>&1; then echo "FAIL: API still answers after pm2 stop"; exit 1; fi
"$pm2" kill >/dev/null
echo "ok: pm2 stop + kill"
echo "2 passed, 0 failed"
