#!/usr/bin/env bash
# The least-privilege ClusterRole in k8s/rbac.yaml covers every request the provisioner and the helm it runs make:
# start-up, a woocommerce and a medusa store → Ready, one delete → Deleted, all against kube-sim, whose request
# counters (GET /sim/v1/requests) are then checked rule by rule. Grants never used are only reported.
# shellcheck source=../integration/provisioner/lib.sh
source "$(dirname "$0")/../integration/provisioner/lib.sh"

start_sim
start_provisioner
create_store rbac-woo woocommerce
create_store rbac-medusa medusa
wait_status rbac-woo Ready 90
wait_status rbac-medusa Ready 90
delete_store rbac-woo
wait_status rbac-woo Deleted 60
log "stores Ready, one Deleted"

sim GET /sim/v1/requests >"$WORK/requests.json"
node --input-type=module -e '
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
const require = createRequire(process.argv[1] + "/");
const YAML = require("yaml");
const docs = YAML.parseAllDocuments(readFileSync(process.argv[2], "utf8")).map((d) => d.toJSON());
const role = docs.find((d) => d && d.kind === "ClusterRole");
if (!role) { console.log("FAIL: no ClusterRole in k8s/rbac.yaml"); process.exit(1); }
const rules = role.rules || [];
const allows = (group, resource, verb) => rules.some((r) =>
  (r.apiGroups || []).includes(group) && (r.resources || []).includes(resource) && (r.verbs || []).includes(verb));

// Aggregate over versions and namespaces: RBAC rules name group, resource and verb only.
const used = new Map();
for (const q of JSON.parse(readFileSync(process.argv[3], "utf8")).requests) {
  if (!q.resource) continue;  // non-resource requests (discovery, openapi, version) need no rule here
  const key = `${q.group}\t${q.resource}\t${q.verb}`;
  used.set(key, (used.get(key) || 0) + q.count);
}
if (used.size === 0) { console.log("FAIL: kube-sim counted no resource requests"); process.exit(1); }

const missing = [];
const rows = [...used.entries()].sort(([a], [b]) => a.localeCompare(b));
console.log(["group", "resource", "verb", "count", "allowed"].map((h, i) => h.padEnd([18, 24, 8, 7, 0][i])).join(" "));
for (const [key, count] of rows) {
  const [group, resource, verb] = key.split("\t");
  const ok = allows(group, resource, verb);
  if (!ok) missing.push(`${group || "core"}/${resource} ${verb} (${count}x)`);
  console.log([group || "core", resource, verb, String(count), ok ? "yes" : "NO"]
    .map((c, i) => c.padEnd([18, 24, 8, 7, 0][i])).join(" "));
}

const unused = [];
for (const r of rules) for (const g of r.apiGroups || []) for (const res of r.resources || []) for (const v of r.verbs || [])
  if (!used.has(`${g}\t${res}\t${v}`)) unused.push(`${g || "core"}/${res} ${v}`);
if (unused.length) console.log(`info: granted but not used in this run: ${unused.join(", ")}`);

if (missing.length) { console.log(`FAIL: requests not allowed by the ClusterRole: ${missing.join(", ")}`); process.exit(1); }
console.log(`PASS: all ${rows.length} (group, resource, verb) combinations are covered by k8s/rbac.yaml`);
' "$ROOT/tests/tools/" "$ROOT/k8s/rbac.yaml" "$WORK/requests.json" || fail "RBAC coverage"
