// A fleet rollout from the dashboard in Chromium, against the real stack (kube-sim + provisioner + API). The
// provisioner gets a copy of charts/store with one more WooCommerce version, 9.8.6 (as
// tests/integration/provisioner/rollout.sh makes it). Six stores are made Ready through the API; on the Rollouts
// page the form offers the catalogue's non-deprecated versions; a names selector matching nothing gets the API's
// 422 next to the field; then all stores, waves of 2: the dialog says 6 stores in 3 waves, each Ready before the
// next; the rollout's page shows the waves filling in live (rollout.progress and store.status events, no reload)
// up to completed; the API agrees that every store runs 9.8.6. The store list still works, and a tenant sees no
// Rollouts entry and gets 403 from the API. Screenshots: $STOREFLEET_BUILD/screenshots/rollouts-*.png.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { accessibilityProblems } from './lib/accessibility.mjs';
import { launchBrowser, screenshotDir, watchPage } from './lib/browser.mjs';
import { check, log, login, logout, rowOf, shot, waitForConnection, waitForStatus } from './lib/dashboardPage.mjs';
import { createStack } from './lib/stack.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(process.env.STOREFLEET_ROOT ?? join(here, '../..'));
const build = resolve(process.env.STOREFLEET_BUILD ?? join(root, 'build'));
const TIMEOUT = Number(process.env.E2E_READY_TIMEOUT_MS ?? 180_000);
const STORES = ['wave-shop-1', 'wave-shop-2', 'wave-shop-3', 'wave-shop-4', 'wave-shop-5', 'wave-shop-6'];

/** charts/store plus WooCommerce 9.8.6 (9.8.5's values with the version replaced), listed first in the catalogue. */
function chartWithPatchRelease() {
  const dir = mkdtempSync(join(tmpdir(), 'storefleet-chart-'));
  const chart = join(dir, 'store');
  cpSync(join(root, 'charts/store'), chart, { recursive: true });
  const versions = join(chart, 'versions');
  writeFileSync(join(versions, 'woocommerce-9.8.6.yaml'), readFileSync(join(versions, 'woocommerce-9.8.5.yaml'), 'utf8').replace(/9\.8\.5/g, '9.8.6'));
  const catalog = readFileSync(join(versions, 'catalog.yaml'), 'utf8').replace(/^    versions:$/m,
    '    versions:\n      - {version: "9.8.6", values: woocommerce-9.8.6.yaml, summary: a patch release, dataSchema: 2}');
  check(catalog.includes('"9.8.6"'), 'the catalogue copy lists 9.8.6');
  writeFileSync(join(versions, 'catalog.yaml'), catalog);
  return { dir, chart };
}

const shots = screenshotDir();
const chart = chartWithPatchRelease();
const stack = createStack({ root, build, chart: chart.chart });
let browser = null;
let failed = false;
const cleanUp = async () => {
  await browser?.close();
  await stack.stopAll();
  rmSync(chart.dir, { recursive: true, force: true });
};
const stopOnSignal = async () => {
  await cleanUp();
  process.exit(1);
};
process.on('SIGTERM', stopOnSignal);
process.on('SIGINT', stopOnSignal);
let deadComponent = null;
stack.onUnexpectedExit((name, how) => {
  deadComponent = `${name} exited unexpectedly (${how})`;
  void browser?.close();
});

const apiJson = async (path, init = {}) => {
  const res = await fetch(stack.url + path, { ...init, headers: stack.authHeaders(init.body ? { 'Content-Type': 'application/json' } : {}) });
  return { status: res.status, body: await res.json().catch(() => null) };
};
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function storesUntil(predicate, what) {
  const deadline = Date.now() + TIMEOUT;
  let rows = [];
  while (Date.now() < deadline) {
    rows = (await apiJson('/api/stores?engine=woocommerce&limit=100')).body?.stores ?? [];
    if (STORES.every((n) => rows.some((r) => r.store_name === n && predicate(r)))) return rows;
    if (deadComponent) throw new Error(deadComponent);
    await sleep(500);
  }
  throw new Error(`${what}: ${JSON.stringify(rows.map((r) => [r.store_name, r.status, r.version]))}`);
}

