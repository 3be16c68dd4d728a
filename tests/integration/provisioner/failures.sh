#!/usr/bin/env bash
# Failures fail fast with their reason: image pull, crash loop, setup Job failure, unschedulable; and the
# overall timeout with the last reason.
source "$(dirname "$0")/lib.sh"
start_sim
start_provisioner

reason() { sql "SELECT status_reason FROM stores WHERE name='$1' ORDER BY id DESC LIMIT 1"; }
expect_failed() {  # NAME REGEX MAX_SECONDS
  local t0=$SECONDS
  wait_status "$1" Failed "$3"
  [[ $(reason "$1") =~ $2 ]] || fail "$1 reason '$(reason "$1")' does not match /$2/"
  log "$1 Failed after $((SECONDS - t0))s: $(reason "$1")"
}

sim PUT /sim/v1/faults '{"imagePullFailure":["mariadb"],"crashLoop":["redis"]}' >/dev/null
create_store pull-shop woocommerce
create_store crash-shop medusa
expect_failed pull-shop 'pod pull-shop-mariadb-0: (ImagePullBackOff|ErrImagePull)' 40
expect_failed crash-shop 'pod crash-shop-redis.*: CrashLoopBackOff' 40
# Failed stores are kept for debugging by default.
kc get ns store-pull-shop >/dev/null || fail "namespace of a failed store was removed"

sim PUT /sim/v1/faults '{"jobFailure":["jobfail-shop-setup"],"unschedulable":["unsched-shop-mariadb"]}' >/dev/null
create_store jobfail-shop woocommerce
create_store unsched-shop woocommerce
expect_failed jobfail-shop 'job jobfail-shop-setup-r1 failed' 60
expect_failed unsched-shop 'pod unsched-shop-mariadb-0: Unschedulable' 40
steps=$(sql "SELECT json_extract(data,'$.step')||':'||json_extract(data,'$.state') FROM events WHERE store='jobfail-shop' AND type='store.step'" | tr '\n' ' ')
[[ $steps == *"setup:failed"* ]] || fail "no setup:failed step: $steps"

metrics=$(prov_curl -sf "$PROV_URL/metrics")
echo "$metrics" | grep -q 'storefleet_provisioner_jobs_total{kind="create",outcome="failed"} 4' || fail "metrics: $metrics"

# Overall timeout: pods that never become ready within --timeout fail with the last reason.
kill "$PROV_PID"; wait "$PROV_PID" 2>/dev/null || true; PROV_PID=""
sim PUT /sim/v1/faults '{"slowStartSeconds":60}' >/dev/null
start_provisioner --timeout 4s --cleanup-on-failure
create_store slow-shop woocommerce
expect_failed slow-shop 'timed out after 4s \(waiting for ' 30
# --cleanup-on-failure: the release and namespace go, the store row stays Failed.
for _ in $(seq 100); do kc get ns store-slow-shop >/dev/null 2>&1 || break; sleep 0.2; done
kc get ns store-slow-shop >/dev/null 2>&1 && fail "cleanup-on-failure left the namespace"
[[ $(store_status slow-shop) == Failed ]] || fail "slow-shop is $(store_status slow-shop) after cleanup"

# helm itself fails (no chart there): retried with backoff, then Failed with helm's error after the limit.
kill "$PROV_PID"; wait "$PROV_PID" 2>/dev/null || true; PROV_PID=""
sim PUT /sim/v1/faults '{}' >/dev/null
CHART=$WORK/no-such-chart start_provisioner --retry-backoff 300ms
create_store nochart-shop woocommerce
expect_failed nochart-shop '^failed after 5 attempts: helm upgrade failed \(exit 1\): .*no-such-chart' 60
# (the API sets 5 attempts per job when it enqueues)
retries=$(sql "SELECT COUNT(*) FROM events WHERE store='nochart-shop' AND reason LIKE 'attempt _ failed, retrying in %'")
[[ $retries == 4 ]] || fail "expected 4 retry events, got $retries"
log "PASS"
