# shellcheck shell=bash disable=SC2034,SC2154 # sourced by scripts/bench, which sets root, work, out_dir, bin_dir
# Benchmark: drift latency. The whole stack on kube-sim; drift_latency makes N Ready stores, then deletes one
# store's web pod at a time and times the cluster turning unhealthy (as a watch client of kube-sim sees it) to the
# store.status Degraded event on the API's /api/events, and healthy again to the Ready event.
bench_drift() {
  local stores=${DRIFT_STORES:-20} dir=$work/drift
  mkdir -p "$dir"
  bench_start "drift: $stores stores, one web pod deleted at a time"
  start_sim "$dir"
  start_prov "$dir" "$dir/db.sqlite" --concurrency 4
  start_api "$dir" "$dir/db.sqlite" "http://127.0.0.1:$PROV_PORT"
  sleep 1
  local json rc=0
  json=$("$tools_dir/drift_latency" --api-port "$API_PORT" --token-file "$BENCH_TOKEN_FILE" \
    --kubeconfig "$SIM_KUBECONFIG" --stores "$stores") || rc=$?
  stop_all
  [ -n "$json" ] || bench_fail "drift_latency printed nothing (exit $rc)"
  [ "$rc" = 0 ] || bench_log "drift: drift_latency exit $rc (some rounds were missed)"
  result drift "$(jq --argjson rc "$rc" '. + {exit_code: $rc}' <<<"$json")"
}