try {
  const t0 = Date.now();
  await stack.startAll();
  for (const name of STORES) {
    const r = await apiJson('/api/stores', { method: 'POST', body: JSON.stringify({ storeName: name, engine: 'woocommerce' }) });
    check(r.status === 202, `${name} accepted (${r.status} ${JSON.stringify(r.body)})`);
  }
  browser = await launchBrowser();
  const page = await browser.context.newPage();
  page.setDefaultTimeout(20_000);
  const problems = watchPage(page);
  await page.goto(stack.url + '/');
  await login(page, stack.adminToken);
  await waitForConnection(page, 'live');
  await storesUntil((r) => r.status === 'Ready' && r.version === '9.8.5', 'the stores did not all become Ready on 9.8.5');
  log(`6 stores Ready on 9.8.5 after ${Date.now() - t0} ms`);
  await page.evaluate(() => (window.__noReload = true)); // gone if the page ever reloads

  // The form: the catalogue's non-deprecated versions; a selector matching nothing → the API's 422 at the field.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Rollouts' }).click();
  const form = page.getByTestId('rollout-form');
  const target = form.getByLabel('Target version');
  await target.locator('option[value="9.8.6"]').waitFor({ state: 'attached' });
  const offered = await target.locator('option').evaluateAll((os) => os.map((o) => o.value));
  check(offered.join(',') === '9.8.6,9.8.5,9.7.1', `9.8.6, 9.8.5 and 9.7.1 offered, not the deprecated 9.6.2 (${offered})`);
  await form.getByLabel('Engine', { exact: true }).selectOption('woocommerce');
  await target.selectOption('9.8.6');
  await form.getByLabel('Wave size').fill('2');
  await form.getByLabel('Max failures').fill('0');
  await form.getByLabel('Named stores').check();
  await form.getByLabel('Store names').fill('no-such-shop');
  await form.getByRole('button', { name: 'Start rollout…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Roll WooCommerce out to 9.8.6?' });
  await dialog.getByText(/^None of the selected WooCommerce stores can move/).waitFor();
  await dialog.getByRole('button', { name: 'Start rollout', exact: true }).click();
  const selectorError = (await form.getByTestId('rollout-selector-error').textContent()) ?? '';
  check(/selects no store that can move to 9\.8\.6/i.test(selectorError), `the API's 422 detail is shown at the selector (${selectorError})`);
  await form.getByTestId('rollout-form-error').waitFor();
  await shot(page, shots, 'rollouts-01-refused.png');

  // All stores, waves of 2: the dialog gives the plan and the rule between waves.
  await form.getByLabel('All stores of the engine').check();
  await form.getByRole('button', { name: 'Start rollout…' }).click();
  const plan = (await dialog.getByText(/stores move to/).textContent()) ?? '';
  check(plan === '6 stores move to 9.8.6 in 3 waves of up to 2. Each wave must be Ready on 9.8.6 before the next starts; any failed store pauses it.',
    `the dialog says 6 stores in 3 waves, each Ready before the next (${plan})`);
  const dialogA11y = await accessibilityProblems(page);
  check(dialogA11y.length === 0, `no serious accessibility problems with the dialog open:\n${dialogA11y.join('\n')}`);
  await shot(page, shots, 'rollouts-02-confirm.png');
  await dialog.getByRole('button', { name: 'Start rollout', exact: true }).click();

  // Its page follows it live: record every state the waves show until it completes.
  const detail = page.getByTestId('rollout-detail');
  await detail.waitFor();
  const id = Number(new URL(page.url()).hash.replace('#/rollouts/', ''));
  check(id > 0, `the page of the new rollout opened (${page.url()})`);
  await page.evaluate(() => {
    const seen = (window.__rolloutSeen = []);
    const note = () => {
      const d = document.querySelector('[data-testid="rollout-detail"]');
      const waves = [...document.querySelectorAll('[data-testid="rollout-wave"]')].map((w) => `${w.dataset.done}/${w.dataset.total}`);
      const s = `${d?.dataset.state}:${waves.join(',')}`;
      if (seen.at(-1) !== s) seen.push(s);
    };
    note();
    new MutationObserver(note).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
  });
  check((await page.locator('[data-testid="rollout-wave"]').count()) === 3, 'three waves are shown');
  await page.locator('[data-testid="rollout-wave"][data-wave="1"]:not([data-state="waiting"])').waitFor({ timeout: TIMEOUT });
  await shot(page, shots, 'rollouts-03-running.png');
  await page.locator('[data-testid="rollout-detail"][data-state="completed"]').waitFor({ timeout: TIMEOUT });
  const seen = await page.evaluate(() => window.__rolloutSeen);
  log('rollout states shown:', seen.join(' → '));
  check(seen.at(-1) === 'completed:2/2,2/2,2/2', `ended completed with every wave done (${seen.at(-1)})`);
  check(seen.some((s) => /^running:2\/2,[01]\/2,0\/2$/.test(s)), 'wave 1 was shown done while the later waves were not (waves in order, live)');
  check(seen.filter((s) => s.startsWith('running')).length >= 3, `the waves filled in over several updates (${seen.length})`);
  for (const n of [1, 2, 3]) {
    const bar = page.getByRole('progressbar', { name: `Wave ${n}` });
    check((await bar.getAttribute('aria-valuetext')) === '2 of 2 done, 0 failed, 0 upgrading, 0 pending', `wave ${n}'s bar says it in words`);
  }
  check((await detail.getByTestId('rollout-totals').textContent()) === '6 of 6 done, 0 failed', 'the totals say 6 of 6 done');
  check((await page.getByRole('button', { name: /^(Resume|Abort)/ }).count()) === 0, 'no Resume or Abort once completed');
  const detailA11y = await accessibilityProblems(page);
  check(detailA11y.length === 0, `no serious accessibility problems on the rollout page:\n${detailA11y.join('\n')}`);
  await shot(page, shots, 'rollouts-04-completed.png');
  check(await page.evaluate(() => window.__noReload === true), 'the page never reloaded');

  // The API agrees: completed, every store Ready on 9.8.6.
  const doc = (await apiJson(`/api/rollouts/${id}`)).body;
  check(doc?.state === 'completed' && doc.stores.every((s) => s.outcome === 'done'), `the API says completed (${doc?.state})`);
  await storesUntil((r) => r.status === 'Ready' && r.version === '9.8.6', 'not every store is Ready on 9.8.6');
  log(`6 stores on 9.8.6 after ${Date.now() - t0} ms`);

  // The list shows it completed; the store list kept working with rollout events in the stream.
  await page.getByRole('link', { name: '← All rollouts' }).click();
  await page.locator(`[data-testid="rollout-row"][data-rollout="${id}"][data-state="completed"]`).waitFor();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Stores' }).click();
  for (const name of STORES) await waitForStatus(page, name, 'Ready');
  check((await page.locator('[data-testid="store-row"][data-store=""]').count()) === 0, 'no store row for a rollout event');
  await rowOf(page, 'wave-shop-1').getByRole('link', { name: 'wave-shop-1' }).click();
  await page.waitForFunction(() => document.querySelector('[data-testid="store-version"]')?.textContent === '9.8.6');

  // A tenant: no Rollouts entry, its link shows the stores, and the API refuses the list.
  const issued = await apiJson('/api/tokens', { method: 'POST', body: JSON.stringify({ name: 'rollout-tenant', role: 'tenant', storeLimit: 1 }) });
  check(typeof issued.body?.token === 'string', `a tenant token was issued (${issued.status})`);
  await logout(page);
  await login(page, issued.body.token);
  check((await page.getByTestId('user-role').textContent()) === 'tenant', 'logged in as a tenant');
  check((await page.getByRole('link', { name: 'Rollouts' }).count()) === 0, 'no Rollouts entry for a tenant');
  await page.evaluate(() => (window.location.hash = '#/rollouts'));
  await page.getByRole('heading', { name: 'Stores', exact: true }).waitFor();
  check((await page.getByTestId('rollouts').count()) === 0, 'a tenant opening #/rollouts sees the stores instead');
  const refused = await page.evaluate(() => fetch('/api/rollouts', { credentials: 'same-origin' }).then((r) => r.status));
  check(refused === 403, `GET /api/rollouts is 403 for a tenant (${refused})`);
  await shot(page, shots, 'rollouts-05-tenant.png');

  check(problems.length === 0, `no page errors: ${problems.join('; ')}`);
  log(`rollout browser test passed in ${Date.now() - t0} ms`);
} catch (e) {
  failed = true;
  console.error(deadComponent ?? e);
  for (const p of browser?.context.pages() ?? []) await shot(p, shots, 'rollouts-failure.png').catch(() => undefined);
  for (const name of ['api', 'provisioner', 'kube-sim']) console.error(`--- ${name}.log (tail)\n${stack.logTail(name)}`);
} finally {
  await cleanUp();
}
process.exit(failed ? 1 : 0);
