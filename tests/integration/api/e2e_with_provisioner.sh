#!/usr/bin/env bash
# End to end through the API: real storefleet-api + real storefleet-provisioner + real helm against kube-sim.
# A dashboard-like SSE client on /api/events sees Queued → … → Ready → Deleting → Deleted in id order, relayed
# from the provisioner's stream; the REST views agree; /api/ready reports the link. Every call but the public
# /api/ready carries the admin token (lib.sh's header file); without it the same calls are refused.
source "$STOREFLEET_ROOT/tests/integration/provisioner/lib.sh"

start_sim
start_provisioner
start_api --event-poll-ms 60000
curl -sf "$API/api/ready" | grep -q '"provisioner":"connected"' || fail "API not ready: $(curl -s "$API/api/ready")"
for path in /api/stores /api/events /metrics; do
  code=$(curl -s -m 5 -o /dev/null -w '%{http_code}' "$API$path")
  [[ $code == 401 ]] || fail "$path without a token answered $code, wanted 401"
done

# A long event-poll interval above: what the client sees is relayed from the provisioner's stream.
curl -sN -H @"$AUTH_HEADER" "$API/api/events?store=e2e-shop" -H 'Last-Event-ID: 0' >"$WORK/sse.txt" &
BG_PIDS+=($!)  # the SSE reader; cleanup stops it
code=$(curl -s -H @"$AUTH_HEADER" -o "$WORK/create.json" -w '%{http_code}' -X POST "$API/api/stores" \
  -H 'Content-Type: application/json' -d '{"storeName":"e2e-shop","engine":"woocommerce"}')
[[ $code == 202 ]] || fail "create answered $code: $(cat "$WORK/create.json")"

deadline=$((SECONDS + 90))
until curl -s -H @"$AUTH_HEADER" "$API/api/stores/e2e-shop" | grep -q '"status":"Ready"'; do
  ((SECONDS < deadline)) || fail "not Ready: $(curl -s -H @"$AUTH_HEADER" "$API/api/stores/e2e-shop/status")"
  sleep 0.2
done
log "Ready through the API"
curl -s -H @"$AUTH_HEADER" "$API/api/stores/e2e-shop/status" | grep -q '"ready":true' || fail "status has no ready pods"
code=$(curl -s -H @"$AUTH_HEADER" -o /dev/null -w '%{http_code}' -X DELETE "$API/api/stores/e2e-shop")
[[ $code == 202 ]] || fail "delete answered $code"
deadline=$((SECONDS + 90))
until [[ $(curl -s -H @"$AUTH_HEADER" -o /dev/null -w '%{http_code}' "$API/api/stores/e2e-shop") == 404 ]]; do
  ((SECONDS < deadline)) || fail "not deleted: $(curl -s -H @"$AUTH_HEADER" "$API/api/stores/e2e-shop")"
  sleep 0.2
done
for _ in $(seq 50); do grep -q '"status":"Deleted"' "$WORK/sse.txt" && break; sleep 0.1; done

statuses=$(grep '^data: ' "$WORK/sse.txt" | grep '"type":"store.status"' | sed 's/.*"status":"\([A-Za-z]*\)".*/\1/' | uniq | tr '\n' ' ')
[[ $statuses == "Queued Provisioning Installing Ready Deleting Deleted " ]] || fail "SSE statuses: $statuses"
ids=$(grep '^id: ' "$WORK/sse.txt" | sed 's/id: //')
want=$(sql "SELECT id FROM events WHERE store='e2e-shop' ORDER BY id")
[[ "$ids" == "$want" ]] || fail "SSE ids differ from the event log: got [$(echo $ids)] want [$(echo $want)]"
grep -q '^retry: 2000' "$WORK/sse.txt" || fail "no retry hint"
api_metrics=$(curl -s -H @"$AUTH_HEADER" "$API/metrics")  # captured first: grep -q would cut the pipe (pipefail)
grep -q '^storefleet_api_provisioner_connected 1' <<<"$api_metrics" || fail "metrics: provisioner link"
log "e2e ok: $(echo "$ids" | wc -l) events relayed in order"
