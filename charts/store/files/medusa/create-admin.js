// Ensures the store's admin user exists, run by `medusa exec` (which passes Medusa's DI container).
// Idempotent: each part (user, email/password identity, their link) is created only when missing.
// Reads ADMIN_EMAIL / ADMIN_PASSWORD from the environment: never from argv, never logged.
"use strict";
const path = require("node:path");
const { createRequire } = require("node:module");
// This file is mounted from a ConfigMap at /scripts: resolve Medusa from the app folder (the working
// directory `medusa exec` runs in), not from next to this file.
const requireFromApp = createRequire(path.join(process.cwd(), "package.json"));
const { Modules } = requireFromApp("@medusajs/framework/utils");

async function createAdmin({ container }) {
  const email = process.env.ADMIN_EMAIL;
  const password = process.env.ADMIN_PASSWORD;
  if (!email || !password) throw new Error("ADMIN_EMAIL and ADMIN_PASSWORD must be set");

  const users = container.resolve(Modules.USER);
  const auth = container.resolve(Modules.AUTH);

  const [existing] = await users.listUsers({ email });
  const user = existing ?? (await users.createUsers({ email }));

  const identities = await auth.listProviderIdentities({ entity_id: email, provider: "emailpass" });
  let authIdentityId = identities[0]?.auth_identity_id;
  if (!authIdentityId) {
    const { authIdentity, error } = await auth.register("emailpass", { body: { email, password } });
    if (error || !authIdentity) throw new Error(`registering the admin identity failed: ${error ?? "no identity"}`);
    authIdentityId = authIdentity.id;
  }
  const identity = await auth.retrieveAuthIdentity(authIdentityId);
  if (identity.app_metadata?.user_id !== user.id) {
    await auth.updateAuthIdentities({ id: authIdentityId, app_metadata: { ...identity.app_metadata, user_id: user.id } });
  }
  console.log(existing ? "admin user already existed" : "admin user created");
}
// `medusa exec` runs `require(file).default` (a plain `module.exports = fn` is refused).
exports.default = createAdmin;
