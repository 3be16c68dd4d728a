#!/usr/bin/env bash
# Fault injection and the control API (CONTRACTS.md): image pull failure, crash loop, unschedulable,
# job failure (by control API and by pod-template annotation), error rate, latency, request counters,
# ResourceQuota admission (403 with the real message), Events.
# Usage: faults_test.sh /path/to/kube-sim
here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib.sh"
ks_start "$1" --image-pull-backoff-delay 300ms --crash-delay 200ms
ks_curl_setup
ns=f
kubectl create namespace $ns >/dev/null

pod() {  # pod NAME IMAGE [annotation-fault]
  local ann=""
  [ -n "${3:-}" ] && ann="annotations: {sim.storefleet.io/fault: $3}"
  kubectl create -f - >/dev/null <<YAML
apiVersion: v1
kind: Pod
metadata: {name: $1, namespace: $ns, $ann}
spec: {containers: [{name: main, image: "$2"}]}
YAML
}
waiting_reason() { kubectl get pod "$1" -n $ns -o jsonpath='{.status.containerStatuses[0].state.waiting.reason}'; }

ks_put_faults '{"imagePullFailure": ["registry.invalid/"], "crashLoop": ["crashy"], "unschedulable": ["stuck"], "jobFailure": ["doomed"]}'
[ "$(kubectl get --raw /sim/v1/faults | jq -c .imagePullFailure)" = '["registry.invalid/"]' ] || ks_fail "GET faults"

pod pull registry.invalid/app:1
ks_eventually 10 bash -c "[ \"\$(kubectl get pod pull -n $ns -o jsonpath='{.status.containerStatuses[0].state.waiting.reason}')\" = ErrImagePull ]" \
  || ks_fail "no ErrImagePull: $(waiting_reason pull)"
ks_eventually 10 bash -c "[ \"\$(kubectl get pod pull -n $ns -o jsonpath='{.status.containerStatuses[0].state.waiting.reason}')\" = ImagePullBackOff ]" \
  || ks_fail "no ImagePullBackOff"
[ "$(kubectl get pod pull -n $ns -o jsonpath='{.status.phase}')" = Pending ] || ks_fail "image-pull pod must stay Pending"
ks_expect "Failed to pull image" kubectl get events -n $ns --field-selector involvedObject.name=pull -o jsonpath='{.items[*].message}'
ks_ok "image pull failure: ErrImagePull -> ImagePullBackOff, Pending, events"

pod crash crashy:1
ks_eventually 10 bash -c "[ \"\$(kubectl get pod crash -n $ns -o jsonpath='{.status.containerStatuses[0].state.waiting.reason}')\" = CrashLoopBackOff ]" \
  || ks_fail "no CrashLoopBackOff"
ks_eventually 10 bash -c "[ \$(kubectl get pod crash -n $ns -o jsonpath='{.status.containerStatuses[0].restartCount}') -ge 2 ]" \
  || ks_fail "restartCount does not grow"
ks_expect "Back-off restarting failed container" kubectl get events -n $ns -o jsonpath='{.items[*].message}'
ks_ok "crash loop"

pod stuck-1 nginx:1.27
ks_eventually 10 bash -c "[ \"\$(kubectl get pod stuck-1 -n $ns -o jsonpath='{.status.conditions[?(@.type==\"PodScheduled\")].reason}')\" = Unschedulable ]" \
  || ks_fail "not Unschedulable"
ks_expect FailedScheduling kubectl get events -n $ns -o jsonpath='{.items[*].reason}'
ks_ok "unschedulable"

pod annotated nginx:1.27 crash-loop
ks_eventually 10 bash -c "[ \"\$(kubectl get pod annotated -n $ns -o jsonpath='{.status.containerStatuses[0].state.waiting.reason}')\" = CrashLoopBackOff ]" \
  || ks_fail "annotation fault crash-loop not applied"
ks_ok "pod annotation fault"

job() {  # job NAME [annotation-fault]
  local ann=""
  [ -n "${2:-}" ] && ann="metadata: {annotations: {sim.storefleet.io/fault: $2}}"
  kubectl create -f - >/dev/null <<YAML
apiVersion: batch/v1
kind: Job
metadata: {name: $1, namespace: $ns}
spec:
  backoffLimit: 1
  template:
    $ann
    spec:
      restartPolicy: Never
      containers: [{name: main, image: "busybox:1.36"}]
YAML
}
job doomed-setup
job annotated-job job-failure
for j in doomed-setup annotated-job; do
  kubectl wait --for=condition=failed job/$j -n $ns --timeout=30s >/dev/null || ks_fail "job $j did not fail"
  [ "$(kubectl get job $j -n $ns -o jsonpath='{.status.conditions[?(@.type=="Failed")].reason}')" = BackoffLimitExceeded ] \
    || ks_fail "job $j: reason"
  [ "$(kubectl get job $j -n $ns -o jsonpath='{.status.failed}')" = 2 ] || ks_fail "job $j: backoffLimit 1 means 2 failed pods"
done
ks_ok "job failure (control API and annotation): Failed/BackoffLimitExceeded after backoffLimit"

