#!/bin/sh
# Medusa seed Job: waits until the Medusa API answers its health endpoint, then makes sure the store's admin
# user exists (create-admin.js, idempotent), retrying while the migrations Job is still running (the user
# table does not exist yet). With SAMPLE_PRODUCTS=true an empty store then gets the project's sample data
# (seed-sample-data.js, skipped once products exist). Credentials come from the environment, never from
# argv; nothing secret is printed.
set -eu
: "${MEDUSA_HEALTH_URL:?}" "${ADMIN_EMAIL:?}" "${ADMIN_PASSWORD:?}"
WAIT_SECONDS=${WAIT_SECONDS:-1200}
SCRIPTS_DIR=${SCRIPTS_DIR:-/scripts}
POLL_SECONDS=${POLL_SECONDS:-3}
RETRY_SECONDS=${RETRY_SECONDS:-10}

log() { printf 'seed: %s\n' "$*"; }

deadline=$(($(date +%s) + WAIT_SECONDS))
out_of_time() { [ "$(date +%s)" -ge "$deadline" ]; }

until node "$SCRIPTS_DIR/wait-for-http.js" "$MEDUSA_HEALTH_URL" >/dev/null 2>&1; do
  if out_of_time; then
    log "gave up waiting for $MEDUSA_HEALTH_URL"
    exit 1
  fi
  sleep "$POLL_SECONDS"
done
log "Medusa API answers"

until npx --no-install medusa exec "$SCRIPTS_DIR/create-admin.js"; do
  if out_of_time; then
    log "could not create the admin user in time"
    exit 1
  fi
  log "admin user not created yet (migrations still running?); retrying"
  sleep "$RETRY_SECONDS"
done
log "admin user present"

if [ "${SAMPLE_PRODUCTS:-false}" = true ]; then
  npx --no-install medusa exec "$SCRIPTS_DIR/seed-sample-data.js"
fi
