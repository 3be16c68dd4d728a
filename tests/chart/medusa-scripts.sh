#!/usr/bin/env bash
# The Medusa Job scripts as the chart ships them: migrate.sh waits for PostgreSQL (a real TCP listener
# here) before migrating and records the revision that the server's init container waits for; seed.sh waits for the health endpoint (real HTTP), retries `medusa exec` while
# migrations are not done, and keeps the admin password off command lines and out of its output;
# create-admin.js and seed-sample-data.js are idempotent against stand-in Medusa modules.
# shellcheck source=lib/common.sh
source "$(dirname "$0")/lib/common.sh"

secret="S3cret-$(openssl rand -hex 8)"
state="$work/state"
mkdir -p "$state"
server_pid=""
stop_server() { [ -z "$server_pid" ] || kill "$server_pid" 2>/dev/null || true; cleanup_work; }
trap stop_server EXIT

# A local stand-in for PostgreSQL's port and Medusa's /health (200), on a free port.
node -e 'const s = require("node:http").createServer((q, r) => { r.statusCode = q.url === "/health" ? 200 : 404; r.end(); });
  s.listen(0, "127.0.0.1", () => require("node:fs").writeFileSync(process.argv[1], String(s.address().port)));' \
  "$work/port" &
server_pid=$!
for _ in $(seq 1 50); do [ -s "$work/port" ] && break; sleep 0.1; done
port=$(cat "$work/port")

# Scripts run in a stand-in Medusa app folder whose `pg` (fakes/fake-pg.js) keeps its rows in $FAKE_PG_DB.
app="$work/medusa-app"
mkdir -p "$app/node_modules/pg"
echo '{"name": "fake-medusa-app", "private": true}' >"$app/package.json"
cp "$tests_dir/fakes/fake-pg.js" "$app/node_modules/pg/index.js"
export FAKE_PG_DB="$work/pg.json" DATABASE_URL="postgres://medusa:$secret@127.0.0.1:$port/medusa"
marker() { (cd "$app" && WAIT_SECONDS=1 RETRY_MS=100 node "$chart/files/medusa/migrations-marker.js" "$@") >>"$work/marker.log" 2>&1; }

run_script() { # run_script SCRIPT LOG [VAR=value...]
  local script=$1 log=$2
  shift 2
  (cd "$app" && exec env PATH="$tests_dir/fakes:$PATH" FAKE_NPX_STATE="$state" FAKE_SECRET="$secret" SCRIPTS_DIR="$chart/files/medusa" \
    ADMIN_EMAIL=admin@demo.local ADMIN_PASSWORD="$secret" WAIT_SECONDS=20 RETRY_SECONDS=0 POLL_SECONDS=0.2 "$@" \
    sh "$chart/files/medusa/$script") >"$log" 2>&1
}

marker wait 3 && fail "the server init container did not wait for migrations"
: >"$state/npx-calls.log"
run_script migrate.sh "$work/migrate-fails.log" POSTGRES_HOST=127.0.0.1 POSTGRES_PORT="$port" CHART_REVISION=3 \
  FAKE_NPX_FAILURES=1 && fail "migrate.sh succeeded although db:migrate failed"
marker wait 3 && fail "failed migrations were recorded as done"
: >"$state/npx-calls.log"
run_script migrate.sh "$work/migrate.log" POSTGRES_HOST=127.0.0.1 POSTGRES_PORT="$port" CHART_REVISION=3 \
  || { cat "$work/migrate.log"; fail "migrate.sh failed"; }
marker wait 3 || { cat "$work/marker.log"; fail "the server init container does not see revision 3 migrated"; }
marker wait 2 || fail "an older revision's pods must see a newer migration as enough"
marker wait 4 && fail "revision 4 pods started on revision 3 migrations"
grep -qF "$secret" "$work/marker.log" "$work/migrate.log" && fail "the database password was printed"
[ "$(cat "$state/npx-calls.log")" = "--no-install medusa db:migrate" ] || fail "migrate.sh ran: $(cat "$state/npx-calls.log")"
: >"$state/npx-calls.log"
if run_script migrate.sh "$work/migrate-down.log" POSTGRES_HOST=127.0.0.1 POSTGRES_PORT=1 WAIT_SECONDS=2 CHART_REVISION=3; then
  fail "migrate.sh succeeded without a database"
fi
[ ! -s "$state/npx-calls.log" ] || fail "migrate.sh migrated before the database answered"
echo "ok: migrate.sh waits for PostgreSQL, migrates, records the revision; server pods wait for that record"

: >"$state/npx-calls.log"
run_script seed.sh "$work/seed.log" MEDUSA_HEALTH_URL="http://127.0.0.1:$port/health" FAKE_NPX_FAILURES=2 \
  || { cat "$work/seed.log"; fail "seed.sh failed"; }
expected_calls="--no-install medusa exec $chart/files/medusa/create-admin.js
--no-install medusa exec $chart/files/medusa/create-admin.js
--no-install medusa exec $chart/files/medusa/create-admin.js
--no-install medusa exec $chart/files/medusa/publishable-key.js"
[ "$(cat "$state/npx-calls.log")" = "$expected_calls" ] \
  || fail "seed.sh should retry the admin twice, then set the publishable key: $(cat "$state/npx-calls.log")"
grep -q "create-admin.js failed (exit 1); retrying" "$work/seed.log" || fail "seed.sh does not say which step failed"
[ ! -s "$state/leaks.log" ] || fail "the admin password reached a command line"
: >"$state/npx-calls.log"
run_script seed.sh "$work/seed-sample.log" MEDUSA_HEALTH_URL="http://127.0.0.1:$port/health" SAMPLE_PRODUCTS=true \
  || { cat "$work/seed-sample.log"; fail "seed.sh with sample products failed"; }
[ "$(tail -n 1 "$state/npx-calls.log")" = "--no-install medusa exec $chart/files/medusa/seed-sample-data.js" ] \
  || fail "seed.sh did not run the sample data after the admin: $(cat "$state/npx-calls.log")"
grep -qF "$secret" "$work/seed.log" && fail "seed.sh printed the admin password"
: >"$state/npx-calls.log"
if run_script seed.sh "$work/seed-down.log" MEDUSA_HEALTH_URL="http://127.0.0.1:$port/missing" WAIT_SECONDS=2; then
  fail "seed.sh succeeded while the API health check fails"
fi
[ ! -s "$state/npx-calls.log" ] || fail "seed.sh seeded before the API answered"
echo "ok: seed.sh waits for /health, retries the admin script, keeps the password secret"

mkdir -p "$work/app"
node "$tests_dir/create-admin.test.mjs" "$chart" "$work/app"
mkdir -p "$work/app2"
node "$tests_dir/seed-sample-data.test.mjs" "$chart" "$work/app2"
