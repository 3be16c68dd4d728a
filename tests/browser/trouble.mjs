// Trouble while it happens, in real Chromium against the mocked API: a pod's ErrImagePull/ImagePullBackOff shown on
// the row and the store page while the store still says Installing; repeated identical observations folded into
// one timeline row with a count; the step that was running turns red (not blue) when the store fails; the tab
// title counts failing stores; a store page opened directly (reload, bookmark, a store beyond the first page)
// loads its pods from /status; hints name the real pod and namespace; dark mode from the system and the toggle.
import { randomBytes } from 'node:crypto';
import { accessibilityProblems } from './lib/accessibility.mjs';
import { builtDashboardDir, launchBrowser, screenshotDir, watchPage } from './lib/browser.mjs';
import { check, createStore, endRun, log, login, rowOf, shot, waitForConnection, waitForStatus } from './lib/dashboardPage.mjs';
import { createMockApi } from './lib/mockApi.mjs';

const distDir = builtDashboardDir();

const shots = screenshotDir();
const adminToken = `sf_admin_${randomBytes(16).toString('hex')}`;
const api = createMockApi({ distDir, adminToken, stepMs: 150 });
api.seed(150, { prefix: 'bulk', statuses: ['Ready'] });
await api.start();
const browser = await launchBrowser();
let failure = null;
const a11y = [];
const checkA11y = async (page, screen) => {
  for (const p of await accessibilityProblems(page)) a11y.push(`${screen}: ${p}`);
};

/** The provisioner's events for a store the test drives (manual-* stores are not provisioned by the mock). */
const step = (store, s, state, detail = '') => api.emit('store.step', store, '', '', { step: s, state, detail });
const observe = (store, pods, setupJob = null) => api.emit('store.observed', store, '', '', { pods, setupJob });
function installUpToPods(store) {
  api.emit('store.status', store, 'Provisioning');
  step(store, 'namespace', 'started');
  step(store, 'namespace', 'done', `store-${store}`);
  step(store, 'secret', 'done');
  api.emit('store.status', store, 'Installing', 'helm install started');
  step(store, 'helm', 'started');
  step(store, 'helm', 'done', 'release deployed');
  step(store, 'pods', 'started');
}
const segment = (page, s) => page.getByTestId('store-detail').locator(`[data-step="${s}"]`);

