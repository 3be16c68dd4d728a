// Checks that a rendered store fits its own ResourceQuota and LimitRange: every pod that can exist at once
// (replicas, rolling-update surge, Job pods) summed against quota.hard; every container within the
// LimitRange; object counts (pods, PVCs, storage, Services, ConfigMaps incl. the kube-root-ca.crt one
// Kubernetes adds to every namespace). Usage: node check-quota.mjs RENDERED.yaml...
import { basename } from "node:path";
import { allContainers, describe, loadManifests, maxPods, parseQuantity, podAmount, podTemplate } from "./lib/manifests.mjs";

const fmt = (resource, n) => (resource.endsWith("cpu") ? `${Math.round(n * 1000)}m` : resource.endsWith("memory") || resource.endsWith("storage") ? `${Math.round(n / 2 ** 20)}Mi` : String(n));
let failures = 0;

function checkFile(file) {
  const objects = loadManifests(file);
  const problems = [];
  const quota = objects.find((o) => o.kind === "ResourceQuota");
  const limitRange = objects.find((o) => o.kind === "LimitRange");
  if (!quota) problems.push("no ResourceQuota rendered");
  if (!limitRange) problems.push("no LimitRange rendered");
  const containerLimits = limitRange?.spec.limits.find((l) => l.type === "Container") ?? {};
  const pvcLimits = limitRange?.spec.limits.find((l) => l.type === "PersistentVolumeClaim") ?? {};

  const used = { pods: 0, "requests.cpu": 0, "requests.memory": 0, "limits.cpu": 0, "limits.memory": 0,
    persistentvolumeclaims: 0, "requests.storage": 0, services: 0, configmaps: 1 /* kube-root-ca.crt */ };

  const claim = (where, spec, copies) => {
    const size = parseQuantity(spec.resources?.requests?.storage ?? 0);
    used.persistentvolumeclaims += copies;
    used["requests.storage"] += size * copies;
    if (pvcLimits.max?.storage && size > parseQuantity(pvcLimits.max.storage)) problems.push(`${where}: PVC above LimitRange max`);
  };

  for (const obj of objects) {
    if (obj.kind === "Service") used.services++;
    if (obj.kind === "ConfigMap") used.configmaps++;
    if (obj.kind === "PersistentVolumeClaim") claim(describe(obj), obj.spec, 1);
    for (const vct of obj.kind === "StatefulSet" ? obj.spec.volumeClaimTemplates ?? [] : []) claim(describe(obj), vct.spec, obj.spec.replicas ?? 1);
    const template = podTemplate(obj);
    if (!template?.spec) continue;
    const pods = maxPods(obj);
    used.pods += pods;
    for (const kind of ["requests", "limits"]) {
      for (const resource of ["cpu", "memory"]) used[`${kind}.${resource}`] += pods * podAmount(template.spec, kind, resource);
    }
    for (const c of allContainers(template.spec)) {
      const where = `${describe(obj)} container ${c.name}`;
      for (const resource of ["cpu", "memory"]) {
        const request = c.resources?.requests?.[resource];
        const limit = c.resources?.limits?.[resource];
        if (request === undefined || limit === undefined) { problems.push(`${where}: no ${resource} request/limit`); continue; }
        if (parseQuantity(request) > parseQuantity(limit)) problems.push(`${where}: ${resource} request above limit`);
        if (containerLimits.min?.[resource] && parseQuantity(request) < parseQuantity(containerLimits.min[resource])) problems.push(`${where}: ${resource} request below LimitRange min`);
        if (containerLimits.max?.[resource] && parseQuantity(limit) > parseQuantity(containerLimits.max[resource])) problems.push(`${where}: ${resource} limit above LimitRange max`);
      }
    }
  }

  const rows = [];
  for (const [resource, hard] of Object.entries(quota?.spec.hard ?? {})) {
    if (!(resource in used)) { problems.push(`quota on ${resource} is not checked by this test`); continue; }
    const ok = used[resource] <= parseQuantity(hard);
    rows.push(`  ${ok ? "ok  " : "OVER"} ${resource.padEnd(24)} ${fmt(resource, used[resource]).padStart(8)} of ${hard}`);
    if (!ok) problems.push(`${resource}: the store needs ${fmt(resource, used[resource])}, quota allows ${hard}`);
  }
  console.log(`${basename(file)}:\n${rows.join("\n")}`);
  for (const p of problems) console.error(`FAIL: ${basename(file)}: ${p}`);
  failures += problems.length;
}

const files = process.argv.slice(2);
files.forEach(checkFile);
process.exit(failures || files.length === 0 ? 1 : 0);
