# shellcheck shell=bash disable=SC2034,SC2154 # sourced by scripts/bench, which sets root, work, out_dir, bin_dir
# Benchmarks: steady-state API-server load and footprint. One stack on kube-sim: RSS of the idle services, then
# N stores created (open_loop_load at STEADY_CREATE_RATE/s) and waited for until Ready, then the request counter
# of kube-sim is reset and 10 SSE clients stay connected for STEADY_SECONDS: requests by verb and resource in
# that window (startup excluded), and RSS with N stores. Then the provisioner is restarted and the requests of
# its first STEADY_RESTART_SECONDS are counted (its start-up cost with N stores).
bench_steady() {
  local n=${STEADY_STORES:-1000} secs=${STEADY_SECONDS:-60} rate=${STEADY_CREATE_RATE:-50}
  local ready_timeout=${STEADY_READY_TIMEOUT:-1200} conc=${STEADY_CONCURRENCY:-8} dir=$work/steady
  mkdir -p "$dir"
  bench_start "steady: $n stores (--concurrency $conc), then $secs s with 10 SSE clients"
  start_sim "$dir"
  start_prov "$dir" "$dir/db.sqlite" --concurrency "$conc"
  start_api "$dir" "$dir/db.sqlite" "http://127.0.0.1:$PROV_PORT"
  sleep 3
  local idle
  idle=$(jq -n --argjson api "$(rss_kib "$API_PID")" --argjson prov "$(rss_kib "$PROV_PID")" \
    --argjson sim "$(rss_kib "$SIM_PID")" '{api_kib: $api, provisioner_kib: $prov, kube_sim_kib: $sim}')
  bench_log "steady: idle RSS $(jq -c . <<<"$idle")"

  local t0 create_json
  t0=$(date +%s%N)
  create_json=$("$tools_dir/open_loop_load" --port "$API_PORT" --token-file "$BENCH_TOKEN_FILE" --rate "$rate" --duration "$(jq -n "$n / $rate")" \
    --prefix s --max-connections 4)
  local ready=0 failed=0 deadline=$((SECONDS + ready_timeout))
  while [ "$SECONDS" -lt "$deadline" ]; do
    ready=$(stores_with_status "$API_PORT" Ready)
    failed=$(stores_with_status "$API_PORT" Failed)
    [ $((ready + failed)) -ge "$n" ] && break
    sleep 2
  done
  local ready_ms=$((($(date +%s%N) - t0) / 1000000))
  bench_log "steady: $ready Ready, $failed Failed of $n after $ready_ms ms"
  sleep 5  # let the last status writes and watch events settle before counting

  sim_curl /sim/v1/requests -X DELETE >/dev/null
  local cpu0
  cpu0=$(cpu_ticks "$PROV_PID")
  local sse_pids=() i
  for i in $(seq 1 10); do
    sse_client "$API_PORT" "$dir/sse-reconnects" &
    sse_pids+=($!)
    started_pids+=($!)
  done
  sleep "$secs"
  local window prov_cpu_percent
  window=$(sim_curl /sim/v1/requests)
  prov_cpu_percent=$(jq -n --argjson d "$(($(cpu_ticks "$PROV_PID") - cpu0))" --argjson hz "$(getconf CLK_TCK)" \
    --argjson s "$secs" '$d / $hz / $s * 100 * 100 | round / 100')
  local with_stores
  with_stores=$(jq -n --argjson api "$(rss_kib "$API_PID")" --argjson prov "$(rss_kib "$PROV_PID")" \
    --argjson sim "$(rss_kib "$SIM_PID")" --argjson clients "$(api_metric "$API_PORT" storefleet_api_sse_clients)" \
    --argjson dropped "$(api_metric "$API_PORT" storefleet_api_sse_dropped_total)" --argjson alive "$(alive "${sse_pids[@]}")" \
    --argjson reconnects "$(wc -l <"$dir/sse-reconnects" 2>/dev/null || echo 0)" --argjson cpu "$prov_cpu_percent" \
    '{api_kib: $api, provisioner_kib: $prov, provisioner_cpu_percent_in_window: $cpu, kube_sim_kib: $sim, api_sse_clients: $clients,
      api_sse_dropped_total: $dropped, sse_client_processes_alive: $alive, sse_reconnects_in_window: $reconnects}')
  for i in "${sse_pids[@]}"; do stop_pid "$i"; done

  # Start-up cost: restart the provisioner on the same database and cluster.
  local restart_secs=${STEADY_RESTART_SECONDS:-15}
  stop_pid "$PROV_PID"
  sim_curl /sim/v1/requests -X DELETE >/dev/null
  start_prov "$dir" "$dir/db.sqlite" --concurrency "$conc"
  sleep "$restart_secs"
  local restart
  restart=$(sim_curl /sim/v1/requests)
  local prov_rss_after_restart
  prov_rss_after_restart=$(rss_kib "$PROV_PID")
  stop_all

  local by_verb='.requests | group_by(.verb) | map({key: .[0].verb, value: (map(.count) | add)}) | from_entries'
  local by_res='.requests | group_by(.verb + " " + .resource) | map({key: (.[0].verb + " " + .[0].resource), value: (map(.count) | add)}) | from_entries'
  result steady "$(jq -n --argjson n "$n" --argjson ready "$ready" --argjson failed "$failed" \
    --argjson ready_ms "$ready_ms" --argjson secs "$secs" --argjson w "$window" --argjson r "$restart" \
    --argjson rs "$restart_secs" --argjson create "$create_json" --argjson conc "$conc" "
    {stores_requested: \$n, stores_ready: \$ready, stores_failed: \$failed, concurrency: \$conc,
     all_ready_after_ms: \$ready_ms, create_load: (\$create | {offered_rate, achieved_rate, completed_2xx, p99_ms}),
     window_seconds: \$secs, sse_clients: 10,
     window_requests_by_verb: (\$w | $by_verb), window_requests_by_verb_resource: (\$w | $by_res),
     window_list_get_per_minute: ((\$w | [.requests[] | select(.verb == \"list\" or .verb == \"get\") | .count] | add // 0) * 60 / \$secs),
     restart_seconds: \$rs, restart_requests_by_verb: (\$r | $by_verb),
     restart_requests_by_verb_resource: (\$r | $by_res)}")"
  result footprint "$(jq -n --argjson idle "$idle" --argjson with "$with_stores" --argjson n "$ready" \
    --argjson p "$prov_rss_after_restart" \
    '{idle: $idle, with_stores: ($with + {stores_ready: $n}), provisioner_kib_after_restart_with_stores: $p}')"
}

# sse_client PORT LOGFILE: one dashboard-like SSE client: reconnects when the stream ends, as EventSource does
# (a line in LOGFILE per reconnect), until TERM.
sse_client() {
  local port=$1 log=$2 c=""
  trap '[ -n "$c" ] && kill "$c" 2>/dev/null; exit 0' TERM
  while :; do
    curl -sN -H @"$AUTH_HEADER" "http://127.0.0.1:$port/api/events" >/dev/null 2>&1 &
    c=$!
    wait "$c" || true
    echo "reconnect $(date +%s.%N)" >>"$log"
    sleep 0.1
  done
}

alive() {
  local n=0 pid
  for pid in "$@"; do kill -0 "$pid" 2>/dev/null && n=$((n + 1)); done
  echo "$n"
}
