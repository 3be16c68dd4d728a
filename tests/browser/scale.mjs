// 10,000 stores in real Chromium against the mocked API: every page loaded by scrolling (the list asks for the next
// page near its end), then frame times measured while scrolling through all of them, the DOM kept small (only
// rows near the viewport exist), a live status change applied in place, and a store created elsewhere inserted
// at the top without moving what the user is looking at. Figures are printed; the bounds are generous on purpose
// (a loaded CI machine must not fail it), they only catch a list that renders every row or janks for seconds.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { builtDashboardDir, launchBrowser, screenshotDir, watchPage } from './lib/browser.mjs';
import { check, log, login, rowOf, waitForConnection } from './lib/dashboardPage.mjs';
import { summary, waitForSummary } from './lib/listPage.mjs';
import { createMockApi } from './lib/mockApi.mjs';

const distDir = builtDashboardDir();

const ROWS = 10_000;
const shots = screenshotDir();
const adminToken = `sf_admin_${randomBytes(16).toString('hex')}`;
const api = createMockApi({ distDir, adminToken, stepMs: 200 });
api.seed(ROWS, { prefix: 'scale', statuses: ['Ready', 'Ready', 'Ready', 'Installing', 'Failed', 'Degraded'] });
await api.start();
const browser = await launchBrowser();
let failed = false;

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const rowCount = (page) => page.locator('[data-testid="store-row"]').count();

try {
  const page = await browser.context.newPage();
  page.setDefaultTimeout(30_000);
  const problems = watchPage(page);
  await page.goto(api.url + '/');
  await login(page, adminToken);
  await waitForConnection(page, 'live');
  await waitForSummary(page, 100, ROWS);

  // Load every page by scrolling to the end of the list again and again.
  const loadStart = Date.now();
  for (let shown = 100; shown < ROWS; ) {
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    await page.waitForFunction((n) => Number(document.querySelector('[data-testid="list-summary"]')?.getAttribute('data-shown')) > n, shown);
    shown = (await summary(page)).shown;
  }
  const loadMs = Date.now() - loadStart;
  const pages = api.listRequests.filter((s) => s.includes('cursor=')).length;
  log(`loaded ${ROWS} rows in ${pages + 1} pages by scrolling: ${loadMs} ms`);
  check((await summary(page)).text === `Showing ${ROWS} of ${ROWS} stores`, 'all rows loaded');
  check(!(await page.getByRole('button', { name: /^Load more/ }).count()), 'no further page offered');
  const domRows = await rowCount(page);
  log(`rows in the DOM with ${ROWS} loaded: ${domRows}`);
  check(domRows > 0 && domRows < 150, `only the rows near the viewport are in the DOM (${domRows})`);

  // Scroll through everything, one step per frame, recording each frame's duration.
  await page.evaluate(() => window.scrollTo(0, 0));
  const frames = await page.evaluate(
    () =>
      new Promise((done) => {
        const times = [];
        const end = document.documentElement.scrollHeight - window.innerHeight;
        const stepPx = Math.ceil(end / 600); // 600 frames from top to bottom
        let last = performance.now();
        const tick = (now) => {
          times.push(now - last);
          last = now;
          if (window.scrollY >= end - 1) return done({ times, stepPx, end });
          window.scrollBy(0, stepPx);
          requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
      }),
  );
  const t = frames.times.slice(1).sort((a, b) => a - b);
  const stats = { frames: t.length, stepPx: frames.stepPx, p50: percentile(t, 50), p95: percentile(t, 95), p99: percentile(t, 99), max: t[t.length - 1], over50ms: t.filter((x) => x > 50).length };
  log('scroll frame times (ms):', Object.fromEntries(Object.entries(stats).map(([k, v]) => [k, Math.round(v * 10) / 10])));
  check(stats.p95 < 200 && stats.max < 2000, `scrolling stays smooth enough (p95 ${stats.p95.toFixed(1)} ms, max ${stats.max.toFixed(1)} ms)`);
  const bottomRow = await page.evaluate(() => [...document.querySelectorAll('[data-testid="store-row"]')].at(-1)?.getAttribute('data-store'));
  check(bottomRow === 'scale-00001', `the oldest store is reached at the bottom (${bottomRow})`);
  check((await rowCount(page)) < 150, 'still few rows in the DOM at the bottom');
  await page.screenshot({ path: join(shots, 'scale-01-bottom.png') }); // the viewport: the page is ~440,000 px tall

  // Halfway down: a live status change shows in place; a store created elsewhere goes to the top (newest first)
  // without moving the rows on screen.
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight / 2));
  await page.waitForTimeout(200);
  const anchor = await page.evaluate(() => {
    const rows = [...document.querySelectorAll('[data-testid="store-row"]')];
    const r = rows.find((el) => el.getBoundingClientRect().top >= 80);
    return { name: r.getAttribute('data-store'), top: r.getBoundingClientRect().top, scrollY: window.scrollY };
  });
  const liveStart = Date.now();
  api.emit('store.status', anchor.name, 'Degraded', 'pod web-0: CrashLoopBackOff');
  await page.waitForFunction((n) => document.querySelector(`[data-testid="store-row"][data-store="${n}"]`)?.getAttribute('data-status') === 'Degraded', anchor.name);
  log(`live status change on screen after ${Date.now() - liveStart} ms (event → DOM, ${ROWS} rows loaded)`);
  check((await api.createDirectly('scale-brand-new')) === 202, 'store created by another client');
  await waitForSummary(page, ROWS + 1, ROWS + 1);
  await page.waitForTimeout(100);
  const after = await page.evaluate((n) => {
    const r = document.querySelector(`[data-testid="store-row"][data-store="${n}"]`);
    return { top: r?.getBoundingClientRect().top ?? null, scrollY: window.scrollY };
  }, anchor.name);
  log('anchor row', anchor.name, 'top before', Math.round(anchor.top), 'after', after.top === null ? 'gone' : Math.round(after.top), 'scrollY', Math.round(anchor.scrollY), '→', Math.round(after.scrollY));
  check(after.top !== null && Math.abs(after.top - anchor.top) <= 2, 'the rows on screen did not move when a store was added above them');
  await page.evaluate(() => window.scrollTo(0, 0));
  await rowOf(page, 'scale-brand-new').waitFor();
  const first = await page.evaluate(() => document.querySelector('[data-testid="store-row"]')?.getAttribute('data-store'));
  check(first === 'scale-brand-new', `the new store is first (${first})`);

  check(problems.length === 0, `no page errors: ${problems.join('; ')}`);
  log('scale browser test passed');
} catch (e) {
  failed = true;
  console.error(e);
  for (const p of browser.context.pages()) await p.screenshot({ path: join(shots, 'scale-failure.png') }).catch(() => undefined);
} finally {
  await browser.close();
  await api.stop().catch(() => undefined);
}
process.exit(failed ? 1 : 0);
