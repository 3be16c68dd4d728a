# shellcheck shell=bash disable=SC2034,SC2154 # sourced by scripts/bench, which sets root, work, out_dir, bin_dir
# Shared helpers for scripts/bench: the machine, starting and stopping the stack (kube-sim, provisioner, API) on
# 127.0.0.1 with free ports, RSS from /proc, and JSON result files. Sourced, not run.
# Expects: $root (repository), $bin_dir (build dir), $out_dir (results), $work (temp dir).

bench_log() { printf 'bench: %s\n' "$*" >&2; }
# The box may be shared: every benchmark logs the load average it starts under (and saves it with its result).
bench_start() { bench_log "$* (load average $(cut -d' ' -f1-3 /proc/loadavg), nice $(nice))"; }
bench_fail() { bench_log "FAILED: $*"; exit 1; }

kube_sim_bin=${KUBE_SIM_BIN:-$bin_dir/tests/kube-sim/kube-sim}
api_bin=${API_BIN:-$bin_dir/services/api/storefleet-api}
prov_bin=${PROV_BIN:-$bin_dir/services/provisioner/storefleet-provisioner}
tools_dir=${BENCH_TOOLS_DIR:-$bin_dir/tests/bench}
helm_bin=${HELM_BIN:-$(command -v helm || echo "$root/.tools/bin/helm")}

machine_json() {
  local model
  model=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
  jq -n --arg model "$model" --argjson nproc "$(nproc)" \
    --argjson mem "$(awk '/MemTotal/ {print $2}' /proc/meminfo)" --arg kernel "$(uname -r)" \
    --arg date "$(date -u +%Y-%m-%dT%H:%M:%SZ)" --arg commit "$(git -C "$root" rev-parse --short HEAD)" \
    --argjson nofile "$(ulimit -n)" \
    '{cpu_model: $model, nproc: $nproc, mem_total_mib: ($mem / 1024 | floor), kernel: $kernel, date: $date,
      commit: $commit, open_files_limit: $nofile}'
}

# cpu_ticks PID: user + system CPU time of a process so far, in clock ticks (getconf CLK_TCK per second).
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

# rss_kib PID [field]: VmRSS (or VmHWM, the peak) of a process in KiB.
rss_kib() { awk -v f="${2:-VmRSS}:" '$1 == f {print $2}' "/proc/$1/status"; }

# wait_log_port FILE PID NAME: waits until FILE has "port=N" (the services log their bound port), prints N.
wait_log_port() {
  local file=$1 pid=$2 name=$3 port=""
  for _ in $(seq 1 200); do
    port=$(grep -m1 -o 'listening host=127.0.0.1 port=[0-9]*' "$file" 2>/dev/null | sed 's/.*port=//' || true)
    [ -n "$port" ] && { echo "$port"; return 0; }
    kill -0 "$pid" 2>/dev/null || { cat "$file" >&2; bench_fail "$name exited"; }
    sleep 0.05
  done
  cat "$file" >&2
  bench_fail "$name did not report its port within 10 s"
}

# Started processes are remembered so stop_all (the EXIT trap) ends exactly them.
started_pids=()
stop_all() {
  local pid
  for pid in "${started_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${started_pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  started_pids=()
}
stop_pid() {
  local keep=() pid
  kill "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
  for pid in "${started_pids[@]}"; do [ "$pid" = "$1" ] || keep+=("$pid"); done
  started_pids=("${keep[@]}")
}

# start_sim DIR [kube-sim flags...]: sets SIM_PID and SIM_KUBECONFIG.
start_sim() {
  local dir=$1
  shift
  mkdir -p "$dir"
  SIM_KUBECONFIG=$dir/kubeconfig
  "$kube_sim_bin" --port 0 --kubeconfig-out "$SIM_KUBECONFIG" --log-level warn "$@" >"$dir/kube-sim.log" 2>&1 &
  SIM_PID=$!
  started_pids+=("$SIM_PID")
  for _ in $(seq 1 200); do
    [ -s "$SIM_KUBECONFIG" ] && return 0
    kill -0 "$SIM_PID" 2>/dev/null || { cat "$dir/kube-sim.log" >&2; bench_fail "kube-sim exited"; }
    sleep 0.05
  done
  bench_fail "kube-sim wrote no kubeconfig within 10 s"
}

# start_prov DIR DB [provisioner flags...]: sets PROV_PID and PROV_PORT (needs SIM_KUBECONFIG).
start_prov() {
  local dir=$1 db=$2
  shift 2
  write_bench_token
  "$prov_bin" --db "$db" --listen 127.0.0.1:0 --kubeconfig "$SIM_KUBECONFIG" --chart "$root/charts/store" \
    --helm "$helm_bin" --log-level warn --internal-token-file "$BENCH_INTERNAL_TOKEN_FILE" "$@" \
    >"$dir/provisioner.log" 2>&1 &
  PROV_PID=$!
  started_pids+=("$PROV_PID")
  # --log-level warn hides the "listening" line; it is logged at info, so read the port from /proc instead.
  PROV_PORT=$(listening_port "$PROV_PID" "$dir/provisioner.log" provisioner)
}

