// End to end in Chromium against the real stack (kube-sim + provisioner + API serving the built dashboard):
// log in through the form with the admin token (from the API's 0600 --admin-token-file, typed into the
// field); a store goes Queued → … → Ready without reloading; a bad name shows the client's and then the
// server's message; the admin login panel shows the password of the store's Secret (read with kubectl); the
// API is stopped and restarted mid-provisioning and the indicator recovers and the final status still
// arrives; a reload keeps the session; a deleted store disappears; the admin issues a tenant token; log out
// returns to the login screen and the API then answers 401; the tenant sees only its own stores and gets a
// clear message at its store limit; a store created on an older version is upgraded, refused the way back, suspended
// and resumed (lib/versionSteps.mjs). Screenshots: $STOREFLEET_BUILD/screenshots/e2e-*.png.
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchBrowser, screenshotDir, watchPage } from './lib/browser.mjs';
import { check, createStore, deleteStore, log, login, logout, recordStatuses, rowOf, shot, waitForConnection, waitForStatus } from './lib/dashboardPage.mjs';
import { createStack } from './lib/stack.mjs';
import { accessibilityProblems } from './lib/accessibility.mjs';
import { versionLifecycle } from './lib/versionSteps.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(process.env.STOREFLEET_ROOT ?? join(here, '../..'));
const build = resolve(process.env.STOREFLEET_BUILD ?? join(root, 'build'));
const READY_TIMEOUT = Number(process.env.E2E_READY_TIMEOUT_MS ?? 240_000);

/** A value of the store's Secret (`<store>-credentials`; admin-password by default), read with kubectl. */
function storeSecretPassword(store, key = 'admin-password') {
  const secret = JSON.parse(stack.kubectl(['-n', `store-${store}`, 'get', 'secret', `${store}-credentials`, '-o', 'json']));
  const encoded = secret.data?.[key];
  return encoded !== undefined ? Buffer.from(encoded, 'base64').toString('utf8') : (secret.stringData?.[key] ?? '');
}

const shots = screenshotDir();
const stack = createStack({ root, build });
let browser = null;
let failed = false;
const stopOnSignal = async () => {
  await browser?.close();
  await stack.stopAll();
  process.exit(1);
};
process.on('SIGTERM', stopOnSignal);
process.on('SIGINT', stopOnSignal);

// A component that dies ends the test at once (closing the browser makes every pending wait throw).
let deadComponent = null;
stack.onUnexpectedExit((name, how) => {
  deadComponent = `${name} exited unexpectedly (${how})`;
  void browser?.close();
});

