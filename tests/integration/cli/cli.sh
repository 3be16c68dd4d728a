#!/usr/bin/env bash
# The storefleet CLI against the real stack: kube-sim + real storefleet-provisioner (real helm) + real
# storefleet-api. Checks output and exit codes: 0 ok, 3 rejected (4xx), 4 unreachable, 5 store Failed (--wait),
# 7 no/refused token, 8 forbidden, 9 rate limited; tenant tokens issued with the CLI see only their own stores.
source "$STOREFLEET_ROOT/tests/integration/provisioner/lib.sh"
CLI_BIN=$BUILD/services/cli/storefleet

start_sim
start_provisioner
start_api

# cli EXPECTED_RC ARGS… → runs the CLI with --server and --token-file $TOKEN_FILE (default: the admin token),
# output in $OUT (stdout) and $ERR (stderr).
OUT="" ERR=""
TOKEN_FILE=$ADMIN_TOKEN_FILE
cli() {
  local want=$1 rc=0
  shift
  timeout 60 "$CLI_BIN" --server "$API" --token-file "$TOKEN_FILE" --wait-timeout 45 "$@" >"$WORK/out" 2>"$WORK/err" \
    || rc=$?
  OUT=$(cat "$WORK/out") ERR=$(cat "$WORK/err")
  [[ -z ${CLI_TRACE:-} ]] || printf "== %s\n%s\n-- stderr:\n%s\n" "$*" "$OUT" "$ERR"
  [[ $rc == "$want" ]] || fail "storefleet $* exited $rc, wanted $want
stdout: $OUT
stderr: $ERR"
}

t0=$SECONDS
cli 0 create shop1 --engine woocommerce --wait
# a whole line of its own: the follower thread prints events while the request is in flight
grep -Eqx 'shop1: accepted \(Queued\), url http://shop1\.[a-z.]+' <<<"$OUT" || fail "create: no acceptance line: $OUT"
[[ $(grep -c . <<<"$OUT") -ge 3 ]] || fail "create --wait: expected progress lines: $OUT"
[[ $(tail -n 1 <<<"$OUT") == *Ready* ]] || fail "create --wait: last line is not Ready: $OUT"
log "create --wait: Ready ($((SECONDS - t0))s)"

cli 0 list
grep -Eq '^NAME +ENGINE +STATUS' <<<"$OUT" || fail "list: no table header: $OUT"
grep -Eq '^shop1 +woocommerce +Ready( |$)' <<<"$OUT" || fail "list: shop1 not Ready: $OUT"
cli 0 -o json list
[[ $(jq -r '.stores[] | select(.store_name == "shop1") | .status' <<<"$OUT") == Ready ]] \
  || fail "list -o json: $OUT"

cli 0 status shop1
[[ $OUT == *"shop1: Ready"* ]] || fail "status: $OUT"
grep -q 'shop1-mariadb-0' <<<"$OUT" || fail "status: no mariadb pod: $OUT"
grep -q 'shop1-wordpress' <<<"$OUT" || fail "status: no wordpress pod: $OUT"
log "list/status ok"

cli 3 create Bad_Name --engine woocommerce
grep -q 'HTTP 422' <<<"$ERR" || fail "bad name: no HTTP 422: $ERR"
grep -Eq -- '- storeName: .+' <<<"$ERR" || fail "bad name: no field message: $ERR"
cli 3 create shop1 --engine woocommerce
grep -q 'HTTP 409' <<<"$ERR" || fail "duplicate: no HTTP 409: $ERR"
cli 2 create
rc=0; "$CLI_BIN" --server http://127.0.0.1:1 list >/dev/null 2>"$WORK/err" || rc=$?
[[ $rc == 4 ]] || fail "unreachable server: exit $rc: $(cat "$WORK/err")"
grep -q 'cannot reach the API' "$WORK/err" || fail "unreachable server: $(cat "$WORK/err")"
log "exit codes 3 (422, 409), 2, 4 ok"

t0=$SECONDS
cli 0 delete shop1 --wait
[[ $(tail -n 1 <<<"$OUT") == *Deleted* ]] || fail "delete --wait: last line is not Deleted: $OUT"
cli 0 list
grep -q '^shop1 ' <<<"$OUT" && fail "shop1 still listed after delete --wait: $OUT"
log "delete --wait ok ($((SECONDS - t0))s)"

# A failing store: kube-sim fails the WordPress image pull; the provisioner fails fast (--fail-fast-after 3s).
sim PUT /sim/v1/faults '{"imagePullFailure":["wordpress"]}' >/dev/null
t0=$SECONDS
cli 5 create bad1 --engine woocommerce --wait
grep -Eq 'bad1 failed: .*(ImagePullBackOff|ErrImagePull)' <<<"$ERR" || fail "bad1: no image pull reason: $ERR"
grep -q Failed <<<"$(tail -n 1 <<<"$OUT")" || fail "bad1: last progress line is not Failed: $OUT"
reason=$(tail -n 1 <<<"$ERR")
cli 0 list
grep -Eq '^bad1 +woocommerce +Failed' <<<"$OUT" || fail "list: bad1 not Failed: $OUT"
log "failed store: exit 5 ($((SECONDS - t0))s): $reason"
sim PUT /sim/v1/faults '{}' >/dev/null

source "$STOREFLEET_ROOT/tests/integration/cli/access.sh"
log "PASS"
