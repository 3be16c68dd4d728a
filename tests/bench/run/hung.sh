# shellcheck shell=bash disable=SC2034,SC2154 # sourced by scripts/bench, which sets root, work, out_dir, bin_dir
# Benchmark: a hung provisioner. The API's --provisioner-url points at hung_listener, which accepts connections and
# never answers (the API's event stream from it, its wake-ups and credentials calls all hang). A store row is
# written into the API's database so that its credentials route reaches the provisioner.
#  1. GET /api/health, open loop at HUNG_HEALTH_RATE for HUNG_SECONDS, nothing else running.
#  2. The same health load while, side by side: HUNG_CRED_CALLERS curl loops call GET /api/stores/hung-shop/
#     credentials (each waits out the API's 3 s deadline, expected 503), and sse_fanout holds HUNG_SSE_CLIENTS
#     streams and, every 2 s, inserts an event into the `events` table with sqlite3 (the API finds it by polling
#     the log every --event-poll-ms, its default 1000 ms here: the provisioner's stream, the usual path, is hung).
# Targets: health p99 < 5 ms in both phases; credentials answer 503 after about 3 s; every event reaches every
# stream (within the poll interval plus delivery).
bench_hung() {
  local rate=${HUNG_HEALTH_RATE:-500} secs=${HUNG_SECONDS:-15} callers=${HUNG_CRED_CALLERS:-8}
  local sse_clients=${HUNG_SSE_CLIENTS:-100} events=${HUNG_EVENTS:-5} dir=$work/hung
  mkdir -p "$dir"
  bench_start "hung: health at $rate/s for $secs s, alone then with $callers credentials callers and $sse_clients streams"
  "$tools_dir/hung_listener" --port 0 >"$dir/hung.log" 2>&1 &
  local hung_pid=$!
  started_pids+=("$hung_pid")
  local hung_port
  hung_port=$(wait_log_port "$dir/hung.log" "$hung_pid" hung_listener)
  start_api "$dir" "$dir/db.sqlite" "http://127.0.0.1:$hung_port"
  local db=$dir/db.sqlite
  sqlite3 -cmd '.timeout 5000' "$db" "INSERT INTO stores (name, engine, namespace, status, url, created_at, updated_at)
    VALUES ('hung-shop', 'woocommerce', 'store-hung-shop', 'Ready', 'http://hung-shop.local', 1, 1)"
  local base="http://127.0.0.1:$API_PORT"
  sleep 1
  "$tools_dir/open_loop_load" --port "$API_PORT" --method GET --path /api/health --rate 200 --duration 1 >/dev/null
  # 1. Health alone (the provisioner hung all along: its stream and wake-ups are waiting in the API).
  local alone
  alone=$("$tools_dir/open_loop_load" --port "$API_PORT" --method GET --path /api/health --rate "$rate" --duration "$secs")
  bench_log "hung: health alone: $(jq -r '"p50 \(.p50_ms) ms, p99 \(.p99_ms) ms, max \(.max_ms) ms (\(.completed_2xx)/\(.scheduled) 2xx)"' <<<"$alone")"
  # 2. Health with credentials calls waiting and streams being fed.
  local end=$(($(date +%s) + secs)) i
  for i in $(seq 1 "$callers"); do
    ( while [ "$(date +%s)" -lt "$end" ]; do
        curl -sS -o /dev/null -H @"$AUTH_HEADER" -w '%{http_code} %{time_total}\n' "$base/api/stores/hung-shop/credentials"
      done >"$dir/cred-$i.txt" 2>&1 ) &
    started_pids+=("$!")
  done
  local insert="sqlite3 -cmd '.timeout 5000' '$db' \"INSERT INTO events (type, store, status, data, at)
    VALUES ('store.status', '{name}', 'Ready', '{}', CAST(strftime('%s','now') AS INTEGER) * 1000)\""
  "$tools_dir/sse_fanout" --port "$API_PORT" --token-file "$BENCH_TOKEN_FILE" --clients "$sse_clients" \
    --events "$events" --trigger-command "$insert" --round-pause 2 --delivery-timeout 10 --prefix hung \
    >"$dir/sse.json" 2>"$dir/sse.log" &
  local sse_pid=$!
  started_pids+=("$sse_pid")
  local busy
  busy=$("$tools_dir/open_loop_load" --port "$API_PORT" --method GET --path /api/health --rate "$rate" --duration "$secs")
  bench_log "hung: health with credentials calls and streams: $(jq -r '"p50 \(.p50_ms) ms, p99 \(.p99_ms) ms, max \(.max_ms) ms (\(.completed_2xx)/\(.scheduled) 2xx)"' <<<"$busy")"
  wait "$sse_pid" || true
  stop_pid "$sse_pid"
  sleep 4  # the last credentials calls reach their deadline
  local cred
  # "STATUS SECONDS" per call -> statuses and times (curl's own errors, if any, show as status "000").
  cred=$(cat "$dir"/cred-*.txt | jq -c -R -s '
    split("\n") | map(select(test("^[0-9]+ [0-9.]+$")) | split(" ")) as $c | ($c | map(.[1] | tonumber * 1000) | sort) as $t |
    {calls: ($c | length), statuses: ($c | group_by(.[0]) | map({(.[0][0]): length}) | add // {}),
     min_ms: ($t[0] | round), p50_ms: ($t[(($t | length) / 2 | floor)] | round), max_ms: ($t[-1] | round)}')
  bench_log "hung: credentials: $cred"
  bench_log "hung: streams: $(tail -n "$events" "$dir/sse.log" | paste -sd';')"
  local accepted
  stop_pid "$API_PID"
  stop_pid "$hung_pid"
  accepted=$(tail -1 "$dir/hung.log")
  stop_all
  result hung "$(jq -n --argjson alone "$alone" --argjson busy "$busy" --argjson cred "$cred" \
    --argjson sse "$(cat "$dir/sse.json")" --argjson hung "$accepted" --argjson callers "$callers" '
    {health_alone: $alone, health_with_credentials_and_streams: $busy,
     credentials: ($cred + {callers: $callers, deadline_s: 3}),
     streams: {clients: $sse.subscribed, events: ($sse.rounds | length),
               all_delivered: ([$sse.rounds[] | .all_delivered] | all),
               time_to_last_delivery: $sse.time_to_last_delivery, event_poll_ms: 1000},
     hung_listener: $hung, target_health_p99_ms: 5,
     met: {health: ($alone.p99_ms < 5 and $busy.p99_ms < 5),
           credentials_503: (($cred.statuses | keys) == ["503"]),
           streams_flow: ([$sse.rounds[] | .all_delivered] | all)}}')"
}
