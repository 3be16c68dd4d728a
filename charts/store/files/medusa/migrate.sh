#!/bin/sh
# Medusa migrations Job: waits for PostgreSQL, then applies Medusa's migrations (idempotent: applied ones
# are skipped) and records that this chart revision's migrations are done (migrations-marker.js). DATABASE_URL comes from the environment; nothing secret is printed.
set -eu
: "${POSTGRES_HOST:?}" "${CHART_REVISION:?}"
WAIT_SECONDS=${WAIT_SECONDS:-900}
SCRIPTS_DIR=${SCRIPTS_DIR:-/scripts}
POLL_SECONDS=${POLL_SECONDS:-3}
POSTGRES_PORT=${POSTGRES_PORT:-5432}

log() { printf 'migrate: %s\n' "$*"; }

deadline=$(($(date +%s) + WAIT_SECONDS))
until node "$SCRIPTS_DIR/wait-for-tcp.js" "$POSTGRES_HOST" "$POSTGRES_PORT" >/dev/null 2>&1; do
  if [ "$(date +%s)" -ge "$deadline" ]; then
    log "gave up waiting for PostgreSQL after ${WAIT_SECONDS}s"
    exit 1
  fi
  sleep "$POLL_SECONDS"
done
log "PostgreSQL is reachable; running migrations"
npx --no-install medusa db:migrate
# Medusa server pods of this revision wait for this record before they start.
node "$SCRIPTS_DIR/migrations-marker.js" mark "$CHART_REVISION"
log "migrations applied"
