# shellcheck shell=bash disable=SC2034,SC2154 # sourced by scripts/bench, which sets root, work, out_dir, bin_dir
# Benchmark: a reconnect storm. STORM_EVENTS events are written into the API's event log with sqlite3 (while it is
# stopped, like `list` seeds stores), then, while open_loop_load runs POST /api/stores at STORM_CREATE_RATE and
# GET /api/health at STORM_HEALTH_RATE for STORM_SECONDS, sse_fanout connects STORM_CLIENTS subscribers with
# `Last-Event-ID: 0` (2 s into the load) and stays connected until the load ends. The API replays at most 10,000
# events; beyond that it answers with a `resync` event. Every create's "Queued" event goes live to every subscriber.
# Figures: create p99 (< 20 ms), health p99 (< 5 ms), the API's peak RSS (VmHWM, < 150 MB), time until every
# subscriber has its resync.
# STORM_LAST_EVENT_ID=none is a control: the same subscribers without Last-Event-ID (no replay, no resync), so the
# cost of the storm itself can be told from the cost of streaming every create to every subscriber.
bench_storm() {
  local events=${STORM_EVENTS:-100000} clients=${STORM_CLIENTS:-5000} secs=${STORM_SECONDS:-20}
  local create_rate=${STORM_CREATE_RATE:-50} health_rate=${STORM_HEALTH_RATE:-200} dir=$work/storm
  local last_id=${STORM_LAST_EVENT_ID:-0} reconnect=(--last-event-id "${STORM_LAST_EVENT_ID:-0}" --wait-for "event: resync")
  [ "$last_id" = none ] && reconnect=()
  mkdir -p "$dir"
  bench_start "storm: $clients SSE subscribers (Last-Event-ID: $last_id) over $events events; creates at $create_rate/s, health at $health_rate/s for $secs s"
  start_api "$dir" "$dir/db.sqlite" "http://127.0.0.1:9"
  stop_all
  sqlite3 "$dir/db.sqlite" <<SQL
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $events)
INSERT INTO events (type, store, status, reason, data, at)
SELECT 'store.status', printf('old-%06d', i % 5000),
       CASE WHEN i % 3 = 0 THEN 'Ready' WHEN i % 3 = 1 THEN 'Provisioning' ELSE 'Installing' END,
       'seeded', '{}', 1764000000000 + i * 10
FROM n;
SQL
  local in_log
  in_log=$(sqlite3 "$dir/db.sqlite" 'select count(*) from events')
  start_api "$dir" "$dir/db.sqlite" "http://127.0.0.1:9"
  sleep 1
  local rss_idle
  rss_idle=$(rss_kib "$API_PID")
  "$tools_dir/open_loop_load" --port "$API_PORT" --token-file "$BENCH_TOKEN_FILE" --rate 100 --duration 2 --prefix warm >/dev/null
  "$tools_dir/open_loop_load" --port "$API_PORT" --token-file "$BENCH_TOKEN_FILE" --rate "$create_rate" \
    --duration "$secs" --prefix storm --timeline "$dir/create.timeline" >"$dir/create.json" &
  local create_pid=$!
  "$tools_dir/open_loop_load" --port "$API_PORT" --method GET --path /api/health --rate "$health_rate" \
    --duration "$secs" --timeline "$dir/health.timeline" >"$dir/health.json" &
  local health_pid=$!
  started_pids+=("$create_pid" "$health_pid")
  sleep 2
  local fan_rc=0
  "$tools_dir/sse_fanout" --port "$API_PORT" --token-file "$BENCH_TOKEN_FILE" --clients "$clients" --events 0 \
    "${reconnect[@]}" --delivery-timeout 60 --hold $((secs - 4)) \
    >"$dir/sse.json" 2>"$dir/sse.log" || fan_rc=$?
  wait "$create_pid" "$health_pid" || true
  local hwm
  hwm=$(rss_kib "$API_PID" VmHWM)
  local dropped fanouts deliveries
  dropped=$(api_metric "$API_PORT" storefleet_api_sse_dropped_total)
  fanouts=$(api_metric "$API_PORT" storefleet_api_sse_fanouts_total)
  deliveries=$(api_metric "$API_PORT" storefleet_api_sse_deliveries_total)
  stop_all
  # Every answer's due time and latency, for finding when the tail happens (not part of the result JSON).
  cp "$dir/create.timeline" "$out_dir/parts/storm-create.timeline"
  cp "$dir/health.timeline" "$out_dir/parts/storm-health.timeline"
  bench_log "storm: $(tr '\n' ' ' <"$dir/sse.log")(exit $fan_rc)"
  local create health
  create=$(cat "$dir/create.json") health=$(cat "$dir/health.json")
  bench_log "storm: create p50 $(jq .p50_ms <<<"$create") ms, p99 $(jq .p99_ms <<<"$create") ms ($(jq .completed_2xx <<<"$create")/$(jq .scheduled <<<"$create") 2xx); health p99 $(jq .p99_ms <<<"$health") ms; API VmHWM $hwm KiB; $fanouts fan-outs, $deliveries deliveries"
  result storm "$(jq -n --argjson create "$create" --argjson health "$health" --argjson sse "$(cat "$dir/sse.json")" \
    --argjson idle "$rss_idle" --argjson hwm "$hwm" --argjson in_log "$in_log" --argjson dropped "$dropped" \
    --argjson fanouts "$fanouts" --argjson deliveries "$deliveries" \
    --arg last_id "$last_id" '
    {last_event_id: $last_id, events_in_log: $in_log, create: $create, health: $health,
     reconnects: {clients: $sse.clients_requested, subscribed: $sse.subscribed, connect_ms: $sse.connect_ms,
                  resync: $sse.wait_for, bytes_received: $sse.bytes_received, first_error: $sse.first_error},
     sse_dropped_total: $dropped, sse_fanouts_total: $fanouts, sse_deliveries_total: $deliveries, api_rss_idle_kib: $idle, api_rss_peak_kib: $hwm,
     targets: {create_p99_ms: 20, health_p99_ms: 5, api_rss_peak_mb: 150},
     met: {create: ($create.p99_ms < 20 and $create.completed_2xx == $create.scheduled),
           health: ($health.p99_ms < 5), rss: ($hwm * 1024 < 150000000),
           all_resynced: ($sse.wait_for.all_seen // null)}}')"
}
