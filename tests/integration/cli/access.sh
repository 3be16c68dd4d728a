# shellcheck shell=bash disable=SC2154,SC2034  # sourced by cli.sh: cli, OUT, ERR, TOKEN_FILE, WORK, API, DB, CLI_BIN, …
# Access through the CLI on the running stack: no/wrong token (exit 7), tenant tokens issued with
# `storefleet tokens create` see and manage only their own stores (others are 404), the store limit (exit 8),
# admin-only commands, credentials, Idempotency-Key replays, revocation, and a 429 with Retry-After (exit 9).

# No token, and a refused one: exit 7 with a hint saying which.
rc=0; env -u STOREFLEET_TOKEN -u STOREFLEET_TOKEN_FILE "$CLI_BIN" --server "$API" list >/dev/null 2>"$WORK/err" || rc=$?
[[ $rc == 7 ]] || fail "list without a token: exit $rc: $(cat "$WORK/err")"
grep -q 'set STOREFLEET_TOKEN or pass --token-file' "$WORK/err" || fail "no-token hint: $(cat "$WORK/err")"
rc=0; STOREFLEET_TOKEN=sf_not_a_real_token "$CLI_BIN" --server "$API" list >/dev/null 2>"$WORK/err" || rc=$?
[[ $rc == 7 ]] || fail "list with a wrong token: exit $rc: $(cat "$WORK/err")"
grep -q 'the token was refused' "$WORK/err" || fail "wrong-token hint: $(cat "$WORK/err")"
log "no token / wrong token: exit 7"

# issue_tenant NAME STORE_LIMIT FILE: an admin issues a tenant token; its secret (stdout) goes to FILE, 0600.
issue_tenant() {
  TOKEN_FILE=$ADMIN_TOKEN_FILE cli 0 tokens create --name "$1" --role tenant --store-limit "$2"
  [[ $ERR == *"created token tok_"*"shown only this once"* ]] || fail "tokens create: $ERR"
  [[ $(grep -c . <<<"$OUT") == 1 && $OUT == sf_* ]] || fail "tokens create: stdout is not just the secret"
  (umask 077 && printf '%s\n' "$OUT" >"$3")
}
issue_tenant team-a 1 "$WORK/team-a.token"
issue_tenant team-b 0 "$WORK/team-b.token"
secret_a=$(cat "$WORK/team-a.token")
cli 0 tokens list
grep -Eq '^tok_[^ ]+ +team-a +tenant +1 ' <<<"$OUT" || fail "tokens list: team-a: $OUT"
grep -Eq '^tok_[^ ]+ +team-b +tenant +- ' <<<"$OUT" || fail "tokens list: team-b: $OUT"
[[ $OUT == *"$secret_a"* ]] && fail "tokens list shows a secret"
log "tenant tokens issued with the CLI"

TOKEN_FILE=$WORK/team-a.token
cli 0 create a-shop --wait
[[ $(tail -n 1 <<<"$OUT") == *Ready* ]] || fail "tenant create --wait: $OUT"
TOKEN_FILE=$WORK/team-b.token
cli 0 create b-shop
# The same tenant through $STOREFLEET_TOKEN instead of --token-file (an empty --token-file means "not given").
TOKEN_FILE="" STOREFLEET_TOKEN=$secret_a cli 0 list
grep -q '^a-shop ' <<<"$OUT" || fail "team-a (env token) does not see a-shop: $OUT"
for other in b-shop shop1 bad1; do grep -q "^$other " <<<"$OUT" && fail "team-a sees $other: $OUT"; done
cli 0 list
grep -q '^b-shop ' <<<"$OUT" || fail "team-b does not see b-shop: $OUT"
grep -q '^a-shop ' <<<"$OUT" && fail "team-b sees a-shop: $OUT"
TOKEN_FILE=$ADMIN_TOKEN_FILE cli 0 list
grep -q '^a-shop ' <<<"$OUT" && grep -q '^b-shop ' <<<"$OUT" || fail "admin does not see both tenants' stores: $OUT"
log "each tenant lists only its own stores; admin sees both"

TOKEN_FILE=$WORK/team-a.token
for cmd in "status b-shop" "delete b-shop" "credentials b-shop"; do
  # shellcheck disable=SC2086  # word splitting intended
  cli 3 $cmd
  grep -q 'HTTP 404' <<<"$ERR" || fail "team-a $cmd: not a 404: $ERR"
