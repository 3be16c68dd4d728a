// The store list at fleet scale in real Chromium against the mocked API (lib/mockApi.mjs + lib/mockListing.mjs):
// skeletons while the counts load, server-side paging with "Showing N of TOTAL", filters from the tiles, a
// debounced search, sorting by a column header, filters kept in the URL (reload, Back from a store), single and
// bulk retry/delete with one confirmation, rows kept in place by live updates, the owner column and filter.
import { randomBytes } from 'node:crypto';
import { accessibilityProblems } from './lib/accessibility.mjs';
import { builtDashboardDir, launchBrowser, screenshotDir, watchPage } from './lib/browser.mjs';
import { check, endRun, log, login, rowOf, shot, waitForConnection } from './lib/dashboardPage.mjs';
import { listRequestsSince, renderedRows, summary, urlFilters, waitForSummary } from './lib/listPage.mjs';
import { createMockApi } from './lib/mockApi.mjs';

const distDir = builtDashboardDir();

const shots = screenshotDir();
const adminToken = `sf_admin_${randomBytes(16).toString('hex')}`;
const api = createMockApi({ distDir, adminToken, stepMs: 150 });
// 240 stores of the admin (Ready, Failed, Installing, Degraded, Queued in turn), 12 of a tenant, 5 named alpha-*.
const CYCLE = ['Ready', 'Ready', 'Failed', 'Installing', 'Degraded', 'Queued'];
// Oldest first, so that ids follow creation times as in the real database.
api.seed(5, { prefix: 'alpha', statuses: ['Ready'], startMs: Date.parse('2025-01-01T00:00:00Z') });
api.seed(12, { prefix: 'team', statuses: ['Ready'], owner: 'tok_team', ownerName: 'team-a', startMs: Date.parse('2025-06-01T00:00:00Z') });
api.seed(240, { prefix: 'fleet', statuses: CYCLE });
const TOTAL = 257;
const FAILED = 240 / CYCLE.length; // every sixth: 40
const DEGRADED = 40;
await api.start();
const browser = await launchBrowser();
let failure = null;
const a11y = [];

