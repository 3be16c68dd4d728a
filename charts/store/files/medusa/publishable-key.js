// Run by `medusa exec` from the seed Job: makes sure the store has the publishable API key the platform
// generated for it (MEDUSA_PUBLISHABLE_KEY, from the credentials Secret), linked to the default sales
// channel, so the platform can hand storefront developers the key without asking the store. A publishable
// key is not a secret (it is sent by every browser that shops), and Medusa keeps its token as is.
// Idempotent: creates the key once, and re-aligns its token if the Secret's value changed.
"use strict";
const path = require("node:path");
const { createRequire } = require("node:module");
// Mounted from a ConfigMap at /scripts: resolve Medusa from the app folder (medusa exec's working directory).
const requireFromApp = createRequire(path.join(process.cwd(), "package.json"));
const { ContainerRegistrationKeys, Modules } = requireFromApp("@medusajs/framework/utils");

const TITLE = "Storefleet storefront";
const redact = (token) => [token.slice(0, 6), token.slice(-3)].join("***"); // Medusa's own display form

async function ensurePublishableKey({ container }) {
  const token = process.env.MEDUSA_PUBLISHABLE_KEY;
  if (!token) {
    console.log("the credentials Secret has no publishable key; leaving the store's keys alone");
    return;
  }
  if (!/^pk_[0-9a-f]{64}$/.test(token)) throw new Error("MEDUSA_PUBLISHABLE_KEY must be pk_ followed by 64 hex digits");
  const { createApiKeysWorkflow, linkSalesChannelsToApiKeyWorkflow } = requireFromApp("@medusajs/medusa/core-flows");
  const apiKeys = container.resolve(Modules.API_KEY);
  const [channel] = await container.resolve(Modules.SALES_CHANNEL).listSalesChannels({ name: "Default Sales Channel" });
  if (!channel) throw new Error("Medusa's default sales channel is missing: has the server started once?");

  let [key] = await apiKeys.listApiKeys({ type: "publishable", title: TITLE });
  if (!key) {
    const { result } = await createApiKeysWorkflow(container).run({
      input: { api_keys: [{ title: TITLE, type: "publishable", created_by: "storefleet" }] },
    });
    key = result[0];
    await linkSalesChannelsToApiKeyWorkflow(container).run({ input: { id: key.id, add: [channel.id] } });
    console.log("publishable key created");
  }
  if (key.token !== token) {
    // Medusa generates a random token and has no API to choose one; publishable tokens are stored as is.
    const db = container.resolve(ContainerRegistrationKeys.PG_CONNECTION);
    await db("api_key").where({ id: key.id, type: "publishable" }).update({ token, redacted: redact(token) });
    console.log("publishable key set from the credentials Secret");
  } else {
    console.log("publishable key is current");
  }
}
// `medusa exec` runs `require(file).default`.
exports.default = ensurePublishableKey;