try {
  const page = await browser.context.newPage();
  page.setDefaultTimeout(15_000);
  const problems = watchPage(page);
  await page.goto(api.url + '/');
  await login(page, adminToken);
  await waitForConnection(page, 'live');

  // A warning on the row as soon as it is observed, while the status still says Installing.
  await createStore(page, 'manual-warn', 'medusa');
  await waitForStatus(page, 'manual-warn', 'Queued');
  installUpToPods('manual-warn');
  await waitForStatus(page, 'manual-warn', 'Installing');
  check((await rowOf(page, 'manual-warn').getByTestId('warning-badge').count()) === 0, 'no warning before any trouble');
  const pod = 'manual-warn-web-0';
  observe('manual-warn', [{ name: pod, phase: 'Pending', ready: false, reason: 'ErrImagePull', message: 'pull access denied for shop/web' }]);
  const badge = rowOf(page, 'manual-warn').getByTestId('warning-badge');
  await badge.getByText('ErrImagePull').waitFor();
  check((await rowOf(page, 'manual-warn').getAttribute('data-status')) === 'Installing', 'still Installing while the warning shows');
  check(/Pod manual-warn-web-0: ErrImagePull \(pull access denied/.test((await badge.getAttribute('title')) ?? ''), 'the badge tooltip names the pod and the message');
  await shot(page, shots, 'trouble-01-row-warning.png');
  log('warning on the row before any failure');

  // The same observation six times: one timeline row "×6"; the store page shows the warning and its details.
  const backoff = [{ name: pod, phase: 'Pending', ready: false, reason: 'ImagePullBackOff', message: 'Back-off pulling image "shop/web"' }];
  for (let i = 0; i < 6; i++) observe('manual-warn', backoff);
  await badge.getByText('ImagePullBackOff').waitFor();
  await rowOf(page, 'manual-warn').getByRole('link', { name: 'manual-warn' }).click();
  const warnings = page.getByTestId('warnings');
  await warnings.getByText('ImagePullBackOff').waitFor();
  await warnings.getByText('Back-off pulling image "shop/web"').waitFor();
  await warnings.getByText(/An image could not be pulled/).waitFor();
  const observedRows = page.getByTestId('timeline').locator('li', { hasText: 'Observed' });
  await page.getByTestId('timeline').getByTestId('repeat-count').getByText('×6').waitFor();
  check((await observedRows.count()) === 2, `two observation rows (ErrImagePull once, ImagePullBackOff ×6), got ${await observedRows.count()}`);
  check((await observedRows.first().getAttribute('data-count')) === '6', 'the newest row counts six');
  check((await segment(page, 'pods').getAttribute('data-state')) === 'started', 'pods step running (blue) while it is still trying');
  await shot(page, shots, 'trouble-02-detail-warning.png');
  await checkA11y(page, 'store page with a warning');
  log('collapsed timeline and warnings on the store page');

  // The store fails (no "step failed" event): the running step turns red; the title counts it.
  api.emit('store.status', 'manual-warn', 'Failed', `pod ${pod}: ImagePullBackOff`);
  await page.locator('[data-testid="store-detail"][data-status="Failed"]').waitFor();
  check((await segment(page, 'pods').getAttribute('data-state')) === 'failed', 'pods step red once Failed');
  check((await page.getByTestId('store-detail').locator('[data-state="started"]').count()) === 0, 'no step left running');
  await page.waitForFunction(() => document.title === '(1 failing) Storefleet');
  log('failed step red, title', await page.title());

  // Opened directly (reload): pods from /status, warnings from the row, the failed step from the history.
  await page.reload();
  await page.getByTestId('pods').getByText(pod).waitFor();
  check((await page.getByTestId('pods').getByText('ImagePullBackOff').count()) === 1, 'the pod reason from /status');
  await page.getByTestId('warnings').getByText('ImagePullBackOff').waitFor();
  await page.waitForFunction(() => document.querySelector('[data-testid="store-detail"] [data-step="pods"]')?.getAttribute('data-state') === 'failed');
  log('direct open: pods, warnings and the red step');

  // A store beyond the first page of the list, opened from a bookmark, with pods observed earlier.
  observe('bulk-00001', [{ name: 'bulk-00001-web-0', phase: 'Running', ready: true, reason: '' }]);
  await page.goto(api.url + '/#/stores/bulk-00001');
  await page.reload();
  await page.locator('[data-testid="store-detail"][data-status="Ready"]').waitFor();
  await page.getByTestId('pods').getByText('bulk-00001-web-0').waitFor();
  check((await page.getByTestId('detail-missing').count()) === 0, 'not "no such store"');
  log('direct open beyond the first page');

  // A crashing container: the hint names the real namespace and pod.
  await page.goto(api.url + '/#/');
  await createStore(page, 'manual-crash');
  await waitForStatus(page, 'manual-crash', 'Queued');
  installUpToPods('manual-crash');
  observe('manual-crash', [{ name: 'manual-crash-web-0', phase: 'Running', ready: false, reason: 'CrashLoopBackOff', message: 'back-off 40s restarting failed container' }]);
  await rowOf(page, 'manual-crash').getByTestId('warning-badge').getByText('CrashLoopBackOff').waitFor();
  await rowOf(page, 'manual-crash').getByRole('link', { name: 'manual-crash' }).click();
  await page.getByTestId('warnings').getByText('kubectl logs -n store-manual-crash manual-crash-web-0', { exact: false }).waitFor();
  log('hint with real names');

  // Dark mode: follows the system until toggled; the choice survives a reload; still accessible (contrast).
  const isDark = () => page.evaluate(() => document.documentElement.classList.contains('dark'));
  const bodyLuminance = () =>
    page.evaluate(() => {
      const c = document.createElement('canvas').getContext('2d');
      c.fillStyle = getComputedStyle(document.body).backgroundColor;
      c.fillRect(0, 0, 1, 1);
      const [r, g, b] = c.getImageData(0, 0, 1, 1).data;
      return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
    });
  check(!(await isDark()) && (await bodyLuminance()) > 0.8, 'light by default');
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.waitForFunction(() => document.documentElement.classList.contains('dark'));
  const dark = await bodyLuminance();
  check(dark < 0.2, `dark background when the system prefers dark (luminance ${dark.toFixed(2)})`);
  await shot(page, shots, 'trouble-03-dark.png');
  await checkA11y(page, 'store page in dark mode');
  const toggle = page.getByRole('button', { name: 'Dark mode' });
  check((await toggle.getAttribute('aria-pressed')) === 'true', 'toggle shows dark');
  await toggle.click();
  check(!(await isDark()), 'toggled to light');
  check((await page.evaluate(() => localStorage.getItem('storefleet-theme'))) === 'light', 'choice kept in localStorage');
  await page.reload();
  await page.getByTestId('store-detail').waitFor();
  check(!(await isDark()), 'light kept over a reload although the system prefers dark');
  await page.emulateMedia({ colorScheme: 'light' });
  await toggle.click();
  await page.reload();
  await page.getByTestId('store-detail').waitFor();
  check(await isDark(), 'dark kept over a reload although the system prefers light');
  await page.goto(api.url + '/#/');
  await rowOf(page, 'manual-warn').waitFor();
  await checkA11y(page, 'store list in dark mode');
  await shot(page, shots, 'trouble-04-dark-list.png');
  log('dark mode from the system and the toggle');

  check(a11y.length === 0, `no serious accessibility problems:\n${a11y.join('\n')}`);
  check(problems.length === 0, `no page errors: ${problems.join('; ')}`);
  log('trouble browser test passed');
} catch (e) {
  failure = e;
}
await endRun({ failure, browser, api, shots, name: 'trouble' });
