// Validates every rendered object against the official Kubernetes OpenAPI schemas (npm kubernetes-models,
// generated from the Kubernetes API's OpenAPI spec), plus a field-name check the schemas alone do not make:
// any key that is no field of any Kubernetes type (a typo such as "readinesProbe") fails.
// Usage: node validate-k8s.mjs RENDERED.yaml...
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, importFromTools, loadManifests, toolsDir } from "./lib/manifests.mjs";

// Objects whose keys are user data (labels, ConfigMap data, quota names...), not API field names.
const freeFormKeys = new Set([
  "labels", "annotations", "data", "binaryData", "stringData", "matchLabels", "nodeSelector", "hard",
  "limits", "requests", "default", "defaultRequest", "min", "max", "maxLimitRequestRatio", "capacity",
]);

// Every property name the generated validators look at (API types and apimachinery's ObjectMeta & co).
function knownFieldNames() {
  const names = new Set(["apiVersion", "kind", "metadata", "spec", "status"]);
  for (const pkg of ["kubernetes-models", "@kubernetes-models/apimachinery"]) {
    const dir = join(toolsDir, "node_modules", pkg, "_schemas");
    for (const file of readdirSync(dir).filter((f) => f.endsWith(".js"))) {
      const source = readFileSync(join(dir, file), "utf8");
      for (const m of source.matchAll(/data\.([A-Za-z_$][\w$]*)/g)) names.add(m[1]);
      for (const m of source.matchAll(/data\["([^"]+)"\]/g)) names.add(m[1]);
    }
  }
  return names;
}

// Paths of keys that are no Kubernetes field name. A Service's spec.selector is a plain label map.
function unknownKeys(value, known, path, kind, out) {
  if (Array.isArray(value)) {
    value.forEach((v, i) => unknownKeys(v, known, `${path}[${i}]`, kind, out));
    return;
  }
  if (!value || typeof value !== "object") return;
  for (const [key, child] of Object.entries(value)) {
    const childPath = `${path}.${key}`;
    if (!known.has(key)) out.push(childPath);
    const freeForm = freeFormKeys.has(key) || (kind === "Service" && childPath === ".spec.selector");
    if (!freeForm) unknownKeys(child, known, childPath, kind, out);
  }
}

async function modelFor(obj) {
  const [group, version] = obj.apiVersion.includes("/") ? obj.apiVersion.split("/") : [null, obj.apiVersion];
  const dir = group ? `${group}/${version}` : version;
  try {
    const module = await importFromTools(`kubernetes-models/${dir}/${obj.kind}.js`);
    return module[obj.kind];
  } catch {
    return null;
  }
}

const known = knownFieldNames();
let checked = 0;
const problems = [];
for (const file of process.argv.slice(2)) {
  for (const obj of loadManifests(file)) {
    const where = `${file}: ${describe(obj)}`;
    const Model = await modelFor(obj);
    if (!Model) {
      problems.push(`${where}: no official schema for ${obj.apiVersion} ${obj.kind}`);
      continue;
    }
    try {
      new Model(obj).validate();
    } catch (e) {
      problems.push(`${where}: ${e.message}`);
    }
    const unknown = [];
    unknownKeys(obj, known, "", obj.kind, unknown);
    for (const key of unknown) problems.push(`${where}: unknown field ${key}`);
    checked++;
  }
}
for (const p of problems) console.error(`FAIL: ${p}`);
console.log(`validated ${checked} objects against the Kubernetes schemas: ${problems.length} problem(s)`);
process.exit(problems.length || checked === 0 ? 1 : 0);
