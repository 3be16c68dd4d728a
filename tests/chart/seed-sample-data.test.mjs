// Runs files/medusa/seed-sample-data.js against a stand-in product module and a stand-in project seed
// script: it skips when the project has no such script, runs the script exactly once on an empty store,
// and skips once products exist. Usage: node seed-sample-data.test.mjs CHART_DIR WORK_DIR
import assert from "node:assert/strict";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";

const [chartDir, workDir] = process.argv.slice(2);
const utilsDir = join(workDir, "node_modules/@medusajs/framework/utils");
mkdirSync(utilsDir, { recursive: true });
writeFileSync(join(workDir, "package.json"), "{}");
writeFileSync(join(utilsDir, "index.js"), 'module.exports = { Modules: { PRODUCT: "product" } };');
writeFileSync(join(workDir, "node_modules/@medusajs/framework/package.json"),
  JSON.stringify({ name: "@medusajs/framework", exports: { "./utils": "./utils/index.js" } }));
process.chdir(workDir);

let productCount = 0;
const container = { resolve: (name) => {
  assert.equal(name, "product");
  return { listAndCountProducts: async () => [[], productCount] };
} };
const seedScript = join(workDir, "src/scripts/seed.js");
const seedRuns = () => (globalThis.sampleSeedRuns ?? 0);
console.log = () => {};

// Loaded the way `medusa exec` loads a script: require(file).default must be the function.
const seedSampleData = createRequire(import.meta.url)(join(chartDir, "files/medusa/seed-sample-data.js")).default;
assert.equal(typeof seedSampleData, "function", "seed-sample-data.js has no default export: medusa exec would refuse it");
await seedSampleData({ container });
assert.equal(seedRuns(), 0, "no project script: nothing to run");

mkdirSync(join(workDir, "src/scripts"), { recursive: true });
// Like the compiled starter seed: a default-exported async function taking { container }.
writeFileSync(seedScript, `exports.default = async function seed({ container }) {
  if (!container) throw new Error("no container");
  globalThis.sampleSeedRuns = (globalThis.sampleSeedRuns ?? 0) + 1;
};`);
await seedSampleData({ container });
assert.equal(seedRuns(), 1, "an empty store gets the sample data");

productCount = 12;
await seedSampleData({ container });
assert.equal(seedRuns(), 1, "a store with products is left alone");
rmSync(seedScript);
process.stdout.write("ok: seed-sample-data.js runs the project's seed once, only on an empty store\n");
