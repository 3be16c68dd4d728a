#!/usr/bin/env bash
# Day-2 changes through the real API, the real provisioner and real helm on kube-sim: a store created on an older
# version is upgraded (helm revision 2, the new image, the setup Job of the new revision, Upgrading → Ready);
# suspended (every workload at 0 replicas, no pod, no Job, the PVCs kept) and resumed; a refused change (a downgrade
# to an older data format) changes nothing; the revisions; an upgrade to a release whose image cannot be pulled is
# rolled back by itself; rollbacks by request. A Medusa store is suspended and resumed too.
source "$(dirname "$0")/lib.sh"
# The chart with one more WooCommerce version whose WordPress image cannot be pulled (a bad release to upgrade to).
CHART=$WORK/chart
cp -r "$ROOT/charts/store" "$CHART"
sed 's/6\.8\.1-php8\.3-apache/6.8.9-broken/; s/9\.8\.5/9.8.6/g' "$CHART/versions/woocommerce-9.8.5.yaml" \
  >"$CHART/versions/woocommerce-9.8.6.yaml"
awk '{ print } /^    versions:$/ && !done { print "      - {version: \"9.8.6\", values: woocommerce-9.8.6.yaml, summary: an image that cannot be pulled, dataSchema: 2}"; done = 1 }' \
  "$ROOT/charts/store/versions/catalog.yaml" >"$CHART/versions/catalog.yaml"
start_sim
start_provisioner
start_api
api() { curl -s -H @"$AUTH_HEADER" "$@"; }
patch() {  # NAME JSON → "HTTP-STATUS BODY"
  curl -s -H @"$AUTH_HEADER" -H 'Content-Type: application/merge-patch+json' -X PATCH --data "$2" \
    -w '\n%{http_code}' "$API/api/stores/$1"
}
code_of() { tail -n1 <<<"$1"; }
body_of() { sed '$d' <<<"$1"; }
revision() { "$HELM" --kubeconfig "$WORK/kubeconfig" history "$1" -n "store-$1" -o json | jq -r 'map(select(.status == "deployed")) | .[0].revision'; }
image_of() { kc get deploy -n "store-$1" "$2" -o jsonpath='{.spec.template.spec.containers[0].image}'; }
long_running_pods() { kc get pods -n "store-$1" -o json | jq '[.items[] | select(.metadata.ownerReferences[0].kind != "Job")] | length'; }

# The catalogue the provisioner published from the chart.
catalog=$(api "$API/api/catalog")
[[ $(jq -r .engines.woocommerce.default <<<"$catalog") == 9.8.5 ]] || fail "catalogue: $catalog"
jq -e '.engines.woocommerce.versions | map(.version) | index("9.7.1") != null' <<<"$catalog" >/dev/null || fail "catalogue: $catalog"

# 1. Created on 9.7.1, then upgraded to 9.8.5.
r=$(api -H 'Content-Type: application/json' --data '{"storeName":"upg","engine":"woocommerce","version":"9.7.1"}' \
  "$API/api/stores")
[[ $(jq -r .status <<<"$r") == Queued ]] || fail "create: $r"
wait_status upg Ready 90
[[ $(revision upg) == 1 ]] || fail "revision after create: $(revision upg)"
[[ $(image_of upg upg-wordpress) == *:6.7.2-php8.3-apache ]] || fail "image on 9.7.1: $(image_of upg upg-wordpress)"
log "upg Ready on 9.7.1 (revision 1)"

r=$(patch upg '{"version":"9.8.5"}')
[[ $(code_of "$r") == 202 ]] || fail "upgrade: $r"
[[ $(body_of "$r" | jq -r .status) == Upgrading ]] || fail "upgrade answer: $r"
generation=$(body_of "$r" | jq -r .generation)
wait_status upg Ready 90 Upgrading
[[ $(revision upg) == 2 ]] || fail "revision after upgrade: $(revision upg)"
[[ $(image_of upg upg-wordpress) == *:6.8.1-php8.3-apache ]] || fail "image on 9.8.5: $(image_of upg upg-wordpress)"
"$HELM" --kubeconfig "$WORK/kubeconfig" get values upg -n store-upg -o json | jq -e '.version == "9.8.5"' >/dev/null \
  || fail "release values: $("$HELM" --kubeconfig "$WORK/kubeconfig" get values upg -n store-upg -o json)"
