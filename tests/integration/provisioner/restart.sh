#!/usr/bin/env bash
# The whole platform stops (as the demo does on Ctrl-C: SIGTERM to kube-sim, provisioner and API) and starts again
# over the same database and the cluster kube-sim saved (--state-file). The stores stay coherent: Ready stays
# Ready with its pods, and a store still provisioning when everything stopped finishes.
source "$STOREFLEET_ROOT/tests/integration/provisioner/lib.sh"
STATE=$WORK/cluster.json

stop_everything() {
  kill -TERM "$API_PID" "$PROV_PID" "$SIM_PID"
  wait "$API_PID" "$PROV_PID" "$SIM_PID" 2>/dev/null || true
  API_PID="" PROV_PID="" SIM_PID=""
}

start_sim --state-file "$STATE"
start_provisioner
start_api
create_store ready1 woocommerce
create_store ready2 medusa
wait_status ready1 Ready 60
wait_status ready2 Ready 60
create_store late1 woocommerce  # still on its way when everything stops
sleep 0.3
log "late1 is $(store_status late1) when everything stops"
stop_everything
[[ -s $STATE ]] || fail "kube-sim saved no state"
[[ $(stat -c %a "$STATE") == 600 ]] || fail "the state file (it holds Secrets) is not 0600"

rm -f "$WORK/kubeconfig"  # start_sim waits for the new one (a new port, a new token)
events_before_ready=$(sql "SELECT count(*) FROM events WHERE type='store.status' AND store IN ('ready1','ready2')")
start_sim --state-file "$STATE"
kc get ns store-ready1 store-ready2 >/dev/null || fail "namespaces lost across the restart"
start_provisioner
start_api
wait_status late1 Ready 60
# Give the provisioner's informers a full resync's worth of time to notice anything wrong.
sleep 5
for s in ready1 ready2; do
  [[ $(store_status "$s") == Ready ]] || fail "$s is $(store_status "$s") after the restart: $(sql "SELECT status_reason FROM stores WHERE name='$s'")"
done
changes=$(sql "SELECT group_concat(store || ':' || status, ' ') FROM (SELECT store, status FROM events
  WHERE type='store.status' AND store IN ('ready1','ready2') ORDER BY id LIMIT -1 OFFSET $events_before_ready)")
[[ -z $changes ]] || fail "Ready stores changed status across the restart: $changes"
pods=$(curl -sf -H @"$AUTH_HEADER" "$API/api/stores/ready1/status" | jq '[.pods[] | select(.ready)] | length')
[[ $pods -ge 2 ]] || fail "ready1 lists $pods ready pods after the restart"
log "PASS: Ready stores stayed Ready, late1 finished after the restart"
