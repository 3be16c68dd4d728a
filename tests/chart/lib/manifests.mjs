// Helpers shared by the rendered-chart checks: load multi-document YAML, walk pod templates, parse quantities.
// Node packages come from tests/tools (npm ci by scripts/setup); STOREFLEET_TOOLS_DIR points there.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

export const toolsDir = process.env.STOREFLEET_TOOLS_DIR ?? new URL("../../tools", import.meta.url).pathname;
const requireFromTools = createRequire(join(toolsDir, "package.json"));
const YAML = requireFromTools("yaml");

// Imports a module of an ESM-only package in tests/tools by file path (ESM ignores NODE_PATH).
export function importFromTools(relativePath) {
  return import(pathToFileURL(join(toolsDir, "node_modules", relativePath)).href);
}

// Every non-empty document of a rendered file, with the file name attached for messages.
export function loadManifests(file) {
  return YAML.parseAllDocuments(readFileSync(file, "utf8"))
    .map((doc) => {
      if (doc.errors.length) throw new Error(`${file}: ${doc.errors[0].message}`);
      return doc.toJS();
    })
    .filter((obj) => obj && typeof obj === "object");
}

export const describe = (obj) => `${obj.kind}/${obj.metadata?.name}`;

// The pod template of a workload (Deployment, StatefulSet, Job, ...), or null.
export function podTemplate(obj) {
  if (obj.kind === "Pod") return { metadata: obj.metadata, spec: obj.spec };
  if (obj.kind === "CronJob") return obj.spec?.jobTemplate?.spec?.template ?? null;
  return obj.spec?.template ?? null;
}

// How many pods of this workload can exist at once (rolling-update surge included).
export function maxPods(obj) {
  const replicas = obj.spec?.replicas ?? 1;
  if (obj.kind === "Deployment") {
    const strategy = obj.spec?.strategy ?? { type: "RollingUpdate" };
    if (strategy.type === "Recreate") return replicas;
    const surge = strategy.rollingUpdate?.maxSurge ?? "25%";
    const extra = typeof surge === "string" && surge.endsWith("%")
      ? Math.ceil((replicas * parseInt(surge, 10)) / 100)
      : Number(surge);
    return replicas + extra;
  }
  if (obj.kind === "Job") return obj.spec?.parallelism ?? 1;
  return replicas;
}

const suffixes = {
  m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
};

// A Kubernetes quantity ("500m", "1.5Gi", 2) as a plain number (cores, bytes, count).
export function parseQuantity(q) {
  if (typeof q === "number") return q;
  const match = /^([0-9.]+)([a-zA-Z]*)$/.exec(String(q).trim());
  if (!match || (match[2] && !(match[2] in suffixes))) throw new Error(`not a quantity: ${q}`);
  return Number(match[1]) * (match[2] ? suffixes[match[2]] : 1);
}

// A pod's effective request/limit for one resource, as the scheduler and ResourceQuota count it:
// max(largest init container, sum of app containers).
export function podAmount(spec, kind, resource) {
  const of = (c) => (c.resources?.[kind]?.[resource] !== undefined ? parseQuantity(c.resources[kind][resource]) : 0);
  const sum = (spec.containers ?? []).reduce((total, c) => total + of(c), 0);
  const init = Math.max(0, ...(spec.initContainers ?? []).map(of));
  return Math.max(sum, init);
}

export function allContainers(spec) {
  return [...(spec.initContainers ?? []), ...(spec.containers ?? [])];
}
