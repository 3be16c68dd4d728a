# shellcheck shell=bash disable=SC2034,SC2154 # sourced by scripts/bench, which sets root, work, out_dir, bin_dir
# Benchmark: HTTPS against plain HTTP. A self-signed P-256 certificate for IP 127.0.0.1 is made with openssl; the
# tools verify the API's certificate against it (--tls-ca). TLS_RUNS pairs of runs, each a fresh API: plain HTTP,
# then --tls-cert-file/--tls-key-file, each `open_loop_load` POST /api/stores at TLS_RATE for TLS_SECONDS over
# keep-alive connections (after a discarded warm-up). Then one fresh HTTPS API with TLS_FANOUT_CLIENTS SSE
# subscribers (`sse_fanout --tls-ca`) and TLS_FANOUT_ROUNDS events.
# Targets: create p99 over TLS <= 1.5 x plain (each pair); one event to 10,000 TLS subscribers < 300 ms.
tls_create_run() {  # tls_create_run NAME [api flags...]: prints open_loop_load's JSON
  local name=$1 dir=$work/tls/$1 ca=()
  shift
  mkdir -p "$dir"
  [ $# -gt 0 ] && ca=(--tls-ca "$work/tls/cert.pem")
  start_api "$dir" "$dir/db.sqlite" "http://127.0.0.1:9" "$@"
  sleep 0.5
  "$tools_dir/open_loop_load" --port "$API_PORT" --token-file "$BENCH_TOKEN_FILE" "${ca[@]}" --rate 200 --duration 2 \
    --prefix warm >/dev/null
  "$tools_dir/open_loop_load" --port "$API_PORT" --token-file "$BENCH_TOKEN_FILE" "${ca[@]}" --rate "$TLS_RATE_" \
    --duration "$TLS_SECONDS_" --max-connections 64
  stop_all
}

bench_tls() {
  TLS_RATE_=${TLS_RATE:-500} TLS_SECONDS_=${TLS_SECONDS:-10}
  local runs=${TLS_RUNS:-2} clients=${TLS_FANOUT_CLIENTS:-10000} rounds=${TLS_FANOUT_ROUNDS:-5} dir=$work/tls
  mkdir -p "$dir"
  bench_start "tls: create at $TLS_RATE_/s plain vs HTTPS ($runs pairs), then $clients HTTPS SSE subscribers"
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 -subj /CN=127.0.0.1 \
    -addext subjectAltName=IP:127.0.0.1 -keyout "$dir/key.pem" -out "$dir/cert.pem" 2>/dev/null
  local tls_flags=(--tls-cert-file "$dir/cert.pem" --tls-key-file "$dir/key.pem")
  local pairs=() i plain secure
  for i in $(seq 1 "$runs"); do
    plain=$(tls_create_run "plain-$i")
    secure=$(tls_create_run "tls-$i" "${tls_flags[@]}")
    bench_log "tls: pair $i: plain p99 $(jq .p99_ms <<<"$plain") ms (p50 $(jq .p50_ms <<<"$plain")), HTTPS p99 $(jq .p99_ms <<<"$secure") ms (p50 $(jq .p50_ms <<<"$secure")), $(jq .connections_used <<<"$secure") connections"
    pairs+=("$(jq -n --argjson p "$plain" --argjson s "$secure" \
      '{plain: $p, tls: $s, p99_ratio: (($s.p99_ms / $p.p99_ms) * 100 | round / 100),
        all_2xx: ($p.completed_2xx == $p.scheduled and $s.completed_2xx == $s.scheduled)}')")
  done
  # Fan-out over HTTPS: the trigger POST goes over HTTPS too.
  start_api "$dir" "$dir/fanout.sqlite" "http://127.0.0.1:9" "${tls_flags[@]}"
  sleep 1
  local fan rc=0
  fan=$("$tools_dir/sse_fanout" --port "$API_PORT" --token-file "$BENCH_TOKEN_FILE" --tls-ca "$dir/cert.pem" \
    --clients "$clients" --events "$rounds" --prefix tlsfan 2>"$dir/fanout.log") || rc=$?
  local hwm
  hwm=$(rss_kib "$API_PID" VmHWM)
  stop_all
  bench_log "tls: $(tr '\n' ' ' <"$dir/fanout.log")(exit $rc)"
  [ -n "$fan" ] || bench_fail "sse_fanout printed nothing (exit $rc)"
  result tls "$(printf '%s\n' "${pairs[@]}" | jq -s --argjson fan "$fan" --argjson hwm "$hwm" '
    {create_pairs: ., create_rate: .[0].plain.offered_rate,
     fanout: ($fan + {api_rss_peak_kib: $hwm}),
     targets: {tls_p99_over_plain_max: 1.5, fanout_last_delivery_ms: 300},
     met: {create: ([.[] | .p99_ratio <= 1.5 and .all_2xx] | all),
           fanout: ($fan.subscribed == $fan.clients_requested and
                    ([$fan.rounds[] | .all_delivered and .time_to_last_delivery_ms < 300] | all))}}')"
}
