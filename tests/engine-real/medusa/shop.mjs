// Uses a running Medusa store the way its people would, over real HTTP: the admin logs in with the
// credentials from the store's Secret (token, then a session cookie like the admin dashboard at /app), a
// shopper lists products with the publishable key from the Secret, fills a cart, picks shipping, pays with
// the system provider and places an order, and the admin sees that order.
//
//   node shop.mjs BASE_URL SECRET_JSON OUT_JSON
//
// Prints progress without secrets; writes the ids it saw to OUT_JSON for the caller's checks.
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";

const [base, secretFile, outFile] = process.argv.slice(2);
const secret = JSON.parse(readFileSync(secretFile, "utf8"));
const fromSecret = (key) => Buffer.from(secret.data[key], "base64").toString("utf8");
const email = fromSecret("admin-email");
const password = fromSecret("admin-password");
const publishableKey = fromSecret("publishable-key");

async function call(method, path, { body, headers = {}, expect = 200 } = {}) {
  const res = await fetch(base + path, {
    method,
    headers: { ...(body ? { "content-type": "application/json" } : {}), ...headers },
    body: body ? JSON.stringify(body) : undefined,
    redirect: "manual",
  });
  const text = await res.text();
  if (res.status !== expect) throw new Error(`${method} ${path}: HTTP ${res.status}, wanted ${expect}: ${text.slice(0, 300)}`);
  return { res, json: text ? JSON.parse(text) : null };
}

// --- admin: the dashboard's own login sequence (emailpass → token → session cookie)
await call("POST", "/auth/user/emailpass", { body: { email, password: `${password}x` }, expect: 401 });
const { json: login } = await call("POST", "/auth/user/emailpass", { body: { email, password } });
assert.ok(login.token, "no token from the admin login");
const { res: sessionRes } = await call("POST", "/auth/session", { headers: { authorization: `Bearer ${login.token}` } });
const setCookie = sessionRes.headers.get("set-cookie") ?? "";
assert.match(setCookie, /connect\.sid=/, "no session cookie: the admin at /app could not log in over plain HTTP");
assert.doesNotMatch(setCookie, /;\s*secure/i, "the session cookie is Secure, but the store is served over plain HTTP");
const cookie = setCookie.split(";")[0];
const admin = { cookie };
const { json: me } = await call("GET", "/admin/users/me", { headers: admin });
assert.equal(me.user.email, email);
console.log("ok: admin logged in with the Secret's password; session cookie works over HTTP");

// Behind a TLS-terminating ingress (X-Forwarded-Proto: https) Medusa's own Secure cookie stands.
const { res: tlsRes } = await call("POST", "/auth/session", {
  headers: { authorization: `Bearer ${login.token}`, "x-forwarded-proto": "https" },
});
assert.match(tlsRes.headers.get("set-cookie") ?? "", /;\s*secure/i, "over HTTPS the session cookie must be Secure");

// --- shopper: the Store API with the publishable key the platform generated
await call("GET", "/store/products", { expect: 400 }); // no key: refused
const shop = { "x-publishable-api-key": publishableKey };
const { json: catalog } = await call("GET", "/store/products?fields=*variants", { headers: shop });
const skus = catalog.products.flatMap((p) => p.variants.map((v) => v.sku)).sort();
assert.deepEqual(skus, ["SF-MUG", "SF-STICKERS", "SF-TSHIRT"]);
const { json: regions } = await call("GET", "/store/regions", { headers: shop });
assert.equal(regions.regions.length, 1, "one sample region");
const region = regions.regions[0];
const country = region.countries[0].iso_2;
console.log(`ok: ${skus.length} products listed with the publishable key; region ${region.name} (${region.currency_code})`);

const variant = catalog.products.find((p) => p.variants[0].sku === "SF-MUG").variants[0];
let { json: { cart } } = await call("POST", "/store/carts", { headers: shop, body: { region_id: region.id } });
({ json: { cart } } = await call("POST", `/store/carts/${cart.id}/line-items`, {
  headers: shop, body: { variant_id: variant.id, quantity: 2 },
}));
const address = { first_name: "Ada", last_name: "Shopper", address_1: "1 Main Street", city: "Springfield", postal_code: "12345", country_code: country };
({ json: { cart } } = await call("POST", `/store/carts/${cart.id}`, {
  headers: shop, body: { email: "ada@example.com", shipping_address: address, billing_address: address },
}));
const { json: options } = await call("GET", `/store/shipping-options?cart_id=${cart.id}`, { headers: shop });
assert.ok(options.shipping_options.length > 0, "no shipping option for the sample region");
await call("POST", `/store/carts/${cart.id}/shipping-methods`, { headers: shop, body: { option_id: options.shipping_options[0].id } });
const { json: { payment_collection: collection } } = await call("POST", "/store/payment-collections", {
  headers: shop, body: { cart_id: cart.id },
});
await call("POST", `/store/payment-collections/${collection.id}/payment-sessions`, {
  headers: shop, body: { provider_id: "pp_system_default" },
});
const { json: completed } = await call("POST", `/store/carts/${cart.id}/complete`, { headers: shop });
assert.equal(completed.type, "order", `the cart did not become an order: ${JSON.stringify(completed).slice(0, 300)}`);
const order = completed.order;
assert.equal(order.items[0].quantity, 2);
console.log(`ok: a shopper placed order ${order.display_id} (${order.total} ${order.currency_code})`);

// --- admin sees it
const { json: orders } = await call("GET", "/admin/orders?fields=id,display_id,email", { headers: admin });
assert.ok(orders.orders.some((o) => o.id === order.id && o.email === "ada@example.com"), "the admin does not see the order");
console.log("ok: the admin sees the order");

writeFileSync(outFile, JSON.stringify({ orderId: order.id, regionId: region.id, products: skus.length }));