# A Deployment whose pods never become ready reports ProgressDeadlineExceeded after progressDeadlineSeconds.
kubectl create -f - >/dev/null <<YAML
apiVersion: apps/v1
kind: Deployment
metadata: {name: stalled, namespace: $ns}
spec:
  progressDeadlineSeconds: 2
  selector: {matchLabels: {app: stalled}}
  template:
    metadata: {labels: {app: stalled}, annotations: {sim.storefleet.io/fault: image-pull}}
    spec: {containers: [{name: main, image: "nginx:1.27"}]}
YAML
ks_eventually 15 bash -c "[ \"\$(kubectl get deploy stalled -n $ns -o jsonpath='{.status.conditions[?(@.type==\"Progressing\")].reason}')\" = ProgressDeadlineExceeded ]" \
  || ks_fail "no ProgressDeadlineExceeded: $(kubectl get deploy stalled -n $ns -o jsonpath='{.status.conditions}')"
ks_ok "Deployment progress deadline"

# Clearing faults lets the image-pull pod start.
ks_put_faults '{}'
kubectl wait --for=condition=Ready pod/pull -n $ns --timeout=20s >/dev/null || ks_fail "pod did not recover after faults cleared"
ks_ok "clearing faults recovers"

# API-level faults: error rate (never on /sim/), latency.
ks_put_faults '{"errorRate": 1.0, "errorStatus": 503}'
[ "$(ks_curl -o /dev/null -w '%{http_code}' "$KS_SERVER/api/v1/namespaces")" = 503 ] || ks_fail "errorRate not applied"
[ "$(ks_curl -o /dev/null -w '%{http_code}' "$KS_SERVER/sim/v1/faults")" = 200 ] || ks_fail "errorRate applied to /sim/"
ks_put_faults '{"errorRate": 1.0, "errorStatus": 429}'
ks_expect "Retry-After: 1" ks_curl -i "$KS_SERVER/api/v1/namespaces"
ks_put_faults '{"latencyMs": 400}'
t=$(ks_curl -o /dev/null -w '%{time_total}' "$KS_SERVER/api/v1/namespaces")
awk "BEGIN { exit !($t >= 0.4) }" || ks_fail "latency not applied ($t s)"
[ "$(ks_curl -X PUT -d '{"errorRate": 2}' -o /dev/null -w '%{http_code}' "$KS_SERVER/sim/v1/faults")" = 400 ] \
  || ks_fail "bad faults document accepted"
ks_put_faults '{}'
ks_ok "errorRate (500/429 + Retry-After), latency, validation"

# Request counters by verb/resource/namespace.
ks_curl -X DELETE "$KS_SERVER/sim/v1/requests" >/dev/null
kubectl get pods -n $ns >/dev/null
kubectl get pods -n $ns >/dev/null
kubectl get pod pull -n $ns >/dev/null
counts=$(kubectl get --raw /sim/v1/requests)
[ "$(jq '[.requests[] | select(.verb=="list" and .resource=="pods" and .namespace=="f" and .version=="v1" and .group=="")][0].count' <<<"$counts")" = 2 ] \
  || ks_fail "list counter: $counts"
[ "$(jq '[.requests[] | select(.verb=="get" and .resource=="pods")][0].count' <<<"$counts")" = 1 ] || ks_fail "get counter: $counts"
ks_ok "request counters"

# ResourceQuota admission: 403 Forbidden with the real message; the ReplicaSet records FailedCreate.
kubectl create namespace q >/dev/null
kubectl create -f - >/dev/null <<YAML
apiVersion: v1
kind: ResourceQuota
metadata: {name: q1, namespace: q}
spec: {hard: {pods: "1", requests.cpu: "1"}}
YAML
qpod() { printf 'apiVersion: v1\nkind: Pod\nmetadata: {name: %s, namespace: q}\nspec: {containers: [{name: main, image: "nginx:1.27", resources: {requests: {cpu: %s}}}]}\n' "$1" "$2"; }
qpod a 500m | kubectl create -f - >/dev/null || ks_fail "first pod within quota refused"
out=$(qpod b 100m | kubectl create -f - 2>&1 || true)
grep -qF 'pods "b" is forbidden: exceeded quota: q1, requested: pods=1, used: pods=1, limited: pods=1' <<<"$out" \
  || ks_fail "quota message: $out"
kubectl delete pod a -n q >/dev/null
out=$(qpod c 2 | kubectl create -f - 2>&1 || true)
grep -qF 'exceeded quota: q1, requested: requests.cpu=2, used: requests.cpu=0, limited: requests.cpu=1' <<<"$out" \
  || ks_fail "cpu quota message: $out"
out=$(printf 'apiVersion: v1\nkind: Pod\nmetadata: {name: d, namespace: q}\nspec: {containers: [{name: main, image: "nginx:1.27"}]}\n' | kubectl create -f - 2>&1 || true)
grep -qF 'failed quota: q1: must specify requests.cpu' <<<"$out" || ks_fail "must-specify message: $out"
ks_eventually 10 bash -c "[ \"\$(kubectl get quota q1 -n q -o jsonpath='{.status.used.pods}')\" = 0 ]" || ks_fail "quota status.used"
ks_ok "ResourceQuota admission (403, real messages) and status"
echo PASS
