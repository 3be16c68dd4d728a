#!/usr/bin/env bash
# create → Ready (both engines) with the event sequence, SSE replay, metrics; delete → namespace gone.
source "$(dirname "$0")/lib.sh"
start_sim
start_provisioner

[[ $(curl -sf "$PROV_URL/healthz") == '{"status":"ok"}' ]] || fail "healthz must answer {\"status\":\"ok\"} only"
[[ $(curl -s -o /dev/null -w "%{http_code}" "$PROV_URL/metrics") == 401 ]] || fail "metrics without the internal token"
create_store shop-woo woocommerce
create_store shop-medusa medusa
wait_status shop-woo Ready 90
wait_status shop-medusa Ready 90
log "both stores Ready"

for s in shop-woo shop-medusa; do
  seq=$(status_sequence $s)
  [[ $seq == "Queued Provisioning Installing Ready" ]] || fail "$s status sequence: $seq"
  steps=$(sql "SELECT json_extract(data,'$.step')||':'||json_extract(data,'$.state') FROM events WHERE store='$s' AND type='store.step' ORDER BY id" | tr '\n' ' ')
  for want in namespace:done secret:done helm:started helm:done setup:done pods:done; do
    [[ " $steps " == *" $want "* ]] || fail "$s missing step $want in: $steps"
  done
  sql "SELECT observed FROM stores WHERE name='$s'" | grep -q '"state":"succeeded"' || fail "$s observed column"
  # The Secret exists with the contract keys, and no password is in any event.
  kc get secret "$s-credentials" -n "store-$s" -o jsonpath='{.data}' | grep -q admin-password || fail "$s secret"
  pw=$(kc get secret "$s-credentials" -n "store-$s" -o jsonpath='{.data.admin-password}' | base64 -d)
  [[ -n $pw ]] || fail "empty password"
  sql "SELECT data||reason FROM events" | grep -qF "$pw" && fail "password leaked into events"
  grep -aqF "$pw" "$WORK"/prov*.log && fail "password leaked into the log"
  [[ $(kc get ns "store-$s" -o jsonpath='{.metadata.labels.pod-security\.kubernetes\.io/enforce}') == restricted ]] || fail "ns labels"
done

# SSE: replay after an id, then a live event arrives on the same stream.
first=$(sql "SELECT MIN(id) FROM events WHERE store='shop-woo'")
prov_curl -sN -m 4 -H "Last-Event-ID: $first" "$PROV_URL/events" >"$WORK/sse.txt" || true
grep -q '^retry: 2000' "$WORK/sse.txt" || fail "no retry line"
grep -q '"status":"Ready"' "$WORK/sse.txt" || fail "replay lacks Ready"
grep -q "^id: $first\$" "$WORK/sse.txt" && fail "replay repeated the Last-Event-ID event"
ids=$(grep '^id: ' "$WORK/sse.txt" | sed 's/id: //')
[[ $(echo "$ids" | sort -n | tr '\n' ' ') == "$(echo "$ids" | tr '\n' ' ')" ]] || fail "SSE ids not in order"

prov_curl -sN -m 8 "$PROV_URL/events" >"$WORK/live.txt" &
sse_pid=$!
sleep 0.5
delete_store shop-woo
wait_status shop-woo Deleted 60
kc get ns store-shop-woo >/dev/null 2>&1 && fail "namespace store-shop-woo still exists"
wait $sse_pid || true
grep -q '"status":"Deleted"' "$WORK/live.txt" || fail "live SSE did not carry Deleted"
seq=$(status_sequence shop-woo)
[[ $seq == *"Ready Deleting Deleted" ]] || fail "delete sequence: $seq"
log "delete ok"

# A delete that arrives while the create is still running supersedes it.
create_store quick-delete woocommerce
for _ in $(seq 100); do [[ $(store_status quick-delete) == Provisioning ]] && break; sleep 0.05; done
delete_store quick-delete
wait_status quick-delete Deleted 60 Ready
kc get ns store-quick-delete >/dev/null 2>&1 && fail "namespace store-quick-delete still exists"
log "delete during create ok"

metrics=$(prov_curl -sf "$PROV_URL/metrics")
# (quick-delete's create may have finished before its delete arrived, or been superseded by it)
echo "$metrics" | grep -Eq '^storefleet_provisioner_jobs_total\{kind="create",outcome="ready"\} [23]$' || fail "metrics: $metrics"
echo "$metrics" | grep -q 'storefleet_provisioner_jobs_total{kind="delete",outcome="deleted"} 2' || fail "metrics delete"
echo "$metrics" | grep -Eq 'storefleet_provisioner_helm_duration_seconds_count\{command="upgrade"\} [23]$' || fail "helm histogram"
echo "$metrics" | grep -Eq '^storefleet_provisioner_time_to_ready_seconds_count [23]$' || fail "time to ready"

# Graceful stop is quick.
kill "$PROV_PID"
for _ in $(seq 50); do kill -0 "$PROV_PID" 2>/dev/null || break; sleep 0.1; done
kill -0 "$PROV_PID" 2>/dev/null && fail "provisioner did not stop within 5s of SIGTERM"
PROV_PID=""

# Startup: a Ready store whose namespace vanished while we were down becomes Degraded with the reason; a labelled
# namespace without a store is reported as an orphan and left alone.
kc delete namespace store-shop-medusa --wait=true >/dev/null
kc create namespace store-stray >/dev/null
kc label namespace store-stray storefleet.io/store=stray >/dev/null
start_provisioner
wait_status shop-medusa Degraded 30 Ready
[[ $(sql "SELECT status_reason FROM stores WHERE name='shop-medusa'") == *"namespace store-shop-medusa was deleted outside the platform"* ]] \
  || fail "startup reason: $(sql "SELECT status_reason FROM stores WHERE name='shop-medusa'")"
for _ in $(seq 50); do [[ -n $(sql "SELECT id FROM events WHERE type='store.orphan'") ]] && break; sleep 0.1; done
[[ $(sql "SELECT store||' '||json_extract(data,'$.namespace') FROM events WHERE type='store.orphan'") == "stray store-stray" ]] \
  || fail "orphan event: $(sql "SELECT * FROM events WHERE type='store.orphan'")"
metrics=$(prov_curl -sf "$PROV_URL/metrics")  # captured first: grep -q would cut the pipe under pipefail
grep -q '^storefleet_provisioner_orphan_namespaces 1$' <<<"$metrics" || fail "orphan metric"
kc get namespace store-stray >/dev/null || fail "orphan namespace was deleted"
log "startup reconcile ok"
log "PASS"
