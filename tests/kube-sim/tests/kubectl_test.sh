#!/usr/bin/env bash
# Real kubectl v1.33 against kube-sim: server-side apply (field removal, generation), get -A, get -w,
# wait --for=condition, patches (merge/json with test/strategic), conflicts, jobs, delete namespace.
# Usage: kubectl_test.sh /path/to/kube-sim
here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib.sh"
# A pod stays Terminating for 3 s: long enough for the next kubectl to see it on a loaded machine.
ks_start "$1" --namespace-delete-delay 300ms --pod-termination-delay 3s
ns=kt

kubectl create namespace $ns >/dev/null || ks_fail "create namespace"
cat >"$KS_TMP/app.yaml" <<YAML
apiVersion: v1
kind: ConfigMap
metadata: {name: app-config, namespace: $ns, labels: {keep: "yes", drop: "yes"}}
data: {a: "1"}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: $ns, labels: {app: web}}
spec:
  replicas: 1
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
        - {name: web, image: "nginx:1.27", ports: [{containerPort: 80}], env: [{name: A, value: "1"}]}
YAML
kubectl apply --server-side -f "$KS_TMP/app.yaml" >/dev/null || ks_fail "apply --server-side (create)"
sed -i 's/, drop: "yes"//; s/nginx:1.27/nginx:1.28/' "$KS_TMP/app.yaml"
kubectl apply --server-side -f "$KS_TMP/app.yaml" >/dev/null || ks_fail "apply --server-side (update)"
[ "$(kubectl get cm app-config -n $ns -o jsonpath='{.metadata.labels}')" = '{"keep":"yes"}' ] \
  || ks_fail "server-side apply did not remove a dropped field"
[ "$(kubectl get deploy web -n $ns -o jsonpath='{.metadata.generation}')" = 2 ] || ks_fail "generation not bumped"
rv1=$(kubectl get cm app-config -n $ns -o jsonpath='{.metadata.resourceVersion}')
kubectl apply --server-side -f "$KS_TMP/app.yaml" >/dev/null
[ "$(kubectl get cm app-config -n $ns -o jsonpath='{.metadata.resourceVersion}')" = "$rv1" ] \
  || ks_fail "no-op apply changed resourceVersion"
ks_ok "kubectl apply --server-side (create, field removal, generation, no-op keeps resourceVersion)"

# Rollout first: waiting on pods of a ReplicaSet being replaced races with their deletion (as on a real cluster).
kubectl rollout status deploy/web -n $ns --timeout=30s >/dev/null || ks_fail "rollout status"
ks_eventually 10 bash -c "[ \$(kubectl get pods -n $ns -l app=web -o name | wc -l) = 1 ]" || ks_fail "old pod not gone"
kubectl wait --for=condition=Ready pod -l app=web -n $ns --timeout=30s >/dev/null || ks_fail "kubectl wait Ready"
ks_expect "$ns +web-" kubectl get pods -A
ks_ok "kubectl wait --for=condition=Ready, rollout status, get pods -A"

kubectl get pods -n $ns -w -o name >"$KS_TMP/watch.out" 2>&1 &
KS_BG_PIDS="$!"
sleep 1
kubectl scale deploy web -n $ns --replicas=2 >/dev/null || ks_fail "kubectl scale"
# The new pod shows up, then again as it becomes ready (at least 3 lines, 2 distinct pods).
ks_eventually 20 bash -c "[ \$(sort -u '$KS_TMP/watch.out' | wc -l) -ge 2 ] && [ \$(wc -l <'$KS_TMP/watch.out') -ge 3 ]" \
  || ks_fail "kubectl get -w did not see the new pod: $(cat "$KS_TMP/watch.out")"
ks_ok "kubectl get pods -w sees changes"

kubectl patch deploy web -n $ns --type=merge -p '{"metadata":{"labels":{"patched":"merge"}}}' >/dev/null \
  || ks_fail "merge patch"
ks_expect "Invalid|test failed|testing value" kubectl patch deploy web -n $ns --type=json \
  -p '[{"op":"test","path":"/spec/replicas","value":99},{"op":"replace","path":"/spec/replicas","value":5}]'