try {
  await stack.startAll();
  browser = await launchBrowser();
  if (deadComponent) throw new Error(deadComponent);
  const page = await browser.context.newPage();
  page.setDefaultTimeout(20_000);
  const problems = watchPage(page);
  // The Last-Event-ID each /api/events request carried (the browser adds it itself when it reconnects).
  const streamRequests = [];
  page.on('request', (r) => {
    // allHeaders(): the raw headers sent, which include the Last-Event-ID the network stack added
    if (new URL(r.url()).pathname === '/api/events') streamRequests.push(r.allHeaders().then((h) => h['last-event-id'] ?? null, () => null));
  });
  await page.goto(stack.url + '/');
  await page.getByTestId('login-screen').waitFor();
  const loginA11y = await accessibilityProblems(page);
  check(loginA11y.length === 0, `no serious accessibility problems on the login screen:\n${loginA11y.join('\n')}`);
  check((await fetch(`${stack.url}/api/stores`)).status === 401, 'the API refuses the list without a credential');
  await login(page, stack.adminToken);
  await waitForConnection(page, 'live');
  // Set once: if the page ever reloads, this marker is gone.
  await page.evaluate(() => (window.__noReload = true));
  await shot(page, shots, 'e2e-01-empty.png');

  // A name the client already refuses, then a name only the server can refuse (it exists already).
  await page.getByLabel('Store name').fill('Bad_Name!');
  await page.getByRole('button', { name: 'Create store' }).click();
  await page.getByTestId('name-error').getByText("Use only lowercase letters, digits and '-'.").waitFor();

  // Create → Ready live.
  await createStore(page, 'e2e-shop');
  await page.getByText('Request for e2e-shop accepted.', { exact: true }).waitFor();
  const statuses = await recordStatuses(page, 'e2e-shop');
  await waitForStatus(page, 'e2e-shop', 'Installing', READY_TIMEOUT).catch(() => undefined);
  await shot(page, shots, 'e2e-02-provisioning.png');
  await waitForStatus(page, 'e2e-shop', 'Ready', READY_TIMEOUT);
  const seen = await statuses();
  log('e2e-shop statuses seen:', seen.join(' → '));
  check(seen.at(-1) === 'Ready', 'ended Ready');
  check(seen.some((s) => ['Queued', 'Provisioning', 'Installing'].includes(s)), `saw a state before Ready (${seen})`);
  check((await rowOf(page, 'e2e-shop').getByRole('img').getAttribute('aria-label')) === 'Progress: All steps done', 'progress complete');
  await shot(page, shots, 'e2e-03-ready.png');

  // The server's message for a name it refuses, next to the field.
  const direct = await fetch(`${stack.url}/api/stores`, {
    method: 'POST',
    headers: stack.authHeaders({ 'Content-Type': 'application/json' }),
    body: JSON.stringify({ storeName: 'e2e-shop', engine: 'woocommerce' }),
  });
  const serverMessage = (await direct.json()).error?.message;
  check(direct.status === 409 && serverMessage, `the API refuses a duplicate (${direct.status})`);
  await createStore(page, 'e2e-shop');
  await page.getByTestId('name-error').getByText(serverMessage, { exact: true }).waitFor();
  await shot(page, shots, 'e2e-04-server-error.png');
  log('server message shown:', serverMessage);

  // Detail page of the Ready store: links, pods, timeline.
  await rowOf(page, 'e2e-shop').getByRole('link', { name: 'e2e-shop' }).click();
  await page.locator('[data-testid="store-detail"][data-status="Ready"]').waitFor();
  const admin = await page.getByRole('link', { name: /Open admin/ }).getAttribute('href');
  check(/\/wp-admin$/.test(admin ?? ''), `WooCommerce admin link ends in /wp-admin (${admin})`);
  const note = (await page.getByTestId('local-url-note').textContent()) ?? '';
  check(note.includes('e2e-shop.local opens only where DNS or /etc/hosts'), `the *.local address is explained (${note})`);
  await page.getByTestId('timeline').getByText('Status: Ready').waitFor();

  // The admin login panel shows the password that is in the store's Secret.
  await page.getByRole('button', { name: 'Show admin login' }).click();
  const shownPassword = page.getByTestId('credential-password');
  await shownPassword.waitFor();
  check((await shownPassword.getAttribute('data-masked')) === 'true', 'password masked until revealed');
  await page.getByRole('button', { name: 'Reveal password' }).click();
  const secretPassword = storeSecretPassword('e2e-shop');
  check(secretPassword.length >= 16 && (await shownPassword.textContent()) === secretPassword, 'the shown password is the one in the store Secret');
  await shot(page, shots, 'e2e-05-detail.png');
  await page.getByRole('button', { name: 'Close admin login' }).click();
  await page.getByTestId('credentials').waitFor({ state: 'detached' });
  check(!(await page.content()).includes(secretPassword), 'the password left the page when the panel closed');
  const a11y = await accessibilityProblems(page);
  check(a11y.length === 0, `no serious accessibility problems on the detail page:\n${a11y.join('\n')}`);

  // The audit log filtered by store shows that store's creation as the API recorded it.
  await page.getByRole('link', { name: 'Audit log' }).click();
  await page.getByLabel('Filter by store').fill('e2e-shop');
  await page.waitForFunction(() => {
    const rows = [...document.querySelectorAll('[data-testid="audit-table"] tbody tr')];
    return rows.length > 0 && rows.every((r) => r.children[2].textContent === 'e2e-shop') && rows.some((r) => r.children[1].textContent === 'store.create');
  });
  await shot(page, shots, 'e2e-05b-audit.png');
  await page.getByRole('link', { name: 'Stores' }).click();

  // Metrics cards agree with the API's counters.
  const metrics = await (await fetch(`${stack.url}/api/metrics`, { headers: stack.authHeaders() })).json();
  await page.getByTestId('metrics').getByText('Created (total)').waitFor();
  await page.waitForFunction(
    (created) => [...document.querySelectorAll('[data-testid="metrics"] div')].some((d) => d.querySelector('dt')?.textContent === 'Created (total)' && d.querySelector('dd')?.textContent === String(created)),
    metrics.activity.created,
  );

  // Stop and restart the API while a (Medusa) store is being provisioned.
  await createStore(page, 'e2e-restart', 'medusa');
  await page.getByText('Request for e2e-restart accepted.', { exact: true }).waitFor();
  const restartStatuses = await recordStatuses(page, 'e2e-restart');
  const requestsBefore = streamRequests.length;
  const restarting = stack.restartApi(3000);
  await waitForConnection(page, 'reconnecting');
  await shot(page, shots, 'e2e-06-reconnecting.png');
  await restarting;
  await waitForConnection(page, 'live', 60_000);
  const resumedWith = await Promise.all(streamRequests.slice(requestsBefore));
  log('stream requests after the restart carried Last-Event-ID', resumedWith);
  check(resumedWith.some((id) => id !== null && Number(id) > 0), 'the browser resumed the stream with Last-Event-ID');
  await waitForStatus(page, 'e2e-restart', 'Ready', READY_TIMEOUT);
  log('e2e-restart statuses seen:', (await restartStatuses()).join(' → '));
  await shot(page, shots, 'e2e-07-recovered.png');

  // A Medusa store's login panel: the email as login, its Store API, the publishable key from its Secret, and
  // a word that it has no storefront.
  await rowOf(page, 'e2e-restart').getByRole('link', { name: 'e2e-restart' }).click();
  await page.locator('[data-testid="store-detail"][data-status="Ready"]').waitFor();
  await page.getByRole('button', { name: 'Show admin login' }).click();
  await page.getByTestId('credential-publishable-key').waitFor();
  const shownKey = await page.getByTestId('credential-publishable-key').textContent();
  check(/^pk_[0-9a-f]{64}$/.test(shownKey ?? '') && shownKey === storeSecretPassword('e2e-restart', 'publishable-key'),
    'the Medusa panel shows the publishable key of the store Secret');
  check((await page.getByTestId('credential-username').textContent()) === storeSecretPassword('e2e-restart', 'admin-email'),
    'the Medusa admin logs in with the email');
  check(/\/store$/.test((await page.getByTestId('credential-store-api').textContent()) ?? ''), 'the Store API URL is shown');
  check(/no storefront/.test((await page.getByTestId('credential-note').textContent()) ?? ''), 'the panel says there is no storefront');
  await shot(page, shots, 'e2e-07b-medusa-login.png');
  await page.getByRole('button', { name: 'Close admin login' }).click();
  await page.getByRole('link', { name: 'Stores', exact: true }).click();

  // Versions and suspension: create on 9.7.1, upgrade to 9.8.5 (the way back refused), suspend, resume.
  await versionLifecycle({ page, stack, shots, timeout: READY_TIMEOUT });
  await page.getByRole('link', { name: 'Stores', exact: true }).click();

  // Delete with confirmation → the store disappears.
  await deleteStore(page, 'e2e-shop', READY_TIMEOUT);
  await shot(page, shots, 'e2e-08-deleted.png');
  log('e2e-shop deleted');

  check(await page.evaluate(() => window.__noReload === true), 'the page never reloaded');

  // A reload keeps the session (the HttpOnly cookie); logging out ends it for the page and for the API.
  await page.reload();
  await page.getByTestId('user-menu').waitFor();
  await rowOf(page, 'e2e-restart').waitFor();
  check(!(await page.evaluate(() => document.cookie)).includes('sf_session'), 'the session cookie is HttpOnly');

  // The admin issues a tenant token with a store limit of 1 (its secret is shown once).
  await page.getByRole('link', { name: 'Access tokens' }).click();
  await page.getByLabel('Name', { exact: true }).fill('e2e-tenant');
  await page.getByLabel('Store limit').fill('1');
  await page.getByRole('button', { name: 'Create token' }).click();
  const tenantToken = (await page.getByTestId('token-secret').textContent()) ?? '';
  check(tenantToken.length >= 16, 'the tenant token is shown once');
  await page.getByTestId('token-issued').getByRole('button', { name: 'Done' }).click();
  await page.locator('[data-testid="token-row"]').filter({ hasText: 'e2e-tenant' }).getByText('Active').waitFor();

  await logout(page);
  const status = (path) => page.evaluate((p) => fetch(p, { credentials: 'same-origin' }).then((r) => r.status), path);
  const afterLogout = await status('/api/stores');
  check(afterLogout === 401, `GET /api/stores after logout answers 401 (${afterLogout})`);
  await shot(page, shots, 'e2e-09-logged-out.png');
  log('reload kept the session; logout ended it');

  // The tenant sees none of the admin's stores, no token panel, and a clear 403 at its store limit.
  await login(page, tenantToken);
  check((await page.getByTestId('user-role').textContent()) === 'tenant', 'logged in as a tenant');
  check((await page.getByRole('link', { name: 'Access tokens' }).count()) === 0, 'no token panel for a tenant');
  await page.getByText('No stores yet').waitFor();
  check((await status('/api/stores/e2e-restart')) === 404, "another owner's store is 404 for a tenant");
  await createStore(page, 'e2e-tenant-one');
  await page.getByText('Request for e2e-tenant-one accepted.', { exact: true }).waitFor();
  await createStore(page, 'e2e-tenant-two');
  await page.getByTestId('form-error').getByText(/^Store limit reached.*If you need more stores, ask an admin to raise your limit\.$/).waitFor();
  await shot(page, shots, 'e2e-10-tenant-limit.png');
  await logout(page);
  log('tenant: isolated, limited, logged out');

  check(problems.length === 0, `no page errors: ${problems.join('; ')}`);
  log('end-to-end browser test passed');
} catch (e) {
  failed = true;
  console.error(deadComponent ?? e);
  for (const p of browser?.context.pages() ?? []) await shot(p, shots, 'e2e-failure.png').catch(() => undefined);
  for (const name of ['api', 'provisioner', 'kube-sim']) console.error(`--- ${name}.log (tail)\n${stack.logTail(name)}`);
} finally {
  await browser?.close();
  await stack.stopAll();
}
process.exit(failed ? 1 : 0);
