# shellcheck shell=bash disable=SC2034,SC2154 # sourced by scripts/bench, which sets root, work, out_dir, bin_dir
# Benchmark: a flood of unauthenticated requests. The API runs with its DEFAULT rate limits (not the benches'
# "limits off"), alone. open_loop_load sends FLOOD_REQUESTS `POST /api/stores` (an audited write route) offered all
# within one second, over up to 64 keep-alive connections, i.e. as fast as the API answers them: once without a
# token, once with a wrong one. The per-IP limit answers most with 429 (the rest 401). Figure: SQLite write
# transactions the API began (its storefleet_api_db_write_transactions_total), from before each flood until its
# refusal tally has been flushed (every 10 s) into the audit log. Target: <= 100 per flood.
bench_flood() {
  local n=${FLOOD_REQUESTS:-50000} dir=$work/flood
  mkdir -p "$dir"
  bench_start "flood: $n unauthenticated POST /api/stores, without a token and with a wrong one, default limits"
  # The defaults: an empty flag list (a local shadows lib.sh's "limits off" for this start_api only).
  local -a bench_rate_limit_flags=()
  start_api "$dir" "$dir/db.sqlite" "http://127.0.0.1:9"
  sleep 0.5
  printf 'not-the-token-%s\n' "$RANDOM$RANDOM" >"$dir/wrong-token"
  local phases='{}' kind args before after json audit_before audit_after t0 t1
  for kind in no_token wrong_token; do
    args=()
    [ "$kind" = wrong_token ] && args=(--token-file "$dir/wrong-token")
    before=$(api_metric "$API_PORT" storefleet_api_db_write_transactions_total)
    audit_before=$(sqlite3 "$dir/db.sqlite" 'select count(*) from audit_log')
    t0=$(date +%s%N)
    json=$("$tools_dir/open_loop_load" --port "$API_PORT" "${args[@]}" --rate "$n" --duration 1 --drain 120 \
      --max-connections 64 --prefix "flood-$kind")
    t1=$(date +%s%N)
    # The tally of refusals is written every 10 s: wait for that write, which is part of what the flood costs.
    sleep 11
    after=$(api_metric "$API_PORT" storefleet_api_db_write_transactions_total)
    audit_after=$(sqlite3 "$dir/db.sqlite" 'select count(*) from audit_log')
    json=$(jq --argjson b "$before" --argjson a "$after" --argjson ab "$audit_before" --argjson aa "$audit_after" \
      --argjson secs "$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.3f", (b - a) / 1e9}')" \
      '{requests: .scheduled, answered: ([.statuses[]] | add // 0), statuses: .statuses,
        transport_errors: .transport_errors, unfinished: .unfinished,
        seconds: $secs, answers_per_s: ((([.statuses[]] | add // 0) / $secs) | floor),
        latency_all_answers: .all_answers, write_transactions: ($a - $b), audit_rows_added: ($aa - $ab),
        write_transactions_before: $b, write_transactions_after: $a}' <<<"$json")
    bench_log "flood ($kind): $(jq -r '"\(.answered) answered \(.statuses), \(.write_transactions) write transactions, \(.audit_rows_added) audit rows"' <<<"$json")"
    phases=$(jq --arg k "$kind" --argjson j "$json" '. + {($k): $j}' <<<"$phases")
  done
  local rss
  rss=$(rss_kib "$API_PID" VmHWM)
  stop_all
  result flood "$(jq --argjson rss "$rss" \
    '{target_write_transactions_max: 100, phases: ., api_rss_peak_kib: $rss,
      limits: "API defaults (--ip-rate 50 --ip-burst 200, 30 failed authentications/min, burst 20)",
      met: ([.[] | .write_transactions <= 100] | all)}' <<<"$phases")"
}
