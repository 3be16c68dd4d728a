#!/usr/bin/env bash
# The Medusa engine on real software: the store release the platform really makes (real provisioner, real
# helm, on kube-sim) is run natively against real PostgreSQL and Redis from Debian and the real Medusa server
# built from charts/store/medusa-image (tests/engine-real/lib/medusa-app.sh, cached outside the clone). Every
# Job and the server run the chart's own commands with the chart's own environment (resolved from the
# release manifest and the store's Secret), as uid 1000; only cluster DNS names become loopback ports.
# Then a shopper and the admin use the store, and the next chart revision's Jobs run again.
# shellcheck source=../integration/provisioner/lib.sh
source "${STOREFLEET_ROOT:?}/tests/integration/provisioner/lib.sh"
# shellcheck source=lib/release.sh
source "$ROOT/tests/engine-real/lib/release.sh"
here=$ROOT/tests/engine-real

app=$(bash "$here/lib/medusa-app.sh") || fail "could not build the Medusa server"
log "Medusa server built at $app"

# What runs as uid 1000 (PostgreSQL, Medusa) needs a folder of its own: $WORK holds root's 0600 files.
run_dir=$(mktemp -d /tmp/sf-medusa.XXXXXX)
chmod 0755 "$run_dir"
as_store_user() { if [[ $(id -u) == 0 ]]; then setpriv --reuid=1000 --regid=1000 --clear-groups "$@"; else "$@"; fi; }
[[ $(id -u) != 0 ]] || chown 1000:1000 "$run_dir"
stop_engines() {
  [[ -n ${pg_data:-} && -f $pg_data/postmaster.pid ]] && as_store_user pg_ctl -D "$pg_data" -m immediate stop >/dev/null 2>&1
  rm -rf "$run_dir"
}
# set +e: under errexit the failing (exit $rc) would end the trap before cleanup stops kube-sim and the provisioner.
trap 'rc=$?; set +e; stop_engines; (exit $rc); cleanup' EXIT


start_sim
start_provisioner
rel=$WORK/release
release_capture shop medusa "$rel"
log "store shop is Ready on kube-sim; release manifest and Secret captured"

