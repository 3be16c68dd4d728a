// Debian's Chromium driven by playwright-core, with a fresh profile per run and no outside network use.
import { existsSync, mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Launches Chromium with a throw-away --user-data-dir; `close()` removes it. */
/** `ignoreHTTPSErrors`: accept the test's self-signed certificate (the test checks it with Node against that CA). */
export async function launchBrowser({ viewport = { width: 1280, height: 900 }, ignoreHTTPSErrors = false } = {}) {
  const profile = mkdtempSync(join(tmpdir(), 'storefleet-chromium-'));
  let context;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
      headless: true,
      args: CHROMIUM_ARGS,
      viewport,
      ignoreHTTPSErrors,
      timeout: 60_000,
    });
  } catch (e) {
    rmSync(profile, { recursive: true, force: true });
    throw e;
  }
  return {
    context,
    async close() {
      await context.close().catch(() => undefined);
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** The built dashboard the mock API serves ($DASHBOARD_DIST, else services/dashboard/dist); exits 1 when missing. */
export function builtDashboardDir() {
  const here = dirname(fileURLToPath(import.meta.url));
  const dir = resolve(process.env.DASHBOARD_DIST ?? join(here, '../../../services/dashboard/dist'));
  if (!existsSync(join(dir, 'index.html'))) {
    console.error(`no built dashboard at ${dir} (run npm run build in services/dashboard)`);
    process.exit(1);
  }
  return dir;
}

/** Where screenshots go: $STOREFLEET_BUILD/screenshots (or ./screenshots when run by hand). */
export function screenshotDir() {
  const dir = process.env.STOREFLEET_BUILD ? join(process.env.STOREFLEET_BUILD, 'screenshots') : join(process.cwd(), 'screenshots');
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** Collects page errors and failed same-origin requests so a test can assert the page stayed healthy. */
export function watchPage(page) {
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && !/Failed to load resource|ERR_CONNECTION_REFUSED|EventSource/i.test(m.text())) {
      problems.push(`console error: ${m.text()}`);
    }
  });
  return problems;
}