[ "$(kubectl get deploy web -n $ns -o jsonpath='{.spec.replicas}')" = 2 ] || ks_fail "failed json patch changed the object"
kubectl patch deploy web -n $ns -p '{"spec":{"template":{"spec":{"containers":[{"name":"web","env":[{"name":"B","value":"2"}]}]}}}}' \
  >/dev/null || ks_fail "strategic merge patch"
[ "$(kubectl get deploy web -n $ns -o jsonpath='{.spec.template.spec.containers[0].image}')" = nginx:1.28 ] \
  || ks_fail "strategic merge patch lost the image"
[ "$(kubectl get deploy web -n $ns -o jsonpath='{.spec.template.spec.containers[0].env[*].name}')" = "A B" ] \
  || ks_fail "strategic merge patch did not merge env by name"
ks_ok "merge, json (test) and strategic merge patches"

kubectl get cm app-config -n $ns -o json | jq '.metadata.resourceVersion = "1" | .data.a = "2"' >"$KS_TMP/stale.json"
ks_expect "Conflict|the object has been modified" kubectl replace -f "$KS_TMP/stale.json"
ks_expect "AlreadyExists|already exists" kubectl create configmap app-config -n $ns
ks_expect "NotFound|not found" kubectl get secret nope -n $ns
ks_expect "not found" kubectl create configmap x -n no-such-namespace
ks_ok "Status errors: Conflict, AlreadyExists, NotFound"

# Deleting a running pod: Terminating (deletionTimestamp) first, then gone; the ReplicaSet replaces it.
victim=$(kubectl get pods -n $ns -l app=web -o jsonpath='{.items[0].metadata.name}')
kubectl delete pod "$victim" -n $ns --wait=false >/dev/null
[ -n "$(kubectl get pod "$victim" -n $ns -o jsonpath='{.metadata.deletionTimestamp}' 2>/dev/null)" ] \
  || ks_fail "deleted pod was not Terminating first"
ks_eventually 10 bash -c "! kubectl get pod $victim -n $ns >/dev/null 2>&1" || ks_fail "terminating pod never went away"
kubectl rollout status deploy/web -n $ns --timeout=30s >/dev/null || ks_fail "replacement pod"
ks_expect "simulated container" kubectl logs deploy/web -n $ns
ks_ok "graceful pod deletion, replacement, kubectl logs"

cat >"$KS_TMP/job.yaml" <<YAML
apiVersion: batch/v1
kind: Job
metadata: {name: once, namespace: $ns}
spec:
  template:
    spec:
      restartPolicy: Never
      containers: [{name: main, image: "busybox:1.36", command: ["true"]}]
YAML
kubectl create -f "$KS_TMP/job.yaml" >/dev/null || ks_fail "create job"
kubectl wait --for=condition=complete job/once -n $ns --timeout=30s >/dev/null || ks_fail "job did not complete"
[ "$(kubectl get job once -n $ns -o jsonpath='{.status.succeeded}')" = 1 ] || ks_fail "job succeeded count"
ks_ok "Job completes (condition Complete)"

# Cascading deletion: orphan keeps the ReplicaSet (ownerReference removed), foreground deletes dependents first.
kubectl delete deploy web -n $ns --cascade=orphan >/dev/null || ks_fail "delete --cascade=orphan"
rs=$(kubectl get rs -n $ns -l app=web -o jsonpath='{.items[0].metadata.name}')
[ -n "$rs" ] || ks_fail "orphaned ReplicaSet was deleted"
ks_eventually 10 bash -c "[ -z \"\$(kubectl get rs $rs -n $ns -o jsonpath='{.metadata.ownerReferences}')\" ]" \
  || ks_fail "orphaned ReplicaSet still has its ownerReference"
kubectl delete rs "$rs" -n $ns --cascade=foreground --timeout=30s >/dev/null || ks_fail "delete --cascade=foreground"
ks_expect NotFound kubectl get rs "$rs" -n $ns
[ -z "$(kubectl get pods -n $ns -l app=web -o name)" ] || ks_fail "foreground deletion left pods behind"
ks_ok "cascade orphan and foreground"

start=$SECONDS
kubectl delete namespace $ns --timeout=60s >/dev/null || ks_fail "kubectl delete namespace"
ks_expect NotFound kubectl get namespace $ns
[ -z "$(kubectl get pods -A -o name)" ] || ks_fail "pods survived namespace deletion"
ks_ok "kubectl delete namespace waits until gone ($((SECONDS - start)) s)"
echo PASS