kc get job -n store-upg upg-setup-r2 >/dev/null || fail "no setup Job of revision 2"
store=$(api "$API/api/stores/upg")
jq -e --argjson g "$generation" '.version == "9.8.5" and .observed_generation == $g and .generation == $g' \
  <<<"$store" >/dev/null || fail "store after upgrade: $store"
# After the request: Upgrading until Ready, never a first install's Provisioning/Installing.
after=$(sql "SELECT group_concat(status, ' ') FROM (SELECT status FROM events WHERE store='upg' AND type='store.status' \
  AND at >= (SELECT max(at) FROM events WHERE store='upg' AND reason LIKE 'upgrade%requested') ORDER BY id)")
[[ $after =~ ^Upgrading( Upgrading)*\ Ready$ ]] || fail "statuses after the upgrade request: $after"
log "upg upgraded to 9.8.5 (revision 2): $after"

# 2. A downgrade to an older data format is refused and changes nothing.
before=$(sql "SELECT generation || status || version FROM stores WHERE name='upg'")
r=$(patch upg '{"version":"9.7.1"}')
[[ $(code_of "$r") == 422 ]] || fail "downgrade: $r"
body_of "$r" | jq -e '.error.details[0].field == "version"' >/dev/null || fail "downgrade error: $r"
[[ $(sql "SELECT generation || status || version FROM stores WHERE name='upg'") == "$before" ]] || fail "a refusal changed the store"

# 3. Suspend: workloads at 0, no pods, no Jobs, the data volumes kept.
pvcs=$(kc get pvc -n store-upg -o name | wc -l)
((pvcs >= 2)) || fail "expected the store's PVCs, found $pvcs"
r=$(patch upg '{"suspended":true}')
[[ $(code_of "$r") == 202 ]] || fail "suspend: $r"
wait_status upg Suspended 60 Ready
for d in $(kc get deploy,statefulset -n store-upg -o name); do
  [[ $(kc get -n store-upg "$d" -o jsonpath='{.spec.replicas}') == 0 ]] || fail "$d not scaled to 0"
done
[[ $(long_running_pods upg) == 0 ]] || fail "pods left while suspended: $(kc get pods -n store-upg -o name)"
[[ -z $(kc get jobs -n store-upg -o name) ]] || fail "Jobs rendered while suspended: $(kc get jobs -n store-upg -o name)"
[[ $(kc get pvc -n store-upg -o name | wc -l) == "$pvcs" ]] || fail "PVCs changed while suspending"
jq -e '.suspended == true and ([.conditions[] | select(.type == "Suspended")][0].status == "True")' \
  <<<"$(api "$API/api/stores/upg")" >/dev/null || fail "store while suspended: $(api "$API/api/stores/upg")"
# Nothing watches a suspended store into Degraded.
sleep 2
[[ $(store_status upg) == Suspended ]] || fail "a suspended store became $(store_status upg)"
log "upg Suspended ($pvcs PVCs kept)"

# 4. Resume: the same version comes back Ready, with its pods and a new setup Job.
r=$(patch upg '{"suspended":false}')
[[ $(code_of "$r") == 202 ]] || fail "resume: $r"
wait_status upg Ready 90 Suspended
(($(long_running_pods upg) >= 2)) || fail "pods after resume: $(kc get pods -n store-upg -o name)"
[[ $(revision upg) == 4 ]] || fail "revision after suspend and resume: $(revision upg)"
[[ $(image_of upg upg-wordpress) == *:6.8.1-php8.3-apache ]] || fail "image after resume: $(image_of upg upg-wordpress)"
log "upg resumed: Ready on 9.8.5 (revision 4)"

