// Run by `medusa exec` from the seed Job when store.sampleProducts is on: runs the Medusa project's own
// sample-data script (the starter's src/scripts/seed, built to ./src/scripts/seed.js) once, i.e. only while
// the store has no products, so a Job retry or a later revision never duplicates regions or products.
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const { createRequire } = require("node:module");
// Mounted from a ConfigMap at /scripts: resolve Medusa and the project's script from the app folder.
const requireFromApp = createRequire(path.join(process.cwd(), "package.json"));
const { Modules } = requireFromApp("@medusajs/framework/utils");

async function seedSampleData({ container, args }) {
  const script = path.resolve(process.cwd(), process.env.SAMPLE_DATA_SCRIPT || "./src/scripts/seed.js");
  if (!fs.existsSync(script)) {
    console.log(`no sample-data script at ${script}; skipping sample data`);
    return;
  }
  const products = container.resolve(Modules.PRODUCT);
  const [, count] = await products.listAndCountProducts({}, { take: 1 });
  if (count > 0) {
    console.log(`the store already has ${count} product(s); skipping sample data`);
    return;
  }
  const loaded = requireFromApp(script);
  const run = typeof loaded === "function" ? loaded : loaded.default;
  if (typeof run !== "function") throw new Error(`${script} exports no function`);
  await run({ container, args: args ?? [] });
  console.log("sample data created");
}
// `medusa exec` runs `require(file).default` (a plain `module.exports = fn` is refused).
exports.default = seedSampleData;