done
cli 8 create a-two
grep -q 'HTTP 403' <<<"$ERR" || fail "store limit: $ERR"
cli 8 tokens list
cli 8 tokens create --name sneaky
log "tenant: other stores 404 (exit 3), store limit and admin-only commands 403 (exit 8)"

cli 0 credentials a-shop
for label in 'admin URL:' 'username:' 'password:'; do
  grep -q "^$label  *[^ ]" <<<"$OUT" || fail "credentials: no $label line: $OUT"
done
cli 0 credentials a-shop --json
[[ $(jq -r .storeName <<<"$OUT") == a-shop && -n $(jq -r '.password // empty' <<<"$OUT") ]] || fail "credentials --json: $OUT"
log "credentials of an own store"

# Idempotency: the same key and body replays the first answer (no 409); the key with another body is a 422.
TOKEN_FILE=$ADMIN_TOKEN_FILE
key=it-$RANDOM$RANDOM
cli 0 create idem1 --idempotency-key "$key"
first=$OUT
cli 0 create idem1 --idempotency-key "$key"
[[ $OUT == "$first" ]] || fail "replayed create differs: '$first' vs '$OUT'"
cli 3 create idem1
grep -q 'HTTP 409' <<<"$ERR" || fail "create without the key is not a conflict: $ERR"
cli 3 create idem2 --idempotency-key "$key"
grep -q 'HTTP 422' <<<"$ERR" || fail "a reused key with another body: $ERR"
cli 0 delete idem1 --idempotency-key "del-$key"
cli 0 delete idem1 --idempotency-key "del-$key"
log "Idempotency-Key: replay, 409 without it, 422 on reuse"

# Revocation: team-b's token stops working at once.
cli 0 -o json tokens list
id_b=$(jq -r '.tokens[] | select(.name == "team-b") | .id' <<<"$OUT")
cli 0 tokens revoke "$id_b"
[[ $OUT == "$id_b: revoked" ]] || fail "revoke: $OUT"
TOKEN_FILE=$WORK/team-b.token cli 7 list
log "revoked token: exit 7"

# start_limited_api RATE LOG: a second API on the same database with a one-request bucket per token refilled at
# RATE per second; sets LIMITED_API_PID and LIMITED_API.
start_limited_api() {
  "$API_BIN" --listen 127.0.0.1:0 --db "$DB" --provisioner-url "$PROV_URL" --admin-token-file "$ADMIN_TOKEN_FILE" \
    --internal-token-file "$INTERNAL_TOKEN_FILE" --token-rate "$1" --token-burst 1 >"$2" 2>&1 &
  LIMITED_API_PID=$!
  BG_PIDS+=("$LIMITED_API_PID")  # stopped by cleanup if a check below fails
  local port=""
  for _ in $(seq 100); do
    port=$(grep -ao 'storefleet-api listening on 127.0.0.1:[0-9]*' "$2" | sed 's/.*://') || true
    [[ -n $port ]] && break
    sleep 0.1
  done
  [[ -n $port ]] || fail "rate-limited API did not start: $(cat "$2")"
  LIMITED_API=http://127.0.0.1:$port
}
stop_limited_api() { kill "$LIMITED_API_PID"; wait "$LIMITED_API_PID" 2>/dev/null || true; }

# A long Retry-After: exit 9 and the wait is printed.
start_limited_api 0.01 "$WORK/api-limited.log"
API=$LIMITED_API cli 0 list
API=$LIMITED_API cli 9 list
grep -Eq 'HTTP 429' <<<"$ERR" && grep -Eq 'retry after [0-9]+ s' <<<"$ERR" || fail "429 without Retry-After: $ERR"
stop_limited_api
log "rate limited: exit 9 with Retry-After"

# A short Retry-After is waited out: the CLI says so and succeeds.
start_limited_api 0.5 "$WORK/api-limited2.log"
API=$LIMITED_API cli 0 list
API=$LIMITED_API cli 0 list
grep -Eq 'note: rate limited by the API; retrying GET /api/stores.* in [0-9]+s' <<<"$ERR" || fail "no retry note: $ERR"
stop_limited_api
log "rate limited: a short Retry-After is waited out"