# 5. The release history, a failed upgrade rolled back by itself, and rollbacks by request.
revisions() { api "$API/api/stores/$1/revisions"; }
revisions upg | jq -e '[.revisions[] | "\(.revision):\(.action):\(.outcome):\(.version):\(.suspended)"] ==
  ["4:upgrade:deployed:9.8.5:false", "3:upgrade:deployed:9.8.5:true", "2:upgrade:deployed:9.8.5:false",
   "1:install:deployed:9.7.1:false"]' >/dev/null || fail "revisions: $(revisions upg)"
revisions upg | jq -e '.revisions[0].requestedBy == "admin"' >/dev/null || fail "requestedBy: $(revisions upg)"
sim PUT /sim/v1/faults '{"imagePullFailure":["6.8.9-broken"]}' >/dev/null
r=$(patch upg '{"version":"9.8.6"}')
[[ $(code_of "$r") == 202 ]] || fail "upgrade to the bad release: $r"
wait_status upg Ready 90 Upgrading
[[ $(image_of upg upg-wordpress) == *:6.8.1-php8.3-apache ]] || fail "image after the rollback: $(image_of upg upg-wordpress)"
store=$(api "$API/api/stores/upg")
jq -e '.version == "9.8.5" and (.status_reason | test("automatic rollback"))' <<<"$store" >/dev/null \
  || fail "store after the automatic rollback: $store"
revisions upg | jq -e '.revisions[0] | .revision == 6 and .action == "rollback" and .outcome == "deployed" and
  .version == "9.8.5" and .requestedBy == "provisioner (auto-rollback to r4)"' >/dev/null || fail "revisions: $(revisions upg)"
revisions upg | jq -e '.revisions[1] | .revision == 5 and .outcome == "failed" and (.detail | test("ImagePull"))' \
  >/dev/null || fail "the failed revision: $(revisions upg)"
sql "SELECT reason FROM events WHERE store='upg' AND type='store.status' AND status='Upgrading'" | grep -q 'revision 5 failed: .*rolling back to revision 4' \
  || fail "no event says why it rolled back"
sim PUT /sim/v1/faults '{}' >/dev/null
log "upg: 9.8.6 failed (ErrImagePull) and rolled back to revision 4 by itself: Ready on 9.8.5 (revision 6)"

r=$(curl -s -H @"$AUTH_HEADER" -H 'Content-Type: application/json' --data '{"revision":1}' -w '\n%{http_code}' \
  "$API/api/stores/upg/rollback")
[[ $(code_of "$r") == 422 ]] || fail "rollback across data formats: $r"
r=$(curl -s -H @"$AUTH_HEADER" -H 'Content-Type: application/json' --data '{"revision":3}' -w '\n%{http_code}' \
  "$API/api/stores/upg/rollback")
[[ $(code_of "$r") == 202 ]] || fail "rollback to revision 3: $r"
wait_status upg Suspended 60 Upgrading
revisions upg | jq -e '.revisions[0] | .revision == 7 and .action == "rollback" and .suspended and
  .requestedBy == "admin (rollback to r3)"' >/dev/null || fail "revisions after the rollback: $(revisions upg)"
log "upg rolled back to revision 3 on request: Suspended (revision 7)"

# 6. A Medusa store suspends and resumes the same way (PostgreSQL, Redis, the server).
create_store med medusa
wait_status med Ready 90
r=$(patch med '{"suspended":true}')
[[ $(code_of "$r") == 202 ]] || fail "medusa suspend: $r"
wait_status med Suspended 60 Ready
[[ $(long_running_pods med) == 0 ]] || fail "medusa pods left: $(kc get pods -n store-med -o name)"
r=$(patch med '{"suspended":false}')
wait_status med Ready 90 Suspended
log "med suspended and resumed"
echo "day2: ok"
