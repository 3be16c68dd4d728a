#!/usr/bin/env bash
# Watch streams cut every second, API-server 500s and a compaction (410 → relist) while stores come up: no
# transition is missed. Then kill -9 of the provisioner in the middle of 10 creations: after a restart all 10
# are Ready and each release has exactly one deployed revision.
source "$(dirname "$0")/lib.sh"
start_sim
# Faults first: they apply to watches opened after they are set.
sim PUT /sim/v1/faults '{"watchCloseAfterSeconds":1,"slowStartSeconds":4}' >/dev/null
start_provisioner
create_store cut-woo woocommerce
create_store cut-medusa medusa
wait_status cut-woo Installing 60
wait_status cut-medusa Installing 60
sim PUT /sim/v1/faults '{"watchCloseAfterSeconds":1,"slowStartSeconds":4,"errorRate":0.3,"errorStatus":500}' >/dev/null
sleep 1
sim POST /sim/v1/compact >/dev/null
sleep 2
sim PUT /sim/v1/faults '{"watchCloseAfterSeconds":1}' >/dev/null
wait_status cut-woo Ready 60
wait_status cut-medusa Ready 60
for s in cut-woo cut-medusa; do
  seq=$(status_sequence $s)
  [[ $seq == "Queued Provisioning Installing Ready" ]] || fail "$s status sequence: $seq"
  # Every pod that is ready now was reported ready by a step event (no missed transition).
  for pod in $(kc get pods -n "store-$s" -o jsonpath='{range .items[?(@.status.phase=="Running")]}{.metadata.name}{"\n"}{end}'); do
    steps=$(sql "SELECT data FROM events WHERE store='$s' AND type='store.step'")
    [[ $steps == *"pod $pod ready"* ]] || fail "no ready step for $pod"
  done
done
restarts=$(prov_curl -sf "$PROV_URL/metrics" | awk '/^storefleet_provisioner_watch_restarts_total/ {s += $2} END {print s+0}')
((restarts >= 10)) || fail "expected watch restarts, got $restarts"
log "watch cuts + 500s + compaction: ok ($restarts watch restarts)"

# A burst of 429s while a store starts: client retries and job retries (helm may fail) still end in Ready.
sim PUT /sim/v1/faults '{"errorRate":0.5,"errorStatus":429}' >/dev/null
create_store throttled woocommerce
sleep 2
sim PUT /sim/v1/faults '{}' >/dev/null
wait_status throttled Ready 60
log "429 burst: ok ($(sql "SELECT COUNT(*) FROM events WHERE store='throttled' AND reason LIKE 'attempt % failed%'") failed attempts retried)"

names=()
for i in $(seq 1 10); do
  names+=("crash-$i")
  create_store "crash-$i" "$( ((i % 2)) && echo woocommerce || echo medusa)"
done
# Kill once some are mid-way (helm running or pods coming up).
for _ in $(seq 100); do
  [[ $(sql "SELECT COUNT(*) FROM stores WHERE name LIKE 'crash-%' AND status IN ('Provisioning','Installing')") -ge 3 ]] && break
  sleep 0.1
done
sleep 1
log "kill -9 with: $(sql "SELECT status, COUNT(*) FROM stores WHERE name LIKE 'crash-%' GROUP BY status" | tr '\n' ' ')"
stop_provisioner_hard
start_provisioner
for n in "${names[@]}"; do wait_status "$n" Ready 120; done
for n in "${names[@]}"; do
  revs=$(kc get secrets -n "store-$n" -l "owner=helm,name=$n" -o jsonpath='{range .items[*]}{.metadata.labels.status}{" "}{end}')
  [[ $revs == "deployed " ]] || fail "$n release revisions: '$revs' (want exactly one, deployed)"
  seq=$(status_sequence "$n")
  [[ $seq == *"Ready" && $seq != *Failed* ]] || fail "$n sequence $seq"
done
log "kill -9 mid-way through 10 creations: all Ready, one revision each"
log "PASS"
