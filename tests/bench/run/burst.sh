# shellcheck shell=bash disable=SC2034,SC2154 # sourced by scripts/bench, which sets root, work, out_dir, bin_dir
# Benchmark: a burst. kube-sim with slow pods (start 2 s, ready 10 s, setup Job 15 s); one store alone, then
# BURST_STORES POSTed at once, each on a fresh stack; the last Ready of the burst against the one alone. The
# provisioner holds up to BURST_CONCURRENCY jobs and runs helm on a pool of BURST_HELM: stores wait for their pods
# on watch events (no thread each), only helm processes are limited. Prints how long helm tasks waited for the pool
# and how long one helm upgrade took, from the provisioner's metrics.
bench_burst() {
  local n=${BURST_STORES:-100} conc=${BURST_CONCURRENCY:-128} helm=${BURST_HELM:-4} one many
  one=$(burst_run 1 "$conc" "$helm")
  many=$(burst_run "$n" "$conc" "$helm")
  result burst "$(jq -n --argjson one "$one" --argjson many "$many" --argjson conc "$conc" --argjson helm "$helm" \
    '{concurrency: $conc, helm_concurrency: $helm, alone: $one, burst: $many,
      last_ready_ratio: ($many.post_to_ready.max_ms / $one.post_to_ready.max_ms)}')"
}

burst_run() {  # N CONCURRENCY HELM_CONCURRENCY → store_timeline JSON (without per-store rows)
  local n=$1 conc=$2 helm=$3 dir=$work/burst-$1 json rc=0 metrics
  mkdir -p "$dir"
  bench_start "burst: $n stores at once, --concurrency $conc --helm-concurrency $helm"
  start_sim "$dir" --pod-start-delay 2s --pod-ready-delay 10s --job-duration 15s
  start_prov "$dir" "$dir/db.sqlite" --concurrency "$conc" --helm-concurrency "$helm"
  start_api "$dir" "$dir/db.sqlite" "http://127.0.0.1:$PROV_PORT"
  sleep 1
  json=$("$tools_dir/store_timeline" --api-port "$API_PORT" --token-file "$BENCH_TOKEN_FILE" \
    --kubeconfig "$SIM_KUBECONFIG" --stores "$n" --spacing-ms 0 --timeout 900) || rc=$?
  metrics=$(curl -sS -H @"$INTERNAL_HEADER" "http://127.0.0.1:$PROV_PORT/metrics" || true)
  stop_all
  [ -n "$json" ] || bench_fail "store_timeline printed nothing (exit $rc)"
  [ "$rc" = 0 ] || bench_log "burst: store_timeline exit $rc (not every store became Ready)"
  jq -c --argjson rc "$rc" --argjson helm "$(helm_figures <<<"$metrics")" \
    'del(.per_store) + {exit_code: $rc, helm: $helm}' <<<"$json"
}

# The provisioner's /metrics → {pool_wait_mean_ms, tasks, upgrade_mean_ms, upgrades}.
helm_figures() {
  awk '
    /^storefleet_provisioner_helm_slot_wait_seconds_sum / {ws = $2}
    /^storefleet_provisioner_helm_slot_wait_seconds_count / {wc = $2}
    /^storefleet_provisioner_helm_duration_seconds_sum\{command="upgrade"/ {us = $2}
    /^storefleet_provisioner_helm_duration_seconds_count\{command="upgrade"/ {uc = $2}
    END {
      printf "{\"pool_wait_mean_ms\": %.1f, \"tasks\": %d, \"upgrade_mean_ms\": %.1f, \"upgrades\": %d}\n",
        wc ? 1000 * ws / wc : 0, wc, uc ? 1000 * us / uc : 0, uc
    }'
}
