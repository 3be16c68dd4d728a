#!/usr/bin/env bash
# --trusted-proxies: the per-IP rate limit and the audit see the client a trusted proxy names in X-Forwarded-For /
# Forwarded; from an untrusted peer the same headers are ignored (spoofing them does not buy a fresh bucket).
source "$STOREFLEET_ROOT/tests/integration/provisioner/lib.sh"

PROV_URL=http://127.0.0.1:9  # no provisioner: not needed here
limited=(--ip-rate 0.001 --ip-burst 2)  # two anonymous requests per client, then 429

# 1. No trusted proxies: every request from 127.0.0.1 shares one bucket, whatever it claims.
start_api "${limited[@]}"
for i in 1 2; do
  code=$(curl -s -o /dev/null -w '%{http_code}' -H "X-Forwarded-For: 203.0.113.$i" "$API/api/stores")
  [[ $code == 401 ]] || fail "anonymous request $i answered $code, wanted 401"
done
code=$(curl -s -o /dev/null -w '%{http_code}' -H 'X-Forwarded-For: 203.0.113.99' -H 'Forwarded: for=198.51.100.1' \
  "$API/api/stores")
[[ $code == 429 ]] || fail "a spoofed X-Forwarded-For from an untrusted peer escaped the limit: $code"
curl -s -o /dev/null -H @"$AUTH_HEADER" -H 'Content-Type: application/json' -H 'X-Forwarded-For: 203.0.113.50' \
  -d '{"token":"'"$(cat "$ADMIN_TOKEN_FILE")"'"}' "$API/api/session"
[[ $(sql "SELECT client_ip FROM audit_log WHERE action='session.create' ORDER BY id DESC LIMIT 1") == 127.0.0.1 ]] \
  || fail "audit took a spoofed address: $(sql "SELECT client_ip FROM audit_log ORDER BY id DESC LIMIT 1")"
kill "$API_PID"; wait "$API_PID" 2>/dev/null || true; API_PID=""
log "untrusted peer: forwarding headers ignored"

# 2. Loopback is the trusted proxy: each forwarded client has its own bucket, the right-most untrusted wins.
DB=$WORK/proxied.db
start_api "${limited[@]}" --trusted-proxies 127.0.0.0/8,10.0.0.0/8
for i in 1 2; do
  code=$(curl -s -o /dev/null -w '%{http_code}' -H "X-Forwarded-For: 6.6.6.6, 203.0.113.7, 10.1.2.3" "$API/api/stores")
  [[ $code == 401 ]] || fail "forwarded request $i answered $code"
done
code=$(curl -s -o /dev/null -w '%{http_code}' -H 'X-Forwarded-For: 7.7.7.7, 203.0.113.7' "$API/api/stores")
[[ $code == 429 ]] || fail "203.0.113.7's third request was not limited (a prepended address must not change the client): $code"
code=$(curl -s -o /dev/null -w '%{http_code}' -H 'X-Forwarded-For: 203.0.113.8' "$API/api/stores")
[[ $code == 401 ]] || fail "another forwarded client shared the bucket: $code"
code=$(curl -s -o /dev/null -w '%{http_code}' -H 'Forwarded: for="[2001:db8::7]:4711"' "$API/api/stores")
[[ $code == 401 ]] || fail "a Forwarded client shared the bucket: $code"
curl -s -o /dev/null -H 'Content-Type: application/json' -H 'X-Forwarded-For: 203.0.113.50' \
  -d '{"token":"'"$(cat "$ADMIN_TOKEN_FILE")"'"}' "$API/api/session"
[[ $(sql "SELECT client_ip FROM audit_log WHERE action='session.create' ORDER BY id DESC LIMIT 1") == 203.0.113.50 ]] \
  || fail "audit did not record the forwarded client: $(sql "SELECT client_ip FROM audit_log ORDER BY id DESC LIMIT 1")"
log "trusted proxy: per-client buckets and audit addresses from X-Forwarded-For / Forwarded"

# 3. A bad list is refused at startup.
rc=0; "$API_BIN" --db "$WORK/x.db" --admin-token-file "$ADMIN_TOKEN_FILE" --trusted-proxies 10.0.0.0/33 \
  >"$WORK/bad.log" 2>&1 || rc=$?
[[ $rc != 0 ]] || fail "--trusted-proxies 10.0.0.0/33 was accepted"
grep -q 'bad prefix length' "$WORK/bad.log" || fail "unclear error: $(cat "$WORK/bad.log")"
