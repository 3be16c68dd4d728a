// Runs files/medusa/create-admin.js (the seed Job's `medusa exec` script) against an in-memory stand-in for
// Medusa's user and auth modules: the first run creates the user, its email/password identity and their
// link; a second run creates nothing; a run after a half-finished one (user without identity) completes it.
// Usage: node create-admin.test.mjs CHART_DIR WORK_DIR
import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";

const [chartDir, workDir] = process.argv.slice(2);
// A fake Medusa app folder: create-admin.js resolves @medusajs/framework/utils from the working directory.
const utilsDir = join(workDir, "node_modules/@medusajs/framework/utils");
mkdirSync(utilsDir, { recursive: true });
writeFileSync(join(workDir, "package.json"), "{}");
writeFileSync(join(utilsDir, "index.js"), 'module.exports = { Modules: { USER: "user", AUTH: "auth" } };');
writeFileSync(join(workDir, "node_modules/@medusajs/framework/package.json"),
  JSON.stringify({ name: "@medusajs/framework", exports: { "./utils": "./utils/index.js" } }));
process.chdir(workDir);

function fakeContainer() {
  const calls = [];
  const users = [], identities = [];
  const services = {
    user: {
      listUsers: async ({ email }) => users.filter((u) => u.email === email),
      createUsers: async ({ email }) => { calls.push("createUsers"); const u = { id: `user_${users.length + 1}`, email }; users.push(u); return u; },
    },
    auth: {
      listProviderIdentities: async ({ entity_id, provider }) => identities.filter((i) => i.entity_id === entity_id && i.provider === provider)
        .map((i) => ({ auth_identity_id: i.id })),
      register: async (provider, { body }) => {
        calls.push("register");
        const i = { id: `auth_${identities.length + 1}`, provider, entity_id: body.email, password: body.password, app_metadata: {} };
        identities.push(i);
        return { authIdentity: i };
      },
      retrieveAuthIdentity: async (id) => identities.find((i) => i.id === id),
      updateAuthIdentities: async ({ id, app_metadata }) => { calls.push("updateAuthIdentities"); identities.find((i) => i.id === id).app_metadata = app_metadata; },
    },
  };
  return { calls, users, identities, container: { resolve: (name) => services[name] } };
}

const require = createRequire(import.meta.url);
// Loaded the way `medusa exec` loads a script: require(file).default must be the function.
const createAdmin = require(join(chartDir, "files/medusa/create-admin.js")).default;
assert.equal(typeof createAdmin, "function", "create-admin.js has no default export: medusa exec would refuse it");
process.env.ADMIN_EMAIL = "admin@demo.local";
process.env.ADMIN_PASSWORD = "not-logged-secret";
const logged = [];
const realLog = console.log;
console.log = (...args) => logged.push(args.join(" "));

const fresh = fakeContainer();
await createAdmin({ container: fresh.container });
assert.deepEqual(fresh.calls, ["createUsers", "register", "updateAuthIdentities"]);
assert.equal(fresh.identities[0].app_metadata.user_id, fresh.users[0].id);
assert.equal(fresh.identities[0].password, "not-logged-secret");
fresh.calls.length = 0;
await createAdmin({ container: fresh.container });
assert.deepEqual(fresh.calls, [], "a second run must change nothing");

const half = fakeContainer();
await half.container.resolve("user").createUsers({ email: "admin@demo.local" });
half.calls.length = 0;
await createAdmin({ container: half.container });
assert.deepEqual(half.calls, ["register", "updateAuthIdentities"], "a half-finished admin is completed");

delete process.env.ADMIN_PASSWORD;
await assert.rejects(createAdmin({ container: fakeContainer().container }), /ADMIN_PASSWORD/);
console.log = realLog;
assert.ok(!logged.join("\n").includes("not-logged-secret"), "the password was logged");
console.log("ok: create-admin.js creates the admin once, completes a half-made one, never logs the password");