try {
  const page = await browser.context.newPage();
  page.setDefaultTimeout(15_000);
  const problems = watchPage(page);

  // The counts arrive late: the tiles show skeletons meanwhile, never zeros.
  api.faults.metricsDelayMs = 1500;
  await page.goto(api.url + '/');
  await login(page, adminToken);
  await page.locator('[data-testid="metrics"][data-loading="true"]').waitFor();
  check((await page.getByTestId('tile-Failed').getByTestId('skeleton').count()) === 1, 'a skeleton in the Failed tile while loading');
  check((await page.getByTestId('tile-Failed').getByTestId('tile-count').count()) === 0, 'no number in the Failed tile while loading');
  await shot(page, shots, 'fleet-01-skeletons.png');
  await page.getByTestId('tile-Failed').getByTestId('tile-count').waitFor();
  api.faults.metricsDelayMs = 0;
  check((await page.getByTestId('tile-Failed').getByTestId('tile-count').textContent()) === String(FAILED), `Failed tile says ${FAILED}`);
  check((await page.getByTestId('tile-all').getByTestId('tile-count').textContent()) === String(TOTAL), `All tile says ${TOTAL}`);
  await waitForConnection(page, 'live');
  check((await page.title()) === `(${FAILED + DEGRADED} failing) Storefleet`, `tab title counts failing stores (${await page.title()})`);
  log('skeletons, then counts; title', await page.title());

  // Paging on the server: the first 100 of 257, newest first; "Load more" appends the next 100.
  await waitForSummary(page, 100, TOTAL);
  check((await summary(page)).text === `Showing 100 of ${TOTAL} stores`, 'summary line');
  check((await renderedRows(page))[0].name === 'fleet-00240', 'newest store first');
  const firstPageRequests = listRequestsSince(api, 0);
  check(firstPageRequests.every((p) => p.get('limit') === '100' && p.get('sort') === 'created' && p.get('order') === 'desc'), 'pages of 100, newest first');
  await page.getByRole('button', { name: /^Load more/ }).click();
  await waitForSummary(page, 200, TOTAL);
  check(listRequestsSince(api, 0).some((p) => p.has('cursor')), 'the next page was asked with the cursor');
  await checkA11y(page, 'store list');
  log('paging: 200 of', TOTAL);

  // A tile filters the list by status, on the server, and lands in the URL; clicked again it clears.
  let from = api.listRequests.length;
  await page.getByTestId('tile-Failed').click();
  await waitForSummary(page, FAILED, FAILED);
  check((await page.getByTestId('tile-Failed').getAttribute('aria-pressed')) === 'true', 'Failed tile pressed');
  check((await urlFilters(page)).status === 'Failed', 'status=Failed in the URL');
  check(listRequestsSince(api, from).some((p) => p.get('status') === 'Failed'), 'the API was asked for status=Failed');
  check((await renderedRows(page)).every((r) => r.status === 'Failed'), 'only Failed rows');
  await shot(page, shots, 'fleet-02-failed-tile.png');
  await page.getByTestId('tile-Failed').click();
  await waitForSummary(page, 100, TOTAL);
  check((await urlFilters(page)).status === undefined, 'the filter left the URL');
  log('tile filter on and off');

  // Search: typed quickly, asked once (debounced), substring of the name, in the URL.
  from = api.listRequests.length;
  await page.getByLabel('Search by name').pressSequentially('alpha', { delay: 40 });
  await waitForSummary(page, 5, 5);
  const searches = listRequestsSince(api, from).map((p) => p.get('q'));
  check(searches.length === 1 && searches[0] === 'alpha', `one request for the whole word (${searches})`);
  check((await renderedRows(page)).every((r) => r.name.startsWith('alpha-')), 'only alpha-* rows');
  check((await urlFilters(page)).q === 'alpha', 'q=alpha in the URL');
  log('debounced search');

  // Sort by the Name header: ascending, then descending; aria-sort follows.
  const nameHeader = page.getByRole('columnheader', { name: /Name/ });
  await nameHeader.getByRole('button').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="store-row"]')?.getAttribute('data-store') === 'alpha-00001');
  check((await nameHeader.getAttribute('aria-sort')) === 'ascending', 'aria-sort ascending');
  check((await renderedRows(page)).map((r) => r.name).join() === 'alpha-00001,alpha-00002,alpha-00003,alpha-00004,alpha-00005', 'A→Z');
  await nameHeader.getByRole('button').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="store-row"]')?.getAttribute('data-store') === 'alpha-00005');
  check((await nameHeader.getAttribute('aria-sort')) === 'descending', 'aria-sort descending');
  const f = await urlFilters(page);
  check(f.sort === 'name' && f.order === 'desc' && f.q === 'alpha', `sort in the URL (${JSON.stringify(f)})`);
  log('sorted by name both ways');

  // URL-synced filters: a shared link (reload) restores status, engine and sort, in the controls too.
  // Every third seeded store is Medusa: Ready ones are fleet i%6==0 (40), team 3,6,9,12 (4) and alpha-00003 (1).
  await page.goto(api.url + '/#/?status=ready&engine=medusa&sort=name&order=desc');
  await page.reload();
  await waitForSummary(page, 45, 45);
  const restored = await renderedRows(page);
  check(restored.every((r) => r.status === 'Ready' && r.engine === 'medusa'), 'Ready Medusa rows only');
  check((await page.getByLabel('Status filter').inputValue()) === 'Ready', 'status control restored');
  check((await page.getByLabel('Engine filter').inputValue()) === 'medusa', 'engine control restored');
  check((await page.getByTestId('tile-Ready').getAttribute('aria-pressed')) === 'true', 'Ready tile pressed');
  const names = restored.map((r) => r.name);
  check(JSON.stringify(names) === JSON.stringify([...names].sort().reverse()), 'Z→A by name');
  // Back from a store keeps them.
  await rowOf(page, restored[0].name).getByRole('link', { name: restored[0].name }).click();
  await page.getByTestId('store-detail').waitFor();
  await page.getByRole('link', { name: '← All stores' }).click();
  await waitForSummary(page, 45, 45);
  check((await urlFilters(page)).engine === 'medusa', 'filters kept after a store page');
  log('filters restored from the URL and after a store page');

  // Single retry (no dialog) and bulk actions with one confirmation each, on Failed stores.
  await page.goto(api.url + '/#/?status=Failed');
  await waitForSummary(page, FAILED, FAILED);
  const failedRows = (await renderedRows(page)).map((r) => r.name);
  await rowOf(page, failedRows[0]).getByRole('button', { name: `Retry ${failedRows[0]}` }).click();
  await page.getByTestId('bulk-result').getByText('Retried 1 store.').waitFor();
  check(api.retried.join() === failedRows[0], 'one retry, no dialog');
  const pick = failedRows.slice(1, 4);
  for (const n of pick) await rowOf(page, n).getByRole('checkbox').check();
  await page.getByTestId('bulk-bar').getByText('3 selected').waitFor();
  await page.getByTestId('bulk-bar').getByRole('button', { name: 'Retry 3' }).click();
  const retryDialog = page.getByRole('dialog', { name: 'Retry 3 stores?' });
  await retryDialog.waitFor();
  await retryDialog.getByRole('button', { name: 'Cancel' }).click();
  check(api.retried.length === 1, 'Cancel retried nothing');
  await page.getByTestId('bulk-bar').getByRole('button', { name: 'Retry 3' }).click();
  await retryDialog.getByRole('button', { name: 'Retry 3 stores' }).click();
  await page.getByTestId('bulk-result').getByText('Retried 3 stores.').waitFor();
  check(JSON.stringify([...api.retried.slice(1)].sort()) === JSON.stringify([...pick].sort()), `the three picked were retried (${api.retried})`);
  // Live: retried rows go Queued → … → Ready and stay in place (in this Failed list) until a refresh.
  await page.waitForFunction((n) => document.querySelector(`[data-testid="store-row"][data-store="${n}"]`)?.getAttribute('data-status') === 'Ready', pick[0], { timeout: 20_000 });
  check((await renderedRows(page)).map((r) => r.name).join() === failedRows.join(), 'rows kept their places during live updates');
  await page.getByRole('button', { name: 'Refresh' }).click();
  await waitForSummary(page, FAILED - 4, FAILED - 4);
  check(!(await renderedRows(page)).some((r) => pick.includes(r.name)), 'after Refresh, the recovered stores left the Failed list');
  log('retry one, retry three with a confirmation, rows kept in place');

  // Bulk delete: select all loaded Failed rows but keep two out, one confirmation, the deleted ones leave.
  const remaining = (await renderedRows(page)).map((r) => r.name);
  const doomed = remaining.slice(0, 2);
  for (const n of doomed) await rowOf(page, n).getByRole('checkbox').check();
  await page.getByTestId('bulk-bar').getByRole('button', { name: 'Delete 2' }).click();
  const delDialog = page.getByRole('dialog', { name: 'Delete 2 stores?' });
  await delDialog.getByText(doomed.join(', ')).waitFor();
  await checkA11y(page, 'bulk delete dialog');
  await delDialog.getByRole('button', { name: 'Delete 2 stores' }).click();
  await page.getByTestId('bulk-result').getByText('Deletion requested for 2 stores.').waitFor();
  check(api.deleted.join() === doomed.join(), `exactly the two were deleted (${api.deleted})`);
  await waitForSummary(page, FAILED - 6, FAILED - 6);
  check(!(await renderedRows(page)).some((r) => doomed.includes(r.name)), 'deleted rows left the list');
  // A single delete asks first.
  await rowOf(page, remaining[2]).getByRole('button', { name: `Delete ${remaining[2]}` }).click();
  await page.getByRole('dialog', { name: `Delete ${remaining[2]}?` }).getByRole('button', { name: 'Cancel' }).click();
  check(api.deleted.length === 2, 'Cancel deleted nothing');
  log('bulk delete with one confirmation');

  // Owner column and filter (admins): by the token's name.
  await page.goto(api.url + '/#/');
  await waitForSummary(page, 100, null);
  check((await renderedRows(page))[0].owner === 'admin', 'an admin-made store says admin');
  await page.getByLabel('Owner filter').fill('team-a');
  await waitForSummary(page, 12, 12);
  check((await renderedRows(page)).every((r) => r.name.startsWith('team-') && r.owner === 'team-a'), 'only team-a stores, owner shown by name');
  check((await urlFilters(page)).owner === 'team-a', 'owner in the URL');
  await shot(page, shots, 'fleet-03-owner.png');
  log('owner column and filter');

  // Audit log: search, action and actor filters, the actor's name, older entries through the cursor.
  api.seedAudit(130);
  await page.getByRole('link', { name: 'Audit log' }).click();
  const auditRows = () => page.evaluate(() => [...document.querySelectorAll('[data-testid="audit-table"] tbody tr')].map((r) => [...r.children].map((c) => c.textContent)));
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="audit-table"] tbody tr').length === 100);
  await page.getByTestId('audit-more').click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="audit-table"] tbody tr').length === 136); // 130 + 4 retries + 2 deletions
  check(!(await page.getByTestId('audit-more').count()), 'no older page after the last one');
  await page.getByLabel('Filter by action').selectOption('store.delete');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="audit-table"] tbody tr').length === 2);
  check((await auditRows()).every((r) => r[1] === 'store.delete' && r[3] === 'admin'), 'only deletions, by admin');
  await page.getByLabel('Filter by action').selectOption('');
  await page.getByLabel('Filter by actor').fill('ci-bot');
  await page.getByLabel('Search', { exact: true }).fill('old-0042');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="audit-table"] tbody tr').length === 1);
  const [one] = await auditRows();
  check(one[2] === 'old-0042' && one[3] === 'ci-bot', `the actor shown by its token name (${one})`);
  await checkA11y(page, 'audit log');
  log('audit log: paging, filters, actor names');

  // Unknown routes: a 404 page, not the list.
  await page.goto(api.url + '/#/no-such-page');
  await page.getByTestId('not-found').getByText('Page not found').waitFor();
  await page.goto(api.url + '/no/such/path');
  await page.getByTestId('not-found').waitFor();
  check((await page.getByTestId('store-list').count()) === 0, 'no list on a 404');
  log('404 page');

  check(a11y.length === 0, `no serious accessibility problems:\n${a11y.join('\n')}`);
  check(problems.length === 0, `no page errors: ${problems.join('; ')}`);
  log('fleet browser test passed');
} catch (e) {
  failure = e;
}
await endRun({ failure, browser, api, shots, name: 'fleet' });

async function checkA11y(page, screen) {
  for (const p of await accessibilityProblems(page)) a11y.push(`${screen}: ${p}`);
}
