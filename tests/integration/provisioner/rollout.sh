#!/usr/bin/env bash
# A fleet rollout of 30 WooCommerce stores, waves of 10, at most one failure, through the real API, provisioner and
# helm on kube-sim. Both services are killed with SIGKILL while wave 1 rolls out and started again: the rollout goes
# on where it was. Two stores of wave 2 cannot schedule their new pods: the rollout pauses with them and their
# reasons, wave 3 untouched. After the fault clears, an abort brings every store it changed back to its old version,
# Ready. Progress arrives as rollout.progress events on the API's SSE stream.
source "$(dirname "$0")/lib.sh"
CHART=$WORK/chart  # the chart with one more (good) WooCommerce version to roll out
cp -r "$ROOT/charts/store" "$CHART"
sed 's/9\.8\.5/9.8.6/g' "$CHART/versions/woocommerce-9.8.5.yaml" >"$CHART/versions/woocommerce-9.8.6.yaml"
awk '{ print } /^    versions:$/ && !done { print "      - {version: \"9.8.6\", values: woocommerce-9.8.6.yaml, summary: a patch release, dataSchema: 2}"; done = 1 }' \
  "$ROOT/charts/store/versions/catalog.yaml" >"$CHART/versions/catalog.yaml"
start_sim
# Failed stores stay Failed (no automatic rollback): the abort is what brings them back here.
start_provisioner --auto-rollback false --helm-concurrency 4
start_api
api() { curl -s -H @"$AUTH_HEADER" "$@"; }
rollout() { api "$API/api/rollouts/$1"; }
wait_rollout() {  # ID STATE SECONDS
  local deadline=$((SECONDS + $3)) st=""
  while ((SECONDS < deadline)); do
    st=$(rollout "$1" | jq -r .state)
    [[ $st == "$2" ]] && return 0
    sleep 0.3
  done
  fail "rollout $1 is $st, wanted $2: $(rollout "$1" | jq -c '{state, reason, currentWave, waves}')"
}

names=()
for i in $(seq -w 1 30); do names+=("fleet-$i"); create_store "fleet-$i" woocommerce; done
for n in "${names[@]}"; do wait_status "$n" Ready 180; done
log "30 stores Ready on 9.8.5"
generation_21=$(sql "SELECT generation FROM stores WHERE name='fleet-21'")
api -N -m 300 "$API/api/events" >"$WORK/sse.txt" &
BG_PIDS+=($!)
# New pods of two wave-2 stores cannot be scheduled (pod names start with the release name).
sim PUT /sim/v1/faults '{"unschedulable":["fleet-12-","fleet-15-"]}' >/dev/null

r=$(api -H 'Content-Type: application/json' --data '{"engine":"woocommerce","toVersion":"9.8.6","waveSize":10,"maxFailures":1}' \
  "$API/api/rollouts")
id=$(jq -r .id <<<"$r")
[[ $(jq -r '.waves | length' <<<"$r") == 3 ]] || fail "rollout: $r"

# Kill both services while wave 1 rolls out; the rollout goes on after they start again.
for _ in $(seq 100); do [[ $(rollout "$id" | jq -r .currentWave) == 1 ]] && break; sleep 0.1; done
stop_provisioner_hard
kill -9 "$API_PID"; wait "$API_PID" 2>/dev/null || true; API_PID=""
log "killed the provisioner and the API during wave 1"
start_provisioner --auto-rollback false --helm-concurrency 4
start_api
api -N -m 300 "$API/api/events" >>"$WORK/sse.txt" &
BG_PIDS+=($!)

wait_rollout "$id" paused 180
doc=$(rollout "$id")
jq -e '.waves[0] | .done == 10 and .failed == 0' <<<"$doc" >/dev/null || fail "wave 1: $(jq -c .waves <<<"$doc")"
jq -e '.waves[1].failed == 2' <<<"$doc" >/dev/null || fail "wave 2: $(jq -c .waves <<<"$doc")"
jq -e '.waves[2] | .pending == 10' <<<"$doc" >/dev/null || fail "wave 3 was touched: $(jq -c .waves <<<"$doc")"
jq -e '.reason | test("fleet-12") and test("fleet-15") and test("Unschedulable")' <<<"$doc" >/dev/null \
  || fail "pause reason: $(jq -r .reason <<<"$doc")"
[[ $(sql "SELECT generation || version FROM stores WHERE name='fleet-21'") == "${generation_21}9.8.5" ]] \
  || fail "a wave-3 store was changed before the pause"
log "paused after wave 2: $(jq -r .reason <<<"$doc")"

# The CLI shows the same, and aborts (--wait: until every store it changed is back) once the fault cleared.
CLI_BIN=$BUILD/services/cli/storefleet
storefleet() { timeout 200 "$CLI_BIN" --server "$API" --token-file "$ADMIN_TOKEN_FILE" --wait-timeout 180 "$@"; }
out=$(storefleet rollout status) || fail "rollout status: $out"
grep -q "rollout $id: woocommerce → 9.8.6, paused" <<<"$out" && grep -Eq '^fleet-12 +failed +Failed: pod fleet-12-setup' <<<"$out" \
  || fail "rollout status: $out"
sim PUT /sim/v1/faults '{}' >/dev/null
out=$(storefleet rollout abort --wait "$id") || fail "rollout abort --wait: $out"
grep -q "rollout $id: woocommerce → 9.8.6, aborted" <<<"$out" || fail "rollout abort --wait: $out"
[[ $(rollout "$id" | jq -r .state) == aborted ]] || fail "not aborted: $(rollout "$id" | jq -c '{state, reason}')"
for n in "${names[@]}"; do wait_status "$n" Ready 120 Failed; done
[[ $(sql "SELECT count(*) FROM stores WHERE name LIKE 'fleet-%' AND version = '9.8.5' AND status = 'Ready'") == 30 ]] \
  || fail "not every store is back: $(sql "SELECT name, status, version FROM stores WHERE version <> '9.8.5' OR status <> 'Ready'")"
[[ $(sql "SELECT count(*) FROM rollout_stores WHERE rollout_id = $id AND state = 'reverted'") == 20 ]] \
  || fail "reverted: $(sql "SELECT store, state FROM rollout_stores WHERE rollout_id = $id")"
grep -q '"type":"rollout.progress".*"status":"paused"' "$WORK/sse.txt" && grep -q '"status":"aborted"' "$WORK/sse.txt" \
  || fail "no rollout.progress events on the SSE stream: $(grep -c rollout.progress "$WORK/sse.txt")"
log "aborted: 20 stores back on 9.8.5, all 30 Ready"
echo "rollout: ok"
