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

# kubectl's habits: global flags after the command, filters, history, retry, version, completion.
cli 0 create shop2 --engine medusa
cli 0 list --status FAILED -o json
[[ $(jq -r '[.stores[].store_name] | join(",")' <<<"$OUT") == bad1 ]] || fail "list --status FAILED -o json: $OUT"
cli 0 list -q shop --sort-by name
grep -Eq '^shop2 +medusa ' <<<"$OUT" || fail "list -q shop: $OUT"
grep -q '^bad1 ' <<<"$OUT" && fail "list -q shop lists bad1: $OUT"
cli 0 list --limit 1 --sort-by created --desc
[[ $(grep -c . <<<"$OUT") == 2 ]] && grep -q '^shop2 ' <<<"$OUT" || fail "list --limit 1 --desc: $OUT"
grep -q '1 of 2 stores shown' <<<"$ERR" || fail "list --limit 1: no 'shown' line: $ERR"
cli 2 list --status sleeping
grep -q 'use one or more of: Queued, Provisioning' <<<"$ERR" || fail "bad --status: $ERR"
cli 2 frobnicate
grep -q "unknown command 'frobnicate'; commands: create, list" <<<"$ERR" || fail "unknown command: $ERR"
cli 3 events --store nope
grep -q 'HTTP 404' <<<"$ERR" || fail "events --store nope: $ERR"

cli 0 retry bad1 --wait
grep -q '^bad1: retry accepted (Queued)$' <<<"$OUT" || fail "retry: no acceptance line: $OUT"
[[ $(tail -n 1 <<<"$OUT") == *Ready* ]] || fail "retry --wait: last line is not Ready: $OUT"
cli 3 retry bad1
grep -q 'HTTP 409' <<<"$ERR" || fail "retry of a Ready store: $ERR"
cli 0 events --store bad1 --tail 2 --no-follow
[[ $(grep -c . <<<"$OUT") == 2 && $(tail -n 1 <<<"$OUT") == *"bad1 Ready"* ]] || fail "events --tail 2: $OUT"
grep -Eq '^[0-9]{2}:[0-9]{2}:[0-9]{2}Z bad1 ' <<<"$OUT" || fail "events: times without a zone: $OUT"
cli 0 events --store bad1 --since 1h --no-follow
grep -q 'bad1 Failed' <<<"$OUT" && grep -q 'bad1 Ready' <<<"$OUT" || fail "events --since 1h: $OUT"
cli 0 events --store bad1 --since 2099-01-01 --no-follow
[[ -z $OUT ]] || fail "events --since the future: $OUT"
log "list filters, retry --wait, events history, 404 ok"

cli 0 version
grep -q '^storefleet [0-9]' <<<"$OUT" && grep -q "^server .* at $API" <<<"$OUT" || fail "version: $OUT"
cli 0 --version
grep -q '^storefleet [0-9]' <<<"$OUT" || fail "--version: $OUT"
cli 0 completion bash
bash -c "$OUT"$'\ncomplete -p storefleet' | grep -q '_storefleet_complete' || fail "completion bash does not load"
# shellcheck disable=SC2016 # expanded by the inner shell
words=$(bash -c "$OUT"$'\nCOMP_WORDS=(storefleet list --s); COMP_CWORD=2; _storefleet_complete; echo "${COMPREPLY[*]}"')
[[ $words == *--status* && $words == *--sort-by* && $words == *--server* ]] || fail "completion of list --s: $words"
log "version, completion ok"

# Day-2: the catalogue, a store created on an older version and upgraded, suspended and resumed, a refused change.
cli 0 catalog
grep -Eq '^woocommerce +9\.8\.5 +default ' <<<"$OUT" && grep -Eq '^woocommerce +9\.6\.2 +deprecated ' <<<"$OUT" \
  || fail "catalog: $OUT"
cli 0 create old1 --engine-version 9.7.1 --wait
cli 0 -o json list -q old1
[[ $(jq -r '.stores[0].version' <<<"$OUT") == 9.7.1 ]] || fail "create --engine-version: $OUT"
cli 0 upgrade old1 --to 9.8.5 --wait
grep -q '^old1: change accepted (Upgrading: upgrade 9.7.1 → 9.8.5 requested)$' <<<"$OUT" || fail "upgrade: $OUT"
[[ $(tail -n 1 <<<"$OUT") == *Ready* ]] || fail "upgrade --wait: last line is not Ready: $OUT"
cli 3 upgrade old1 --to 9.7.1
grep -q 'data format' <<<"$ERR" || fail "a downgrade across data formats: $ERR"
cli 0 suspend old1 --wait
[[ $(tail -n 1 <<<"$OUT") == *Suspended* ]] || fail "suspend --wait: $OUT"
cli 0 suspend old1
grep -q '^old1: already Suspended (version 9.8.5)$' <<<"$OUT" || fail "suspend again: $OUT"
cli 0 resume old1 --wait
[[ $(tail -n 1 <<<"$OUT") == *Ready* ]] || fail "resume --wait: $OUT"
cli 0 revisions old1
grep -Eq '^4 +9\.8\.5 +upgrade +deployed ' <<<"$OUT" && grep -Eq '^1 +9\.7\.1 +install +deployed ' <<<"$OUT" || fail "revisions: $OUT"
cli 0 rollback old1 --to-revision 3 --wait
[[ $(tail -n 1 <<<"$OUT") == *Suspended* ]] || fail "rollback --wait to a suspended revision: $OUT"
cli 3 rollback old1 --to-revision 1
grep -q 'older data format' <<<"$ERR" || fail "a rollback across data formats: $ERR"
log "catalog, upgrade --wait, suspend/resume --wait, revisions, rollback --wait, refused downgrade ok"

source "$STOREFLEET_ROOT/tests/integration/cli/access.sh"
log "PASS"
