# shellcheck shell=bash disable=SC2034,SC2154 # sourced by scripts/bench, which sets root, work, out_dir, bin_dir
# Benchmark: SSE fan-out. The API alone (no provisioner: the one event per round is the API's own "Queued"),
# N subscribers held by one sse_fanout process; time from the POST to the last subscriber's delivery, and the
# API's RSS idle, peak (VmHWM) and with every subscriber connected.
bench_fanout() {
  local clients=${FANOUT_CLIENTS:-10000} rounds=${FANOUT_ROUNDS:-5} dir=$work/fanout
  mkdir -p "$dir"
  bench_start "fanout: $clients SSE subscribers, $rounds events"
  start_api "$dir" "$dir/db.sqlite" "http://127.0.0.1:9" 
  sleep 1
  local rss_idle
  rss_idle=$(rss_kib "$API_PID")
  # Sample the API's RSS while the subscribers are connected (the tool's rounds take a few seconds).
  ( peak=0; while kill -0 "$API_PID" 2>/dev/null; do
      r=$(rss_kib "$API_PID" || echo 0); [ "${r:-0}" -gt "$peak" ] && peak=$r && echo "$peak" >"$dir/rss-connected"
      sleep 0.1; done ) &
  local sampler=$!
  local json rc=0
  json=$("$tools_dir/sse_fanout" --port "$API_PORT" --token-file "$BENCH_TOKEN_FILE" --clients "$clients" --events "$rounds") || rc=$?
  kill "$sampler" 2>/dev/null || true; wait "$sampler" 2>/dev/null || true
  local hwm
  hwm=$(rss_kib "$API_PID" VmHWM)
  stop_all
  [ -n "$json" ] || bench_fail "sse_fanout printed nothing (exit $rc)"
  result fanout "$(jq --argjson idle "$rss_idle" --argjson hwm "$hwm" --argjson conn "$(cat "$dir/rss-connected" 2>/dev/null || echo 0)" \
    '. + {api_rss_idle_kib: $idle, api_rss_peak_kib: $hwm, api_rss_connected_max_sampled_kib: $conn}' <<<"$json")"
}
