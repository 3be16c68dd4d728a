#!/bin/sh
# Medusa migrations Job: waits for PostgreSQL, then applies Medusa's migrations (idempotent: applied ones
# are skipped). DATABASE_URL comes from the environment; nothing secret is printed.
set -eu
: "${POSTGRES_HOST:?}"
WAIT_SECONDS=${WAIT_SECONDS:-900}
SCRIPTS_DIR=${SCRIPTS_DIR:-/scripts}
POSTGRES_PORT=${POSTGRES_PORT:-5432}

log() { printf 'migrate: %s\n' "$*"; }

deadline=$(($(date +%s) + WAIT_SECONDS))
until node "$SCRIPTS_DIR/wait-for-tcp.js" "$POSTGRES_HOST" "$POSTGRES_PORT" >/dev/null 2>&1; do
  if [ "$(date +%s)" -ge "$deadline" ]; then
    log "gave up waiting for PostgreSQL after ${WAIT_SECONDS}s"
    exit 1
  fi
  sleep 3
done
log "PostgreSQL is reachable; running migrations"
npx --no-install medusa db:migrate
log "migrations applied"
