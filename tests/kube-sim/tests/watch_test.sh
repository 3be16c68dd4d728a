#!/usr/bin/env bash
# The watch protocol over raw HTTPS (curl): resume from a resourceVersion, timeoutSeconds, watch-list
# (initial events + initial-events-end bookmark), cluster-wide label-selected watches, compaction -> 410,
# and the watchCloseAfterSeconds fault.
# Usage: watch_test.sh /path/to/kube-sim
here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib.sh"
ks_start "$1" --bookmark-interval 300ms
ks_curl_setup
api=$KS_SERVER/api/v1

for ns in w1 w2; do kubectl create namespace $ns >/dev/null; done
kubectl create configmap c1 -n w1 --from-literal=a=1 >/dev/null
kubectl label configmap c1 -n w1 storefleet.io/store=s1 >/dev/null

# Plain watch from a list's resourceVersion sees only later changes and ends at timeoutSeconds.
rv=$(ks_curl "$api/namespaces/w1/configmaps" | jq -r .metadata.resourceVersion)
(sleep 0.5; kubectl create configmap c2 -n w1 --from-literal=b=2 >/dev/null) &
start=$SECONDS
ks_curl "$api/namespaces/w1/configmaps?watch=true&resourceVersion=$rv&timeoutSeconds=2" >"$KS_TMP/w.out"
[ $((SECONDS - start)) -le 4 ] || ks_fail "timeoutSeconds not honoured"
[ "$(jq -r 'select(.type=="ADDED") | .object.metadata.name' "$KS_TMP/w.out")" = c2 ] || ks_fail "resume watch: $(cat "$KS_TMP/w.out")"
[ "$(jq -r .object.kind "$KS_TMP/w.out" | sort -u)" = ConfigMap ] || ks_fail "events must carry kind"
ks_ok "watch from resourceVersion + timeoutSeconds"

# Watch-list: ADDED for existing objects, then a BOOKMARK annotated initial-events-end.
ks_curl "$api/namespaces/w1/configmaps?watch=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true&timeoutSeconds=1" >"$KS_TMP/wl.out"
[ "$(jq -r 'select(.type=="ADDED") | .object.metadata.name' "$KS_TMP/wl.out" | sort | tr '\n' ' ')" = "c1 c2 " ] \
  || ks_fail "watch-list initial events: $(cat "$KS_TMP/wl.out")"
[ "$(jq -r 'select(.type=="BOOKMARK") | .object.metadata.annotations["k8s.io/initial-events-end"]' "$KS_TMP/wl.out" | head -1)" = true ] \
  || ks_fail "watch-list: no initial-events-end bookmark"
[ "$(ks_curl -o /dev/null -w '%{http_code}' "$api/configmaps?watch=true&sendInitialEvents=true")" = 422 ] \
  || ks_fail "sendInitialEvents without resourceVersionMatch must be 422"
ks_ok "watch-list protocol"

# Periodic bookmarks carry kind/apiVersion and a resourceVersion.
ks_curl "$api/namespaces/w2/configmaps?watch=true&resourceVersion=$rv&allowWatchBookmarks=true&timeoutSeconds=1" >"$KS_TMP/bm.out"
jq -e 'select(.type=="BOOKMARK") | .object.kind == "ConfigMap" and (.object.metadata.resourceVersion | length > 0)' \
  "$KS_TMP/bm.out" >/dev/null || ks_fail "no periodic bookmark: $(cat "$KS_TMP/bm.out")"
ks_ok "periodic bookmarks"

# Cluster-wide, label-selected watch (what the provisioner does): only matching objects, from any namespace;
# an object that gains the label shows up as ADDED.
rv=$(ks_curl "$api/configmaps?labelSelector=storefleet.io/store" | jq -r .metadata.resourceVersion)
(sleep 0.3; kubectl create configmap c3 -n w2 >/dev/null; kubectl label configmap c3 -n w2 storefleet.io/store=s2 >/dev/null
 kubectl create configmap unlabelled -n w2 >/dev/null) &
ks_curl "$api/configmaps?labelSelector=storefleet.io/store&watch=true&resourceVersion=$rv&timeoutSeconds=2" >"$KS_TMP/cw.out"
[ "$(jq -r '.type + " " + .object.metadata.namespace + "/" + .object.metadata.name' "$KS_TMP/cw.out")" = "ADDED w2/c3" ] \
  || ks_fail "cluster-wide selector watch: $(cat "$KS_TMP/cw.out")"
ks_ok "cluster-wide label-selected watch"

# Compaction: an old resourceVersion gets an ERROR event with a 410 Status.
old_rv=$rv
kubectl create configmap c4 -n w1 >/dev/null
ks_curl -X POST -d "" "$KS_SERVER/sim/v1/compact" >/dev/null
ks_curl "$api/configmaps?watch=true&resourceVersion=$old_rv&timeoutSeconds=2" >"$KS_TMP/gone.out"
[ "$(jq -r 'select(.type=="ERROR") | .object.code' "$KS_TMP/gone.out")" = 410 ] || ks_fail "expected 410: $(cat "$KS_TMP/gone.out")"
new_rv=$(ks_curl "$api/configmaps" | jq -r .metadata.resourceVersion)
ks_curl "$api/configmaps?watch=true&resourceVersion=$new_rv&timeoutSeconds=1" >"$KS_TMP/ok.out"
! grep -q ERROR "$KS_TMP/ok.out" || ks_fail "a current resourceVersion must not be expired"
ks_ok "compaction -> 410 Expired"

# Fault: every watch is closed after N seconds.
ks_put_faults '{"watchCloseAfterSeconds": 1}'
start=$SECONDS
ks_curl "$api/configmaps?watch=true&resourceVersion=$new_rv" >/dev/null
[ $((SECONDS - start)) -le 3 ] || ks_fail "watchCloseAfterSeconds not applied"
ks_put_faults '{}'
ks_ok "watchCloseAfterSeconds"
echo PASS
