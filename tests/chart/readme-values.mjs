// Every values.yaml key down to three levels (deeper ones belong to the map they are in, e.g. quota.medusa.pods)
// has a row in the chart README's values table, written out in full as `key...`.
// Usage: node readme-values.mjs CHART_DIR
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { toolsDir } from "./lib/manifests.mjs";

const YAML = createRequire(join(toolsDir, "package.json"))("yaml");
const chartDir = process.argv[2];
const values = YAML.parse(readFileSync(join(chartDir, "values.yaml"), "utf8"));
const readme = readFileSync(join(chartDir, "README.md"), "utf8");
const table = readme.slice(readme.indexOf("## Values"));
// Maps whose keys are data (quota names, resources, label sets), documented as a whole.
const documentedAsWhole = new Set(["quota.woocommerce", "quota.medusa", "networkPolicy.dns.podLabels", "ingress.annotations"]);

const missing = [];
function walk(obj, path, depth) {
  for (const [key, value] of Object.entries(obj)) {
    const p = path ? `${path}.${key}` : key;
    const leafOrWhole = value === null || typeof value !== "object" || Array.isArray(value) || documentedAsWhole.has(p)
      || depth === 3 || /\.(image|resources|jobResources)$/.test(p) || /^limitRange\.[a-zA-Z]+$/.test(p);
    if (leafOrWhole) {
      const rowKey = p.replace(/^(woocommerce|medusa)\.[a-z]+\.readOnlyRootFilesystem$/, "*.readOnlyRootFilesystem")
        .replace(/^networkPolicy\.setupInternetEgress\..*/, "networkPolicy.setupInternetEgress.*");
      if (!table.includes("`" + rowKey + "`")) missing.push(p);
    } else {
      walk(value, p, depth + 1);
    }
  }
}
walk(values, "", 1);
for (const m of missing) console.error(`FAIL: values.yaml key ${m} has no row in charts/store/README.md`);
console.log(`README values table: ${missing.length} undocumented key(s)`);
process.exit(missing.length ? 1 : 0);
