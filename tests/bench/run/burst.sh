# shellcheck shell=bash disable=SC2034,SC2154 # sourced by scripts/bench, which sets root, work, out_dir, bin_dir
# Benchmark: a burst. kube-sim with slow pods (start 2 s, ready 10 s, setup Job 15 s); one store alone, then
# BURST_STORES POSTed at once, each on a fresh stack; the last Ready of the burst against the one alone. The
# provisioner runs BURST_CONCURRENCY workers and --helm-concurrency BURST_HELM: workers wait for their pods on
# watch events, only helm processes are limited.
bench_burst() {
  local n=${BURST_STORES:-100} conc=${BURST_CONCURRENCY:-128} helm=${BURST_HELM:-4} one many
  one=$(burst_run 1 "$conc" "$helm")
  many=$(burst_run "$n" "$conc" "$helm")
  result burst "$(jq -n --argjson one "$one" --argjson many "$many" --argjson conc "$conc" --argjson helm "$helm" \
    '{concurrency: $conc, helm_concurrency: $helm, alone: $one, burst: $many,
      last_ready_ratio: ($many.post_to_ready.max_ms / $one.post_to_ready.max_ms)}')"
}

burst_run() {  # N CONCURRENCY HELM_CONCURRENCY → store_timeline JSON (without per-store rows)
  local n=$1 conc=$2 helm=$3 dir=$work/burst-$1 json rc=0
  mkdir -p "$dir"
  bench_start "burst: $n stores at once, --concurrency $conc --helm-concurrency $helm"
  start_sim "$dir" --pod-start-delay 2s --pod-ready-delay 10s --job-duration 15s
  start_prov "$dir" "$dir/db.sqlite" --concurrency "$conc" --helm-concurrency "$helm"
  start_api "$dir" "$dir/db.sqlite" "http://127.0.0.1:$PROV_PORT"
  sleep 1
  json=$("$tools_dir/store_timeline" --api-port "$API_PORT" --token-file "$BENCH_TOKEN_FILE" \
    --kubeconfig "$SIM_KUBECONFIG" --stores "$n" --spacing-ms 0 --timeout 900) || rc=$?
  stop_all
  [ -n "$json" ] || bench_fail "store_timeline printed nothing (exit $rc)"
  [ "$rc" = 0 ] || bench_log "burst: store_timeline exit $rc (not every store became Ready)"
  jq -c --argjson rc "$rc" 'del(.per_store) + {exit_code: $rc}' <<<"$json"
}
