// Lets Medusa server pods start only after this chart revision's migrations ran, so a new pod never
// crash-loops against an unmigrated database (which would read as a failed store).
//   node migrations-marker.js mark REVISION   (migrations Job, after `medusa db:migrate` succeeded)
//   node migrations-marker.js wait REVISION   (init container of the Medusa pods)
// Uses the `pg` client that Medusa ships, from the app folder (the working directory). Reads DATABASE_URL
// from the environment and never prints it.
"use strict";
const path = require("node:path");
const { createRequire } = require("node:module");

const requireFromApp = createRequire(path.join(process.cwd(), "package.json"));
const [mode, revisionText] = process.argv.slice(2);
const revision = Number.parseInt(revisionText, 10);
const waitSeconds = Number(process.env.WAIT_SECONDS || 1800);
const retryMs = Number(process.env.RETRY_MS || 3000);

async function withClient(fn) {
  const { Client } = requireFromApp("pg");
  const client = new Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

async function mark() {
  await withClient(async (client) => {
    await client.query(
      "CREATE TABLE IF NOT EXISTS storefleet_migrations (revision integer PRIMARY KEY, migrated_at timestamptz NOT NULL DEFAULT now())");
    await client.query("INSERT INTO storefleet_migrations (revision) VALUES ($1) ON CONFLICT (revision) DO NOTHING", [revision]);
  });
  console.log(`migrations of chart revision ${revision} recorded`);
}

async function migrated() {
  try {
    return await withClient(async (client) => {
      const result = await client.query("SELECT 1 FROM storefleet_migrations WHERE revision >= $1 LIMIT 1", [revision]);
      return result.rows.length > 0;
    });
  } catch {
    return false; // database not up yet, or no migrations recorded at all
  }
}

async function wait() {
  const deadline = Date.now() + waitSeconds * 1000;
  while (!(await migrated())) {
    if (Date.now() >= deadline) throw new Error(`migrations of chart revision ${revision} not recorded after ${waitSeconds}s`);
    console.log(`waiting for the migrations of chart revision ${revision}`);
    await new Promise((resolve) => setTimeout(resolve, retryMs));
  }
  console.log(`migrations of chart revision ${revision} are done`);
}

if (!Number.isInteger(revision) || !["mark", "wait"].includes(mode)) {
  console.error("usage: migrations-marker.js mark|wait REVISION");
  process.exit(2);
}
(mode === "mark" ? mark() : wait()).catch((error) => {
  console.error(`migrations-marker: ${error.message}`);
  process.exit(1);
});
