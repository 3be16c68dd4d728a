#!/bin/sh
# Medusa seed Job: waits until the Medusa API answers its health endpoint (so this revision's migrations are
# applied: the server starts only after them), then makes sure the store's admin user exists (create-admin.js)
# and its publishable API key is the one the platform generated (publishable-key.js). With SAMPLE_PRODUCTS=true
# an empty store then gets the project's sample data (seed-sample-data.js, skipped once products exist).
# Every step is idempotent. Credentials come from the environment, never from argv; nothing secret is printed.
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

# medusa_exec SCRIPT: runs one of the chart's scripts inside the Medusa app; a failure (the database briefly
# unreachable, say) is retried until time runs out, with the exit code in the log.
medusa_exec() {
  until npx --no-install medusa exec "$SCRIPTS_DIR/$1"; do
    status=$?
    if out_of_time; then
      log "$1 failed (exit $status); giving up after ${WAIT_SECONDS}s"
      exit 1
    fi
    log "$1 failed (exit $status); retrying in ${RETRY_SECONDS}s"
    sleep "$RETRY_SECONDS"
  done
}

medusa_exec create-admin.js
log "admin user present"
medusa_exec publishable-key.js
if [ "${SAMPLE_PRODUCTS:-false}" = true ]; then
  medusa_exec seed-sample-data.js
fi
log "store is ready for orders"