# --- PostgreSQL and Redis, started from the chart's own container settings (as the official images would)
pg_port=$(free_port) redis_port=$(free_port) medusa_port=$(free_port)
container_env "$rel/manifest-1.yaml" "$rel/secret.json" StatefulSet/shop-postgresql postgresql "$WORK/pg-env" >/dev/null
pg_setting() { env_value "$WORK/pg-env" "$1"; }
pg_data=$run_dir/pgdata
(umask 077 && pg_setting POSTGRES_PASSWORD >"$run_dir/pwfile")
[[ $(id -u) != 0 ]] || chown 1000:1000 "$run_dir/pwfile"
pg_bins=(/usr/lib/postgresql/*/bin)
pg_bin=${pg_bins[-1]}  # the newest installed PostgreSQL
as_store_user "$pg_bin/initdb" -D "$pg_data" -U "$(pg_setting POSTGRES_USER)" --pwfile="$run_dir/pwfile" \
  --auth=scram-sha-256 >"$WORK/initdb.log" 2>&1 || fail "initdb: $(tail -5 "$WORK/initdb.log")"
rm -f "$run_dir/pwfile"
as_store_user "$pg_bin/pg_ctl" -D "$pg_data" -l "$run_dir/postgres.log" -w \
  -o "-c listen_addresses=127.0.0.1 -p $pg_port -k $run_dir" start >/dev/null || fail "PostgreSQL did not start"
PGPASSWORD=$(pg_setting POSTGRES_PASSWORD) psql -h 127.0.0.1 -p "$pg_port" -U "$(pg_setting POSTGRES_USER)" -d postgres \
  -qc "CREATE DATABASE $(pg_setting POSTGRES_DB)" || fail "could not create the store database"
container_env "$rel/manifest-1.yaml" "$rel/secret.json" Deployment/shop-redis redis "$WORK/redis-env" >/dev/null
mapfile -d '' -t redis_args <"$WORK/redis-env/argv"
redis-server "${redis_args[@]}" --port "$redis_port" --bind 127.0.0.1 --dir "$run_dir" >"$WORK/redis.log" 2>&1 &
BG_PIDS+=($!)
for _ in $(seq 50); do redis-cli -p "$redis_port" ping >/dev/null 2>&1 && break; sleep 0.1; done
log "PostgreSQL on :$pg_port and Redis on :$redis_port ($(redis-server --version | cut -d' ' -f3))"

# The Services' names as the pods resolve them, and the ports the Services forward to.
maps=(--map "shop-postgresql:5432=127.0.0.1:$pg_port" --map "shop-postgresql=127.0.0.1"
  --map "shop-redis:6379=127.0.0.1:$redis_port" --map "http://shop-medusa/=http://127.0.0.1:$medusa_port/")
home=$run_dir/home
mkdir -p "$home" "$run_dir/tmp"
[[ $(id -u) != 0 ]] || chown 1000:1000 "$home" "$run_dir/tmp"
# What the image adds, read from its Dockerfile's final stage (ENV, CMD; WORKDIR /app is the built app), and
# what the pod adds: the node user's HOME and the port the PostgreSQL Service maps 5432 to.
dockerfile=$ROOT/charts/store/medusa-image/Dockerfile
# shellcheck disable=SC2034  # read by run_container (lib/release.sh)
IMAGE_WORKDIR=$app
mapfile -t IMAGE_CMD < <(node -e 'const m = require("fs").readFileSync(process.argv[1], "utf8").match(/^CMD (\[.*\])$/m);
  for (const a of JSON.parse(m[1])) console.log(a)' "$dockerfile")
read -r -a IMAGE_ENV < <(grep '^ENV ' "$dockerfile" | tail -1 | cut -d' ' -f2-)
[[ ${#IMAGE_CMD[@]} -gt 0 && ${IMAGE_ENV[*]} == *NODE_ENV=production* ]] || fail "cannot read CMD/ENV from $dockerfile"
image_env=("HOME=$home" "POSTGRES_PORT=$pg_port")

# The materialised containers live where uid 1000 can read their ConfigMap mounts; their env files are 0600.
materialise() {  # REVISION KIND/NAME CONTAINER → $run_dir/c-REVISION-CONTAINER
  container_env "$rel/manifest-$1.yaml" "$rel/secret.json" "$2" "$3" "$run_dir/c-$1-$3" "${maps[@]}" \
    --mount "/tmp=$run_dir/tmp" >/dev/null
}
run_job() {  # REVISION KIND/NAME CONTAINER LOG
  materialise "$1" "$2" "$3"
  # WAIT_SECONDS bounds a failing Job's retries here (the Job's own default is 20 min; its deadline is 30).
  run_container "$run_dir/c-$1-$3" "${image_env[@]}" "SCRIPTS_DIR=$run_dir/c-$1-$3/mounts/scripts" WAIT_SECONDS=90 \
    >"$4" 2>&1
}
migrations_done() {  # REVISION: the init container of the server pods of REVISION
  materialise "$1" Deployment/shop-medusa wait-for-migrations
  run_container "$run_dir/c-$1-wait-for-migrations" "${image_env[@]}" WAIT_SECONDS=2 RETRY_MS=200 >>"$WORK/init.log" 2>&1
}

# --- revision 1: migrations Job, then the server (after its init container), then the seed Job
migrations_done 1 && fail "the server's init container did not wait for the migrations Job"
started=$SECONDS
run_job 1 Job/shop-migrate migrate "$WORK/migrate-1.log" || { tail -30 "$WORK/migrate-1.log"; fail "migrations Job failed"; }
applied=$(grep -c 'Migrated\|migrated' "$WORK/migrate-1.log" || true)
log "ok: migrations Job: $applied migration lines in $((SECONDS - started)) s"
migrations_done 1 || { cat "$WORK/init.log"; fail "the init container does not see revision 1 migrated"; }

materialise 1 Deployment/shop-medusa medusa
(run_container_exec "$run_dir/c-1-medusa" "${image_env[@]}" "PORT=$medusa_port" >"$WORK/medusa.log" 2>&1) &
medusa_pid=$!
BG_PIDS+=("$medusa_pid")
started=$SECONDS
until curl -sf "http://127.0.0.1:$medusa_port/health" >/dev/null; do
  kill -0 "$medusa_pid" 2>/dev/null || { tail -30 "$WORK/medusa.log"; fail "Medusa exited"; }
  ((SECONDS - started < 180)) || fail "Medusa did not answer /health in 180 s"
  sleep 1
done
log "ok: Medusa answers /health after $((SECONDS - started)) s"

started=$SECONDS
run_job 1 Job/shop-setup setup "$WORK/seed-1.log" || { tail -40 "$WORK/seed-1.log"; fail "seed Job failed"; }
grep -q "admin user created" "$WORK/seed-1.log" || fail "the seed Job did not create the admin"
grep -q "sample data created" "$WORK/seed-1.log" || fail "the seed Job did not create the sample data"
log "ok: seed Job (admin, publishable key, sample data) in $((SECONDS - started)) s"

node "$here/medusa/shop.mjs" "http://127.0.0.1:$medusa_port" "$rel/secret.json" "$WORK/shop.json" \
  || fail "the store does not work for a shopper or its admin"
node "$here/medusa/counts.mjs" "http://127.0.0.1:$medusa_port" "$rel/secret.json" >"$WORK/counts-1.json"

# --- revision 2 (a helm upgrade with the same values): both Jobs again; nothing fails, nothing is duplicated
release_next_revision shop "$rel" 2
migrations_done 2 && fail "revision 2 pods would start before revision 2's migrations"
run_job 2 Job/shop-migrate migrate "$WORK/migrate-2.log" || { tail -30 "$WORK/migrate-2.log"; fail "revision 2 migrations failed"; }
migrations_done 2 || fail "the init container does not see revision 2 migrated"
run_job 2 Job/shop-setup setup "$WORK/seed-2.log" || { tail -40 "$WORK/seed-2.log"; fail "revision 2 seed Job failed"; }
grep -q "admin user already existed" "$WORK/seed-2.log" || fail "the second seed run did not find the admin"
grep -q "publishable key is current" "$WORK/seed-2.log" || fail "the second seed run changed the publishable key"
node "$here/medusa/counts.mjs" "http://127.0.0.1:$medusa_port" "$rel/secret.json" >"$WORK/counts-2.json"
[[ $(cat "$WORK/counts-1.json") == "$(cat "$WORK/counts-2.json")" ]] \
  || fail "the second run changed what exists: $(cat "$WORK/counts-1.json") → $(cat "$WORK/counts-2.json")"
grep -q '"products":3,"regions":1,.*"publishableKeys":1,"publishableKeyMatchesSecret":true' "$WORK/counts-2.json" \
  || fail "unexpected store contents: $(cat "$WORK/counts-2.json")"
log "ok: revision 2's Jobs succeeded and changed nothing: $(cat "$WORK/counts-2.json")"

# --- the pod's SIGTERM reaches Medusa (exec-form CMD) and it shuts down cleanly
kill -TERM "$medusa_pid"
for _ in $(seq 100); do kill -0 "$medusa_pid" 2>/dev/null || break; sleep 0.1; done
kill -0 "$medusa_pid" 2>/dev/null && fail "Medusa ignored SIGTERM for 10 s"
wait "$medusa_pid" 2>/dev/null && rc=0 || rc=$?
[[ $rc == 0 ]] || fail "Medusa exited with $rc on SIGTERM"
log "ok: Medusa stops on SIGTERM"

# --- no generated secret in any output of the run (the publishable key is public by design)
for key in admin-password postgres-password jwt-secret cookie-secret; do
  value=$(secret_value "$rel/secret.json" "$key")
  if grep -rqF -- "$value" "$WORK"/*.log "$run_dir"/*.log; then fail "the $key appears in a log"; fi
done
log "ok: no secret in the logs of the Jobs, the server, PostgreSQL, Redis, kube-sim or the provisioner"
