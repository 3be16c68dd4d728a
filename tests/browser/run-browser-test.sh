#!/usr/bin/env bash
# ctest entry for the Chromium tests: `run-browser-test.sh smoke|security|fleet|trouble|scale` (mocked API) or
# `run-browser-test.sh e2e|https|rollouts` (the real kube-sim + provisioner + API, started by the test through
# lib/stack.mjs). Screenshots go to $STOREFLEET_BUILD/screenshots.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=${STOREFLEET_ROOT:-$(cd "$here/../.." && pwd)}
which=${1:?usage: run-browser-test.sh smoke|security|fleet|trouble|scale|e2e|https|rollouts}

[ -x /usr/bin/chromium ] || { echo "Chromium is missing (/usr/bin/chromium: scripts/setup installs it)"; exit 1; }
if [ ! -d "$here/node_modules/playwright-core" ]; then
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error)
fi
# scripts/test builds the dashboard before ctest; build it here only when run on its own.
if [ ! -f "$root/services/dashboard/dist/index.html" ]; then
  (cd "$root/services/dashboard" && { [ -d node_modules ] || npm ci --no-audit --no-fund --loglevel=error; } && npm run --silent build >/dev/null)
fi
cd "$here"
# Node records the pids of the servers it starts; reap any it could not stop itself (e.g. a ctest timeout).
export E2E_PIDFILE
E2E_PIDFILE=$(mktemp)
reap() {
  while read -r pid; do kill -KILL "$pid" 2>/dev/null || true; done <"$E2E_PIDFILE"
  rm -f "$E2E_PIDFILE"
}
trap reap EXIT
trap 'kill -TERM "$node_pid" 2>/dev/null; wait "$node_pid"; exit 143' TERM INT
node "$which.mjs" &
node_pid=$!
wait "$node_pid"
