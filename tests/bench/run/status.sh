# shellcheck shell=bash disable=SC2034,SC2154 # sourced by scripts/bench, which sets root, work, out_dir, bin_dir
# Benchmark: status latency. The whole stack on kube-sim; store_timeline creates stores one at a time and
# times each pod's Ready (as a watch client of kube-sim sees it) to the first store.observed event showing it
# ready on the API's /api/events, and each store's last pod Ready / Job Complete to its store.status Ready event.
bench_status() {
  local stores=${STATUS_STORES:-30} spacing=${STATUS_SPACING_MS:-300} dir=$work/status
  mkdir -p "$dir"
  bench_start "status: $stores stores, one every $spacing ms"
  start_sim "$dir"
  start_prov "$dir" "$dir/db.sqlite" --concurrency 4
  start_api "$dir" "$dir/db.sqlite" "http://127.0.0.1:$PROV_PORT"
  sleep 1
  local json rc=0
  json=$("$tools_dir/store_timeline" --api-port "$API_PORT" --token-file "$BENCH_TOKEN_FILE" --kubeconfig "$SIM_KUBECONFIG" --stores "$stores" \
    --spacing-ms "$spacing" --timeout 300) || rc=$?
  stop_all
  [ -n "$json" ] || bench_fail "store_timeline printed nothing (exit $rc)"
  [ "$rc" = 0 ] || bench_log "status: store_timeline exit $rc (not every store became Ready)"
  result status "$(jq --argjson rc "$rc" '. + {exit_code: $rc}' <<<"$json")"
}
