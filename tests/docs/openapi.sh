#!/usr/bin/env bash
# proto-docs/openapi.yaml lints with a maintained validator, and real responses of storefleet-api match it.
set -euo pipefail
root=${STOREFLEET_ROOT:?}
build=${STOREFLEET_BUILD:?}
work=$(mktemp -d)
api_pid=""
cleanup() {
  if [ -n "$api_pid" ]; then kill "$api_pid" 2>/dev/null || true; wait "$api_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
(umask 077 && openssl rand -hex 24 >"$work/admin-token")
"$build/services/api/storefleet-api" --listen "127.0.0.1:$port" --db "$work/s.db" \
  --provisioner-url http://127.0.0.1:1 --admin-token-file "$work/admin-token" >"$work/api.log" 2>&1 &
api_pid=$!
for _ in $(seq 1 100); do curl -fsS -o /dev/null "http://127.0.0.1:$port/api/health" 2>/dev/null && break; sleep 0.1; done
# The token travels in the environment, not in argv.
STOREFLEET_TOKEN=$(cat "$work/admin-token") node "$root/tests/docs/record-responses.mjs" "http://127.0.0.1:$port" \
  "$work/responses.jsonl"
node "$root/tests/docs/openapi-check.mjs" "$root/proto-docs/openapi.yaml" "$work/responses.jsonl"
echo "2 passed, 0 failed"
