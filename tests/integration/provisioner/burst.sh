#!/usr/bin/env bash
# Bursts: a burst of 50 with few helm slots: at most --helm-concurrency helm processes ever run at once while
# every store of the burst becomes Ready; kill -9 of the provisioner in the middle of a burst of 20 → every store
# converges after a restart, with exactly one release each.
source "$(dirname "$0")/lib.sh"
start_sim

# helm, recording when each run starts and ends (never its arguments beyond the subcommand).
export REAL_HELM=$HELM HELM_RUNS=$WORK/helm-runs.log
cat >"$WORK/helm-recorder" <<'SH'
#!/usr/bin/env bash
echo "$(date +%s%N) +1 $1" >>"$HELM_RUNS"
setpriv --pdeathsig KILL "$REAL_HELM" "$@"  # dies with this wrapper, as helm dies with the provisioner
rc=$?
echo "$(date +%s%N) -1 $1" >>"$HELM_RUNS"
exit $rc
SH
chmod +x "$WORK/helm-recorder"
max_helm_at_once() { grep -v ' version$' "$HELM_RUNS" | sort -n | awk '{n += $2; if (n > m) m = n} END {print m + 0}'; }

start_provisioner --concurrency 64 --helm-concurrency 2 --helm "$WORK/helm-recorder"
for i in $(seq 50); do create_store "burst-$i" woocommerce; done
for i in $(seq 50); do wait_status "burst-$i" Ready 180; done
runs=$(grep -c ' +1 upgrade$' "$HELM_RUNS")
[[ $runs -ge 50 ]] || fail "expected 50 helm upgrades, saw $runs"
at_once=$(max_helm_at_once)
[[ $at_once -le 2 ]] || fail "$at_once helm processes ran at once with --helm-concurrency 2"
metrics=$(prov_curl -sf "$PROV_URL/metrics")  # (captured first: grep -q would cut the pipe under pipefail)
grep -Eq '^storefleet_provisioner_helm_slot_wait_seconds_count ([5-9][0-9]|[1-9][0-9]{2,})$' <<<"$metrics" \
  || fail "helm slot metric: $(grep helm_slot <<<"$metrics")"
log "50 stores Ready; at most $at_once helm processes at once"

# kill -9 in the middle of a burst of 20.
: >"$HELM_RUNS"
for i in $(seq 20); do create_store "kill-$i" woocommerce; done
for _ in $(seq 200); do
  [[ $(sql "SELECT count(*) FROM stores WHERE name LIKE 'kill-%' AND status IN ('Installing','Ready')") -ge 5 ]] && break
  sleep 0.1
done
stop_provisioner_hard
sleep 0.5
: >"$HELM_RUNS"  # runs cut by the kill never log their end: count from the restart on
log "killed with $(sql "SELECT count(*) FROM stores WHERE name LIKE 'kill-%' AND status = 'Ready'") of 20 Ready"
start_provisioner --concurrency 8 --helm-concurrency 2 --helm "$WORK/helm-recorder"
for i in $(seq 20); do wait_status "kill-$i" Ready 180; done
releases=$(HOME=$WORK/home "$HELM" --kubeconfig "$WORK/kubeconfig" list -A -q | grep -c '^kill-[0-9]*$')
[[ $releases == 20 ]] || fail "expected 20 releases, found $releases"
for i in $(seq 20); do
  [[ $(sql "SELECT count(*) FROM jobs j JOIN stores s ON s.id = j.store_id WHERE s.name = 'kill-$i'") == 1 ]] \
    || fail "kill-$i has more than one job"
done
[[ $(max_helm_at_once) -le 2 ]] || fail "more than 2 helm processes at once after the restart"
log "PASS"
