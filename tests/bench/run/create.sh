# shellcheck shell=bash disable=SC2034,SC2154 # sourced by scripts/bench, which sets root, work, out_dir, bin_dir
# Benchmark: create latency and throughput of the API alone (no provisioner: jobs just queue). Open-loop sweep
# over fixed rates (latency from each request's due time), then wrk closed-loop for the saturated rate.
# A rate is sustained when every request got a 2xx, the achieved rate is within 2 % of the offered one and p99
# stays under 100 ms (beyond that the queue in front of the API grows for as long as the load lasts).
bench_create() {
  local rates=${CREATE_RATES:-"100 250 500 1000 1500 2000 3000 4000 6000"} secs=${CREATE_SECONDS:-10}
  local dir=$work/create
  mkdir -p "$dir"
  bench_start "create: open loop at $rates req/s, $secs s each"
  # CREATE_DB_DIR=/dev/shm puts the database in memory (tells what disk syncs cost); default: the temp dir.
  local db_dir=${CREATE_DB_DIR:-$dir}
  start_api "$dir" "$db_dir/bench-create-$$.db" "http://127.0.0.1:9"
  sleep 0.5
  # Warm-up (discarded): first connections, SQLite's first WAL growth and page cache.
  "$tools_dir/open_loop_load" --port "$API_PORT" --token-file "$BENCH_TOKEN_FILE" --rate 200 --duration 2 --prefix warm >/dev/null
  local steps=() rate json failures=0 best=0
  for rate in $rates; do
    json=$("$tools_dir/open_loop_load" --port "$API_PORT" --token-file "$BENCH_TOKEN_FILE" --rate "$rate" --duration "$secs" --max-connections 64)
    json=$(jq '. + {sustained: ((.completed_2xx == .scheduled) and (.achieved_rate >= 0.98 * .offered_rate)
                                and (.p99_ms < 100))}' <<<"$json")
    bench_log "create: offered $rate/s -> $(jq -r '"achieved \(.achieved_rate)/s, p50 \(.p50_ms) ms, p99 \(.p99_ms) ms, sustained \(.sustained)"' <<<"$json")"
    steps+=("$json")
    if [ "$(jq -r .sustained <<<"$json")" = true ]; then best=$rate; failures=0; else failures=$((failures + 1)); fi
    [ "$failures" -ge 2 ] && break
    sleep 1
  done
  # Closed loop: as fast as 16 connections go (wrk's 2 threads share the 2 cores with the API).
  local wrk_out wrk_json
  wrk_out=$(wrk -t2 -c16 -d"${secs}s" --latency -s "$root/tests/bench/create.lua" "http://127.0.0.1:$API_PORT" \
    -- "$(printf '%x' "$(date +%s)")" "$BENCH_TOKEN_FILE")
  wrk_json=$(grep '^WRK_JSON ' <<<"$wrk_out" | sed 's/^WRK_JSON //')
  bench_log "create: wrk -t2 -c16 closed loop: $(jq -r '"\(.rate)/s, p50 \(.p50_ms) ms, p99 \(.p99_ms) ms"' <<<"$wrk_json")"
  local stores
  stores=$(sqlite3 "$db_dir/bench-create-$$.db" 'select count(*) from stores' 2>/dev/null || echo null)
  stop_all
  rm -f "$db_dir/bench-create-$$.db" "$db_dir/bench-create-$$.db-wal" "$db_dir/bench-create-$$.db-shm"
  result create "$(printf '%s\n' "${steps[@]}" | jq -s --argjson best "$best" --argjson wrk "$wrk_json" \
    --argjson stores "$stores" --arg wrkcmd "wrk -t2 -c16 -d${secs}s --latency -s tests/bench/create.lua URL -- RUNID TOKENFILE" \
    --arg db_dir "${CREATE_DB_DIR:-temp dir on the root disk}" \
    '{steps: ., max_sustained_rate: $best, db_dir: $db_dir, wrk_closed_loop: ($wrk + {command: $wrkcmd}), stores_in_db_after: $stores}')"
}