# The API runs with authentication on, as in production: an admin token in a 0600 file ($BENCH_TOKEN_FILE, given
# to the tools with --token-file) and a curl header file ($AUTH_HEADER, curl -H @file). Its rate limits are off
# (0 = no limit): they exist to stop abuse, and would otherwise cap the request rates these benchmarks measure.
BENCH_TOKEN_FILE=$work/admin-token
AUTH_HEADER=$work/auth-header
BENCH_INTERNAL_TOKEN_FILE=$work/internal-token  # API <-> provisioner (the provisioner requires one)
INTERNAL_HEADER=$work/internal-header            # curl -H @file to the provisioner's /metrics
bench_rate_limit_flags=(--token-rate 0 --ip-rate 0 --create-rate-per-min 0 --max-streams-per-token 0)
write_bench_token() {
  [ -s "$BENCH_TOKEN_FILE" ] && return 0
  (umask 077 && head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$BENCH_TOKEN_FILE" &&
    printf 'Authorization: Bearer %s\n' "$(cat "$BENCH_TOKEN_FILE")" >"$AUTH_HEADER" &&
    head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$BENCH_INTERNAL_TOKEN_FILE" &&
    printf 'Authorization: Bearer %s\n' "$(cat "$BENCH_INTERNAL_TOKEN_FILE")" >"$work/internal-header")
}

# start_api DIR DB PROVISIONER_URL [api flags...]: sets API_PID and API_PORT.
start_api() {
  local dir=$1 db=$2 prov_url=$3
  shift 3
  write_bench_token
  "$api_bin" --db "$db" --listen 127.0.0.1:0 --provisioner-url "$prov_url" --log-level warn \
    --admin-token-file "$BENCH_TOKEN_FILE" --internal-token-file "$BENCH_INTERNAL_TOKEN_FILE" \
    "${bench_rate_limit_flags[@]}" "$@" >"$dir/api.log" 2>&1 &
  API_PID=$!
  started_pids+=("$API_PID")
  API_PORT=$(listening_port "$API_PID" "$dir/api.log" api)
}

# listening_port PID LOG NAME: the TCP port PID listens on (from /proc/net/tcp and its socket inodes).
listening_port() {
  local pid=$1 log=$2 name=$3 inodes port
  for _ in $(seq 1 200); do
    kill -0 "$pid" 2>/dev/null || { cat "$log" >&2; bench_fail "$name exited"; }
    inodes=$(find "/proc/$pid/fd" -lname 'socket:*' -printf '%l\n' 2>/dev/null | sed 's/socket:\[\(.*\)\]/\1/' |
      paste -sd'|')
    if [ -n "$inodes" ]; then
      # state 0A = LISTEN; local address 0100007F = 127.0.0.1
      port=$(awk -v re="^($inodes)\$" '$4 == "0A" && $10 ~ re {split($2, a, ":"); print a[2]; exit}' /proc/net/tcp)
      if [ -n "$port" ]; then
        echo $((16#$port))
        return 0
      fi
    fi
    sleep 0.05
  done
  cat "$log" >&2
  bench_fail "$name is not listening after 10 s"
}

# sim_curl PATH [curl args...]: kube-sim's control API with the kubeconfig's token and CA.
sim_curl() {
  local path=$1
  shift
  local server token
  server=$(kubectl --kubeconfig "$SIM_KUBECONFIG" config view --raw -o jsonpath='{.clusters[0].cluster.server}')
  token=$(kubectl --kubeconfig "$SIM_KUBECONFIG" config view --raw -o jsonpath='{.users[0].user.token}')
  kubectl --kubeconfig "$SIM_KUBECONFIG" config view --raw -o jsonpath='{.clusters[0].cluster.certificate-authority-data}' |
    base64 -d >"$work/sim-ca.pem"
  # The token goes to curl through a config on stdin, not argv.
  printf 'header = "Authorization: Bearer %s"\n' "$token" |
    curl -sS --fail --cacert "$work/sim-ca.pem" -K - "$@" "$server$path"
}

# api_metric PORT NAME: the value of an unlabelled metric of the API, or null.
api_metric() {
  curl -sS --fail -H @"$AUTH_HEADER" "http://127.0.0.1:$1/metrics" |
    awk -v m="$2" '$1 == m {print $2; f=1} END {if (!f) print "null"}'
}

# stores_with_status PORT STATUS: how many stores the API reports with that status (from /metrics).
stores_with_status() {
  curl -sS -H @"$AUTH_HEADER" "http://127.0.0.1:$1/metrics" |
    awk -v s="$2" '$1 ~ "^storefleet_api_stores\\{status=\"" s "\"" {print $2; found=1} END {if (!found) print 0}'
}

# result NAME JSON: saves one benchmark's result object, stamped with the machine, when, and the commit checked
# out when the binaries were built (with --no-build: when the run started; the working tree may hold more).
result() {
  printf '%s\n' "$2" | jq --arg at "$(date -u +%Y-%m-%dT%H:%M:%SZ)" --arg commit "${bench_commit:-unknown}" \
    --argjson machine "${machine:-null}" --arg load "$(cut -d' ' -f1-3 /proc/loadavg)" --argjson nice "$(nice)" \
    --arg cmd "${bench_command:-}" \
    '. + {measured_at: $at, commit: $commit, machine: $machine, loadavg_1_5_15_at_end: $load, nice: $nice,
          command: $cmd}' \
    >"$out_dir/parts/$1.json"
  bench_log "$1 done: $out_dir/parts/$1.json"
}
