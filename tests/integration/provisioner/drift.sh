#!/usr/bin/env bash
# Status stays true after Ready: a crash loop turns a Ready store Degraded (with the reason, over the API's SSE
# stream, with the live pods in GET …/status) and back to Ready when it clears; a namespace deleted by hand is
# reported, and a retry reinstalls the store.
source "$(dirname "$0")/lib.sh"
start_sim
start_provisioner
start_api
api() { curl -s -H @"$AUTH_HEADER" "$@"; }
reason() { sql "SELECT status_reason FROM stores WHERE name='$1' AND status <> 'Deleted'"; }
wait_reason() {  # NAME REGEX SECONDS
  local deadline=$((SECONDS + $3))
  while ((SECONDS < deadline)); do [[ $(reason "$1") =~ $2 ]] && return 0; sleep 0.2; done
  fail "$1 reason '$(reason "$1")' never matched /$2/ (status $(store_status "$1"))"
}

create_store drift woocommerce
wait_status drift Ready 90
api -N -m 60 "$API/api/events" >"$WORK/sse.txt" &
BG_PIDS+=($!)
sleep 0.5

# 1. The WordPress container starts crash-looping: its pod is replaced and never becomes Ready.
sim PUT /sim/v1/faults '{"crashLoop":["wordpress"]}' >/dev/null
kc delete pods -n store-drift -l app.kubernetes.io/component=web --wait=false >/dev/null
wait_status drift Degraded 30 Ready
wait_reason drift 'CrashLoopBackOff' 30
log "Degraded: $(reason drift)"
status=$(api "$API/api/stores/drift/status")
[[ $(jq -r .status <<<"$status") == Degraded ]] || fail "status route: $status"
# The live pods, not the ones seen at Ready: the replacement pod with its reason.
jq -e '[.pods[] | select(.reason == "CrashLoopBackOff")] | length == 1' <<<"$status" >/dev/null || fail "pods: $status"
# The same as conditions: Degraded True with the reason, Ready False, nothing in progress.
store=$(api "$API/api/stores/drift")
jq -e '[.conditions[] | "\(.type)=\(.status)"] == ["Ready=False", "Released=True", "Reconciling=False", "Suspended=False", "Degraded=True", "Stalled=False"]' \
  <<<"$store" >/dev/null || fail "conditions: $(jq -c .conditions <<<"$store")"
jq -e '.conditions[] | select(.type == "Degraded") | .message | test("CrashLoopBackOff")' <<<"$store" >/dev/null \
  || fail "Degraded condition message: $(jq -c .conditions <<<"$store")"
for _ in $(seq 50); do grep -q '"status":"Degraded"' "$WORK/sse.txt" && break; sleep 0.1; done
grep -q '"status":"Degraded"' "$WORK/sse.txt" || fail "no Degraded event on the API's SSE stream"

# 2. The cause clears: the store is Ready again by itself.
sim PUT /sim/v1/faults '{}' >/dev/null
kc delete pods -n store-drift -l app.kubernetes.io/component=web --wait=false >/dev/null
wait_status drift Ready 30 Degraded
for _ in $(seq 50); do grep -q '"reason":"all workloads ready again"' "$WORK/sse.txt" && break; sleep 0.1; done
grep -q '"reason":"all workloads ready again"' "$WORK/sse.txt" || fail "no Ready-again event on the SSE stream"
[[ $(status_sequence drift) == "Queued Provisioning Installing Ready Degraded Ready" ]] \
  || fail "status sequence: $(status_sequence drift)"
log "Ready again"

# 3. The namespace is deleted by hand: reported, then repaired by a retry.
kc delete namespace store-drift --wait=false >/dev/null
wait_status drift Degraded 30 Ready
wait_reason drift 'namespace store-drift was deleted outside the platform' 30
log "reported: $(reason drift)"
[[ $(curl -s -o /dev/null -w '%{http_code}' -H @"$AUTH_HEADER" -X POST "$API/api/stores/drift/retry") == 202 ]] \
  || fail "retry of a Degraded store was refused"
wait_status drift Ready 90 Degraded
kc get ns store-drift >/dev/null || fail "retry did not recreate the namespace"
log "repaired by retry"

# 4. The release is uninstalled by hand: its workloads go, which is reported; a retry reinstalls it.
HOME=$WORK/home "$HELM" --kubeconfig "$WORK/kubeconfig" uninstall drift -n store-drift >/dev/null
wait_status drift Degraded 30 Ready
wait_reason drift 'workloads are gone' 30
log "reported: $(reason drift)"
[[ $(curl -s -o /dev/null -w '%{http_code}' -H @"$AUTH_HEADER" -X POST "$API/api/stores/drift/retry") == 202 ]] \
  || fail "retry after an uninstall by hand was refused"
wait_status drift Ready 90 Degraded
log "reinstalled by retry"

# A restart judges every Ready store again from the fresh cache, and writes nothing for one that did not change.
sleep 1
observed_before=$(sql "SELECT count(*) FROM events WHERE store='drift' AND type <> 'store.step'")
metrics=$(prov_curl -sf "$PROV_URL/metrics")
grep -Eq '^storefleet_provisioner_live_status_changes_total\{status="Degraded"\} [2-9]' <<<"$metrics" \
  || fail "live status metric: $(grep live_status <<<"$metrics")"
grep -Eq '^storefleet_provisioner_workqueue_adds_total\{name="stores"\} [1-9]' <<<"$metrics" || fail "queue metric"
kill "$PROV_PID"
wait "$PROV_PID" 2>/dev/null || true
start_provisioner
for _ in $(seq 50); do
  grep -Eq '^storefleet_provisioner_reconcile_time_seconds_count\{result="success"\} [1-9]' \
    <<<"$(prov_curl -sf "$PROV_URL/metrics")" && break
  sleep 0.1
done
sleep 0.5
[[ $(sql "SELECT count(*) FROM events WHERE store='drift' AND type <> 'store.step'") == "$observed_before" ]] \
  || fail "a restart wrote events for an unchanged Ready store: $(sql "SELECT type, status, reason FROM events WHERE store='drift' ORDER BY id DESC LIMIT 3")"
[[ $(store_status drift) == Ready ]] || fail "drift is $(store_status drift) after a restart"
log "PASS"
