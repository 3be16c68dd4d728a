// The dashboard in real Chromium against a mocked API (lib/mockApi.mjs): logs in, renders, creates a store and sees
// it reach Ready without reloading, shows the server's 422 next to the field, survives an API restart
// (Last-Event-ID replay), retries a failed store, deletes one, shows the audit log, fits a narrow screen.
import { randomBytes } from 'node:crypto';
import { builtDashboardDir, launchBrowser, screenshotDir, watchPage } from './lib/browser.mjs';
import { check, createStore, deleteStore, endRun, log, login, recordStatuses, rowOf, shot, waitForConnection, waitForStatus } from './lib/dashboardPage.mjs';
import { createMockApi } from './lib/mockApi.mjs';
import { accessibilityProblems } from './lib/accessibility.mjs';

const distDir = builtDashboardDir();

const shots = screenshotDir();
const a11y = [];
/** axe-core's serious/critical WCAG A/AA findings on the current screen, collected and asserted at the end. */
async function checkAccessibility(page, screen) {
  for (const p of await accessibilityProblems(page)) a11y.push(`${screen}: ${p}`);
}
// Made up here, handed to the mock in memory and typed into the login form: never on a command line.
const adminToken = `sf_admin_${randomBytes(16).toString('hex')}`;
const api = createMockApi({ distDir, adminToken, stepMs: 250, postDelayMs: 400 });
await api.start();
const browser = await launchBrowser();
let failure = null;
try {
  const page = await browser.context.newPage();
  page.setDefaultTimeout(15_000);
  const problems = watchPage(page);
  await page.goto(api.url + '/');
  await login(page, adminToken);
  await waitForConnection(page, 'live');
  await page.getByText('No stores yet').waitFor();
  log('page loaded, stream live');

  // Inline validation: the client refuses a bad name without asking the server.
  const eventsBefore = api.events.length;
  await page.getByLabel('Store name').fill('Bad_Name');
  await page.getByRole('button', { name: 'Create store' }).click();
  await page.getByTestId('name-error').getByText("Use only lowercase letters, digits and '-'.").waitFor();
  check((await page.getByLabel('Store name').getAttribute('aria-invalid')) === 'true', 'name field marked invalid');
  check(api.events.length === eventsBefore, 'no request for a name the client already refuses');

  // The server stays the authority: its 422 detail lands next to the field.
  await createStore(page, 'policy-refused');
  await page.getByTestId('name-error').getByText('Is refused by the platform policy (mock)', { exact: true }).waitFor();
  await shot(page, shots, 'mock-01-server-422.png');
  await checkAccessibility(page, 'form with a server error');
  log('client and server validation shown');

  // Create: the form is disabled while submitting, then the store goes Queued → … → Ready live.
  await page.getByLabel('Store name').fill('my-shop');
  await page.getByRole('button', { name: 'Create store' }).click();
  await page.getByRole('button', { name: 'Creating…' }).waitFor();
  check(await page.getByLabel('Store name').isDisabled(), 'name field disabled while submitting');
  await rowOf(page, 'my-shop').waitFor();
  const statuses = await recordStatuses(page, 'my-shop');
  await waitForStatus(page, 'my-shop', 'Installing');
  await shot(page, shots, 'mock-02-installing.png');
  await waitForStatus(page, 'my-shop', 'Ready');
  const seen = await statuses();
  log('my-shop statuses seen', seen.join(' → '));
  check(seen.includes('Installing') && seen.at(-1) === 'Ready', `went through Installing to Ready (${seen})`);
  check((await rowOf(page, 'my-shop').getByRole('img').getAttribute('aria-label')) === 'Progress: All steps done', 'progress complete');
  await page.getByText('Store my-shop is Ready.').waitFor({ state: 'attached' });
  await shot(page, shots, 'mock-03-ready.png');

  // A failure shows its reason with a hint; retry brings the store to Ready.
  await createStore(page, 'fail-shop', 'medusa');
  await waitForStatus(page, 'fail-shop', 'Failed');
  await rowOf(page, 'fail-shop').getByRole('link', { name: 'fail-shop' }).click();
  await page.getByTestId('failure').getByText('ImagePullBackOff').first().waitFor();
  await page.getByText('An image could not be pulled').waitFor();
  check((await page.getByRole('link', { name: /Open admin/ }).getAttribute('href')) === 'http://fail-shop.local/app', 'medusa admin link is /app');
  await page.getByTestId('timeline').getByText('Step pods failed').waitFor();
  await shot(page, shots, 'mock-04-failed-detail.png');
  await checkAccessibility(page, 'failed store detail');
  await page.getByRole('button', { name: 'Retry' }).click();
  await page.locator('[data-testid="store-detail"][data-status="Ready"]').waitFor();
  check((await page.getByTestId('pods').getByText('fail-shop-web-0').count()) === 1, 'pods listed');
  await page.getByRole('link', { name: '← All stores' }).click();
  log('failure, hint and retry work');

  // API restart mid-run: the indicator shows reconnecting, then live, and the events written meanwhile arrive.
  await createStore(page, 'late-shop');
  await page.getByText('Request for late-shop accepted.', { exact: true }).waitFor();
  await api.stop();
  await waitForConnection(page, 'reconnecting');
  await shot(page, shots, 'mock-05-reconnecting.png');
  await new Promise((r) => setTimeout(r, 2500)); // the "provisioner" keeps writing events meanwhile
  const idsBefore = api.lastEventIdsSeen.length;
  await api.start();
  await waitForConnection(page, 'live');
  await waitForStatus(page, 'late-shop', 'Ready');
  const resumedWith = api.lastEventIdsSeen.slice(idsBefore);
  log('reconnected with Last-Event-ID', resumedWith);
  check(resumedWith.some((id) => id !== null && Number(id) > 0), 'browser resumed with Last-Event-ID');
  log('restart survived');

  // A stream answered with an HTTP error makes the browser give up (EventSource CLOSED): the page opens a new
  // one after a backoff and, since that one cannot resume, reloads the list; a store created meanwhile shows up.
  const listLoads = [];
  page.on('request', (r) => new URL(r.url()).pathname === '/api/stores' && r.method() === 'GET' && listLoads.push(r));
  api.dropStreams(1);
  await waitForConnection(page, 'reconnecting');
  check((await api.createDirectly('elsewhere-shop')) === 202, 'store created by another client');
  await waitForConnection(page, 'live');
  await rowOf(page, 'elsewhere-shop').waitFor();
  check(listLoads.length >= 1, 'the list was reloaded after a fresh stream');
  log('closed stream recovered with a resync');

  // Delete with confirmation: the store disappears.
  await deleteStore(page, 'my-shop');
  log('deleted my-shop');

  // Metrics and audit log with the store filter.
  await page.getByTestId('metrics').getByText('Created (total)').waitFor();
  await page.getByRole('link', { name: 'Audit log' }).click();
  await page.getByTestId('audit-table').waitFor();
  await page.getByLabel('Filter by store').fill('fail-shop');
  await page.waitForFunction(() => {
    const rows = [...document.querySelectorAll('[data-testid="audit-table"] tbody tr')];
    return rows.length > 0 && rows.every((r) => r.children[2].textContent === 'fail-shop');
  });
  await shot(page, shots, 'mock-06-audit.png');
  await checkAccessibility(page, 'audit log');

  // Narrow screen and keyboard: the form is reachable by Tab and usable at 375 px.
  await page.setViewportSize({ width: 375, height: 800 });
  await page.goto(api.url + '/#/');
  await page.reload();
  await rowOf(page, 'late-shop').waitFor();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  check(overflow <= 0, `no horizontal scrolling at 375 px (overflow ${overflow}px)`);
  await page.keyboard.press('Tab');
  check((await page.evaluate(() => document.activeElement?.textContent)) === 'Skip to content', 'skip link first in tab order');
  await shot(page, shots, 'mock-07-narrow.png');
  await checkAccessibility(page, 'narrow store list');

  // Keyboard only: reach the name field by Tab, type, Tab to the engine and the button, press Enter.
  const focused = () => page.evaluate(() => document.activeElement?.getAttribute('name') ?? document.activeElement?.textContent);
  for (let i = 0; i < 20 && (await focused()) !== 'storeName'; i++) await page.keyboard.press('Tab');
  check((await focused()) === 'storeName', 'the name field is reachable by Tab');
  await page.keyboard.type('kb-shop');
  await page.keyboard.press('Tab');
  check((await focused()) === 'engine', 'Tab moves from name to engine');
  await page.keyboard.press('Tab');
  check((await focused()) === 'Create store', 'then to the submit button');
  await page.keyboard.press('Enter');
  await waitForStatus(page, 'kb-shop', 'Ready');
  log('keyboard-only create works');

  // The delete dialog: focus starts on Cancel, Escape closes it and nothing is deleted.
  await page.goto(api.url + '/#/stores/kb-shop');
  await page.getByRole('button', { name: 'Delete…' }).click();
  check((await focused()) === 'Cancel', 'the dialog focuses Cancel first');
  await page.keyboard.press('Escape');
  await page.getByRole('dialog').waitFor({ state: 'hidden' });
  check((await page.locator('[data-testid="store-detail"]').getAttribute('data-status')) === 'Ready', 'Escape deleted nothing');
  check(a11y.length === 0, `no serious accessibility problems:\n${a11y.join('\n')}`);

  check(problems.length === 0, `no page errors: ${problems.join('; ')}`);
  log('browser smoke test passed');
} catch (e) {
  failure = e;
}
await endRun({ failure, browser, api, shots, name: 'mock' });
