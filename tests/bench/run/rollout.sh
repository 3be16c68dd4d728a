# shellcheck shell=bash disable=SC2034,SC2154 # sourced by scripts/bench, which sets root, work, out_dir, bin_dir
# Benchmark: a fleet rollout. kube-sim with realistic delays (pods start 2 s, ready 10 s, setup Job 15 s);
# ROLLOUT_STORES WooCommerce stores on 9.8.5, then one store alone upgraded to 9.8.6 (the time one upgrade takes),
# then a rollout of all the others in waves of ROLLOUT_WAVE. Target: wall time <= 1.2 x waves x one upgrade. Also
# counts the provisioner's own requests to the API server during the rollout (its /metrics; helm's are apart).
bench_rollout() {
  local n=${ROLLOUT_STORES:-200} wave=${ROLLOUT_WAVE:-20} dir=$work/rollout chart one_ms t0 t1 id state json
  mkdir -p "$dir"
  bench_start "rollout: $n stores, waves of $wave"
  chart=$dir/chart
  cp -r "$root/charts/store" "$chart"
  sed 's/9\.8\.5/9.8.6/g' "$chart/versions/woocommerce-9.8.5.yaml" >"$chart/versions/woocommerce-9.8.6.yaml"
  awk '{ print } /^    versions:$/ && !done { print "      - {version: \"9.8.6\", values: woocommerce-9.8.6.yaml, summary: bench, dataSchema: 2}"; done = 1 }' \
    "$root/charts/store/versions/catalog.yaml" >"$chart/versions/catalog.yaml"
  start_sim "$dir" --pod-start-delay 2s --pod-ready-delay 10s --job-duration 15s
  start_prov "$dir" "$dir/db.sqlite" --chart "$chart"
  start_api "$dir" "$dir/db.sqlite" "http://127.0.0.1:$PROV_PORT"
  local api=http://127.0.0.1:$API_PORT
  for i in $(seq -w 0 "$n"); do
    curl -sS -o /dev/null -H @"$AUTH_HEADER" -H 'Content-Type: application/json' \
      --data "{\"storeName\":\"bench-$i\",\"engine\":\"woocommerce\"}" "$api/api/stores"
  done
  rollout_wait_ready "$api" $((n + 1)) 1200
  # One store alone: PATCH to Ready on the new version.
  t0=$(date +%s%N)
  curl -sS -o /dev/null -H @"$AUTH_HEADER" -H 'Content-Type: application/merge-patch+json' -X PATCH \
    --data '{"version":"9.8.6"}' "$api/api/stores/bench-$(printf "%0${#n}d" 0)"
  until [ "$(curl -sS -H @"$AUTH_HEADER" "$api/api/stores/bench-$(printf "%0${#n}d" 0)" | jq -r '.status + .version')" = Ready9.8.6 ]; do
    sleep 0.1
  done
  one_ms=$((($(date +%s%N) - t0) / 1000000))
  local before after
  before=$(curl -sS -H @"$INTERNAL_HEADER" "http://127.0.0.1:$PROV_PORT/metrics")
  t0=$(date +%s%N)
  id=$(curl -sS -H @"$AUTH_HEADER" -H 'Content-Type: application/json' \
    --data "{\"engine\":\"woocommerce\",\"toVersion\":\"9.8.6\",\"waveSize\":$wave,\"maxFailures\":0}" "$api/api/rollouts" | jq -r .id)
  [ "$id" != null ] || bench_fail "the rollout did not start"
  state=running
  while [ "$state" = running ]; do
    sleep 0.25
    state=$(curl -sS -H @"$AUTH_HEADER" "$api/api/rollouts/$id" | jq -r .state)
  done
  t1=$(date +%s%N)
  after=$(curl -sS -H @"$INTERNAL_HEADER" "http://127.0.0.1:$PROV_PORT/metrics")
  json=$(curl -sS -H @"$AUTH_HEADER" "$api/api/rollouts/$id")
  stop_all
  [ "$state" = completed ] || bench_fail "rollout ended $state: $(jq -c '{reason, waves}' <<<"$json")"
  local waves wall_ms
  waves=$(jq '.waves | length' <<<"$json")
  wall_ms=$(((t1 - t0) / 1000000))
  result rollout "$(jq -n --argjson n "$n" --argjson wave "$wave" --argjson waves "$waves" --argjson one "$one_ms" \
    --argjson wall "$wall_ms" --argjson reqs "$(kube_request_delta "$before" "$after")" \
    '{stores: $n, wave_size: $wave, waves: $waves, one_upgrade_ms: $one, wall_ms: $wall,
      ratio_to_waves_x_one: ($wall / ($waves * $one)), target_ratio: 1.2,
      provisioner_kube_requests: $reqs, provisioner_reads_per_store: ($reqs.GET / $n)}')"
}

rollout_wait_ready() {  # API_URL COUNT SECONDS
  local deadline=$((SECONDS + $3)) ready
  while ((SECONDS < deadline)); do
    ready=$(stores_with_status "${1##*:}" Ready)
    [ "$ready" -ge "$2" ] && return 0
    sleep 1
  done
  bench_fail "only $ready of $2 stores Ready after $3 s"
}

# The provisioner's storefleet_provisioner_kube_requests_total by method, after minus before → {"GET": n, ...}.
kube_request_delta() {
  jq -n --arg a "$1" --arg b "$2" '
    def counts(t): [t | split("\n")[] | select(startswith("storefleet_provisioner_kube_requests_total{"))
      | capture("method=\"(?<m>[A-Z]+)\"} (?<n>[0-9]+)") | {(.m): (.n | tonumber)}] | add // {};
    counts($a) as $x | counts($b) as $y | $y | with_entries(.value -= ($x[.key] // 0))'
}
