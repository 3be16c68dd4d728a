// Writes every *.sh entry of the rendered ConfigMaps to OUTDIR/<configmap>--<key>, so shellcheck sees
// exactly what the Jobs run. Usage: node extract-scripts.mjs OUTDIR RENDERED.yaml...
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadManifests } from "./lib/manifests.mjs";

const [outDir, ...files] = process.argv.slice(2);
mkdirSync(outDir, { recursive: true });
let count = 0;
for (const file of files) {
  for (const obj of loadManifests(file)) {
    if (obj.kind !== "ConfigMap") continue;
    for (const [key, body] of Object.entries(obj.data ?? {})) {
      if (!key.endsWith(".sh")) continue;
      writeFileSync(join(outDir, `${obj.metadata.name}--${obj.metadata.labels?.["storefleet.io/engine"]}--${key}`), body);
      count++;
    }
  }
}
console.log(`extracted ${count} script(s)`);
process.exit(count ? 0 : 1);
