// Counts what the setup Jobs create, through the admin API (logged in with the Secret's credentials), so a
// second run of the Jobs can be shown to duplicate nothing. Prints one JSON object.
//
//   node counts.mjs BASE_URL SECRET_JSON
import { readFileSync } from "node:fs";

const [base, secretFile] = process.argv.slice(2);
const secret = JSON.parse(readFileSync(secretFile, "utf8"));
const fromSecret = (key) => Buffer.from(secret.data[key], "base64").toString("utf8");

async function get(path, headers) {
  const res = await fetch(base + path, { headers });
  if (!res.ok) throw new Error(`GET ${path}: HTTP ${res.status}`);
  return res.json();
}

const login = await fetch(`${base}/auth/user/emailpass`, {
  method: "POST",
  headers: { "content-type": "application/json" },
  body: JSON.stringify({ email: fromSecret("admin-email"), password: fromSecret("admin-password") }),
});
if (!login.ok) throw new Error(`admin login: HTTP ${login.status}`);
const auth = { authorization: `Bearer ${(await login.json()).token}` };
const count = async (path) => (await get(`${path}${path.includes("?") ? "&" : "?"}limit=1`, auth)).count;

const keys = (await get("/admin/api-keys?type=publishable&fields=id,redacted,revoked_at", auth)).api_keys;
console.log(JSON.stringify({
  users: await count("/admin/users"),
  products: await count("/admin/products"),
  regions: await count("/admin/regions"),
  stockLocations: await count("/admin/stock-locations"),
  shippingOptions: await count("/admin/shipping-options"),
  publishableKeys: keys.length,
  publishableKeyMatchesSecret: keys.some((k) => k.redacted === [fromSecret("publishable-key").slice(0, 6), fromSecret("publishable-key").slice(-3)].join("***")),
}));
