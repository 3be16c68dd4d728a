// Drives a real storefleet-api (no provisioner: jobs just queue) through every documented JSON endpoint and
// writes one line per response: {"method","path" (documented template),"status","body"}.
// Usage: STOREFLEET_TOKEN=<admin token> node record-responses.mjs BASE_URL OUT.jsonl
import { writeFileSync } from "node:fs";

const [base, out] = process.argv.slice(2);
const admin = { authorization: `Bearer ${process.env.STOREFLEET_TOKEN}` };
const lines = [];
async function call(method, url, template, body, headers = admin) {
  if (headers !== admin && !("authorization" in headers) && headers.anonymous === undefined) headers = { ...admin, ...headers };
  delete headers.anonymous;
  const res = await fetch(base + url, {
    method,
    headers: body !== undefined ? { "content-type": "application/json", ...headers } : headers,
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed = null;
  try { parsed = text ? JSON.parse(text) : null; } catch { parsed = text; }
  lines.push(JSON.stringify({ method, path: template, status: res.status, body: parsed }));
  return { status: res.status, body: parsed };
}

const created = await call("POST", "/api/stores", "/api/stores", { storeName: "doc-shop", engine: "woocommerce" });
if (created.status !== 202) throw new Error(`create answered ${created.status}`);
await call("POST", "/api/stores", "/api/stores", { storeName: "doc-shop", engine: "woocommerce" });       // 409
await call("POST", "/api/stores", "/api/stores", { storeName: "Bad_Name", engine: "shopify" });            // 422
await call("POST", "/api/stores", "/api/stores", "{not json");                                             // 400
await call("POST", "/api/stores", "/api/stores", "x", { "content-type": "text/plain" });                   // 415
await call("GET", "/api/stores", "/api/stores");
await call("GET", "/api/stores?status=Queued&limit=1", "/api/stores");
await call("GET", "/api/stores/doc-shop", "/api/stores/{name}");
await call("GET", "/api/stores/nope-shop", "/api/stores/{name}");                                          // 404
await call("GET", "/api/stores/doc-shop/status", "/api/stores/{name}/status");
await call("GET", "/api/stores/doc-shop/events", "/api/stores/{name}/events");
await call("POST", "/api/stores/doc-shop/retry", "/api/stores/{name}/retry");                              // 409: not Failed
await call("DELETE", "/api/stores/doc-shop", "/api/stores/{name}");
await call("DELETE", "/api/stores/doc-shop", "/api/stores/{name}");                                        // twice is fine
await call("GET", "/api/metrics", "/api/metrics");
await call("GET", "/api/audit-logs?limit=5&store=doc-shop", "/api/audit-logs");
await call("GET", "/api/stores/doc-shop/credentials", "/api/stores/{name}/credentials");                  // 404: deleting
await call("POST", "/api/stores", "/api/stores", { storeName: "cred-shop", engine: "medusa" });
await call("GET", "/api/stores/cred-shop/credentials", "/api/stores/{name}/credentials");                  // 503: no provisioner
// Tokens and sessions.
const issued = await call("POST", "/api/tokens", "/api/tokens", { name: "doc tenant", role: "tenant", storeLimit: 2 });
if (issued.status !== 201) throw new Error(`token create answered ${issued.status}`);
await call("POST", "/api/tokens", "/api/tokens", { name: "", role: "root" });                              // 422
await call("GET", "/api/tokens", "/api/tokens");
await call("GET", "/api/tokens", "/api/tokens", undefined, { anonymous: true });                           // 401
const tenant = { authorization: `Bearer ${issued.body.token}` };
await call("GET", "/api/tokens", "/api/tokens", undefined, tenant);                                        // 403
await call("GET", "/api/session", "/api/session", undefined, tenant);
await call("POST", "/api/session", "/api/session", { token: issued.body.token }, { anonymous: true });
await call("POST", "/api/session", "/api/session", { token: "wrong" }, { anonymous: true });                // 401
await call("DELETE", "/api/session", "/api/session", undefined, { anonymous: true });                      // 204
await call("DELETE", `/api/tokens/${issued.body.id}`, "/api/tokens/{id}");
await call("DELETE", "/api/tokens/tok_nope", "/api/tokens/{id}");                                          // 404
await call("GET", "/api/health", "/api/health");
await call("GET", "/api/ready", "/api/ready");
writeFileSync(out, lines.join("\n") + "\n");
console.log(`recorded ${lines.length} responses`);
