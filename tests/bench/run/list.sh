# shellcheck shell=bash disable=SC2034,SC2154 # sourced by scripts/bench, which sets root, work, out_dir, bin_dir
# Benchmark: the store list at fleet scale. LIST_STORES rows (default 100,000: ~1 % Failed, 2 % Degraded, 5 %
# installing, 50 owners, both engines) are written straight into the API's SQLite file, then each query shape an
# operator uses (search, filters, every sort, a deep cursor page, the tiles' counts) is timed over real HTTP,
# LIST_REPEATS times one after another. Target: p99 < 20 ms for every shape.
bench_list() {
  local stores=${LIST_STORES:-100000} repeats=${LIST_REPEATS:-200} dir=$work/list
  mkdir -p "$dir"
  bench_start "list: $stores stores, $repeats requests per query shape"
  # The API creates the schema; the rows go in while it is stopped (one transaction, no provisioner needed).
  start_api "$dir" "$dir/db.sqlite" "http://127.0.0.1:9"
  stop_all
  sqlite3 "$dir/db.sqlite" <<SQL
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $stores)
INSERT INTO stores (name, engine, namespace, status, url, owner, created_at, updated_at)
SELECT printf('shop-%06d', i), CASE WHEN i % 3 = 0 THEN 'medusa' ELSE 'woocommerce' END,
       printf('store-shop-%06d', i),
       CASE WHEN i % 100 = 7 THEN 'Failed' WHEN i % 50 = 3 THEN 'Degraded' WHEN i % 20 = 11 THEN 'Installing'
            ELSE 'Ready' END,
       printf('http://shop-%06d.local', i), printf('tok_owner%02d', i % 50),
       1764000000000 + i * 1000, 1764000000000 + ((i * 7919) % $stores) * 1000
FROM n;
ANALYZE;
SQL
  start_api "$dir" "$dir/db.sqlite" "http://127.0.0.1:9"
  local base="http://127.0.0.1:$API_PORT"
  local cursor
  cursor=$(curl -sS -H @"$AUTH_HEADER" "$base/api/stores?sort=name&limit=50&q=shop-0" | jq -r .next_cursor)
  local -a shapes=(
    "default=/api/stores"
    "newest_first=/api/stores?order=desc"
    "sort_name_desc=/api/stores?sort=name&order=desc"
    "sort_status=/api/stores?sort=status"
    "sort_updated_desc=/api/stores?sort=updated&order=desc"
    "status_failed=/api/stores?status=Failed"
    "status_in_progress=/api/stores?status=queued,provisioning,installing"
    "engine_medusa_sort_name=/api/stores?engine=medusa&sort=name"
    "owner=/api/stores?owner=tok_owner07"
    "search_rare=/api/stores?q=12345"
    "search_common_sort_name=/api/stores?q=shop-0&sort=name"
    "search_none=/api/stores?q=nothing-like-it"
    "cursor_page=/api/stores?sort=name&limit=50&q=shop-0&cursor=$cursor"
    "page_of_1000=/api/stores?limit=1000"
    "tile_counts=/api/metrics"
  )
  local json='{}' shape name path
  for shape in "${shapes[@]}"; do
    name=${shape%%=*} path=${shape#*=}
    curl -sS --fail -o /dev/null -H @"$AUTH_HEADER" "$base$path" || bench_fail "list: $path failed"
    local times
    times=$(for _ in $(seq 1 "$repeats"); do
      curl -sS --fail -o /dev/null -H @"$AUTH_HEADER" -w '%{time_total}\n' "$base$path"
    done | awk '{printf "%.3f\n", $1 * 1000}' | sort -n)
    json=$(jq --arg name "$name" --arg path "$path" --arg times "$times" '
      ($times | split("\n") | map(select(length > 0) | tonumber)) as $t | ($t | length) as $n |
      . + {($name): {path: $path, count: $n, p50_ms: $t[(($n * 0.5) | ceil) - 1],
                     p99_ms: $t[(($n * 0.99) | ceil) - 1], max_ms: $t[$n - 1]}}' <<<"$json")
    bench_log "list: $name p50 $(jq -r ".\"$name\".p50_ms" <<<"$json") ms, p99 $(jq -r ".\"$name\".p99_ms" <<<"$json") ms"
  done
  local total
  total=$(curl -sS -H @"$AUTH_HEADER" "$base/api/stores?limit=1" | jq .total)
  stop_all
  result list "$(jq --argjson stores "$total" --argjson repeats "$repeats" \
    '{stores: $stores, requests_per_shape: $repeats, target_p99_ms: 20, shapes: .,
      worst_p99_ms: ([.[] | .p99_ms] | max)}' <<<"$json")"
}
