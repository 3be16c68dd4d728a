# shellcheck shell=bash disable=SC2034,SC2154 # sourced by scripts/bench, which sets root, work, out_dir, bin_dir
# Benchmark: provisioning overhead. For each provisioner --concurrency C, on a fresh kube-sim (no jitter):
#  1. Storefleet: 20 stores POSTed at once; per store POST -> Ready event, the cluster's own span (first pod seen
#     -> last pod Ready / Job Complete), and the rest = overhead.
#  2. Baseline in the same kube-sim: 20 bare `helm upgrade --install` of the same chart and values (namespace and
#     Secret applied beforehand, untimed), C at a time; then 20 more with `--wait --wait-for-jobs` (the same job
#     the provisioner does: install and wait until Ready), C at a time. Per-release times count from the batch
#     start, like POST -> Ready does; and each release's own duration, comparable with a store's own overhead
#     (Provisioning event -> Ready minus its cluster span: without waiting for a free worker).
bench_provisioning() {
  local n=${PROV_STORES:-20} concs=${PROV_CONCURRENCY:-"1 4 8"} c parts=()
  for c in $concs; do parts+=("$(provisioning_at "$n" "$c")"); done
  result provisioning "$(printf '%s\n' "${parts[@]}" | jq -s '{runs: .}')"
}

# helm_batch PREFIX N C MODE: installs N releases PREFIX-0.. (MODE bare|wait), C at a time; JSON summary.
helm_batch() {
  local prefix=$1 n=$2 c=$3 mode=$4 dir=$5 i
  : >"$dir/ns.yaml"
  for i in $(seq 0 $((n - 1))); do
    cat >>"$dir/ns.yaml" <<YAML
---
apiVersion: v1
kind: Namespace
metadata: {name: store-$prefix-$i, labels: {storefleet.io/store: $prefix-$i}}
---
apiVersion: v1
kind: Secret
type: Opaque
metadata: {name: $prefix-$i-credentials, namespace: store-$prefix-$i, labels: {storefleet.io/store: $prefix-$i}}
stringData: {admin-user: admin, admin-email: a@example.com, admin-password: bench-$RANDOM$RANDOM,
  mysql-password: bench-$RANDOM$RANDOM, mysql-root-password: bench-$RANDOM$RANDOM}
YAML
    (umask 077 && printf 'engine: woocommerce\nexistingSecret: %s-credentials\ningress:\n  host: %s.local\n' \
      "$prefix-$i" "$prefix-$i" >"$dir/values-$prefix-$i.yaml")
  done
  kubectl --kubeconfig "$SIM_KUBECONFIG" apply -f "$dir/ns.yaml" >/dev/null
  local wait_flags=""
  [ "$mode" = wait ] && wait_flags="--wait=watcher --wait-for-jobs"
  local start
  start=$(date +%s%N)
  # shellcheck disable=SC2016 # expanded by the inner shell
  seq 0 $((n - 1)) | xargs -P "$c" -I{} bash -c '
    name=$1-$2
    started=$(date +%s%N)
    "$3" upgrade "$name" "$4" --install --namespace "store-$name" --kubeconfig "$5" \
      --values "$4/values-local.yaml" --values "$6/values-$name.yaml" --timeout 5m0s --history-max 5 $7 \
      >"$6/helm-$name.log" 2>&1 || echo "helm failed: $name" >&2
    echo "$name $started $(date +%s%N)" >>"$6/helm-done-$8"' _ "$prefix" {} "$helm_bin" "$root/charts/store" \
    "$SIM_KUBECONFIG" "$dir" "$wait_flags" "$mode"
  local end
  end=$(date +%s%N)
  # Per release: its own duration, and the time from the batch start (comparable with POST -> Ready).
  awk -v s="$start" '{printf "{\"own\": %.3f, \"since_batch\": %.3f}\n", ($3 - $2) / 1e6, ($3 - s) / 1e6}' \
    "$dir/helm-done-$mode" |
    jq -s --argjson wall "$(((end - start) / 1000000))" --arg mode "$mode" '
      def p50: sort | .[((length - 1) / 2 | floor)];
      {mode: $mode, releases: length, wall_ms: $wall, own_p50_ms: (map(.own) | p50), own_max_ms: (map(.own) | max),
       p50_ms: (map(.since_batch) | p50), max_ms: (map(.since_batch) | max),
       mean_ms: (map(.since_batch) | add / length)}'
}

provisioning_at() {
  local n=$1 c=$2 dir=$work/provisioning-c$2
  mkdir -p "$dir"
  bench_start "provisioning: $n stores at once, --concurrency $c"
  start_sim "$dir" --jitter 0
  start_prov "$dir" "$dir/db.sqlite" --concurrency "$c"
  start_api "$dir" "$dir/db.sqlite" "http://127.0.0.1:$PROV_PORT"
  sleep 1
  local sf rc=0
  sf=$("$tools_dir/store_timeline" --api-port "$API_PORT" --token-file "$BENCH_TOKEN_FILE" --kubeconfig "$SIM_KUBECONFIG" --stores "$n" \
    --spacing-ms 0 --timeout 600 --prefix "p$c") || rc=$?
  [ -n "$sf" ] || bench_fail "store_timeline printed nothing (exit $rc)"
  stop_pid "$API_PID"
  stop_pid "$PROV_PID"
  local bare wait
  bare=$(helm_batch "b$c" "$n" "$c" bare "$dir")
  wait=$(helm_batch "w$c" "$n" "$c" wait "$dir")
  stop_all
  bench_log "provisioning: C=$c storefleet wall $(jq .wall_ms <<<"$sf") ms; helm bare wall $(jq .wall_ms <<<"$bare") ms; helm --wait wall $(jq .wall_ms <<<"$wait") ms"
  jq -n --argjson c "$c" --argjson sf "$sf" --argjson bare "$bare" --argjson wait "$wait" '
    {concurrency: $c, storefleet: ($sf | del(.per_store)), storefleet_per_store: $sf.per_store,
     helm_bare: $bare, helm_wait: $wait,
     ratio_overhead_p50_vs_bare_helm_p50: (if $bare.p50_ms > 0 then ($sf.overhead.p50_ms / $bare.p50_ms) else null end),
     ratio_own_overhead_p50_vs_bare_helm_own_p50:
       (if $bare.own_p50_ms > 0 then ($sf.own_overhead.p50_ms / $bare.own_p50_ms) else null end),
     ratio_post_to_ready_p50_vs_helm_wait_p50: (if $wait.p50_ms > 0 then ($sf.post_to_ready.p50_ms / $wait.p50_ms) else null end),
     ratio_wall_vs_helm_wait_wall: (if $wait.wall_ms > 0 then ($sf.wall_ms / $wait.wall_ms) else null end)}'
}
