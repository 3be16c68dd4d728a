// Helpers that drive the dashboard the way a person does: by labels, roles and visible text.
import { join } from 'node:path';

export const rowOf = (page, name) => page.locator(`[data-testid="store-row"][data-store="${name}"]`);

export function check(condition, message) {
  if (!condition) throw new Error(`check failed: ${message}`);
}

export function log(...args) {
  console.log(`[${new Date().toISOString().slice(11, 23)}]`, ...args);
}

/** Records every status a store's row shows (a MutationObserver in the page), to prove it moved live. */
export async function recordStatuses(page, name) {
  await page.evaluate((storeName) => {
    const w = window;
    w.__statuses = w.__statuses ?? {};
    const seen = (w.__statuses[storeName] = []);
    const note = () => {
      const row = document.querySelector(`[data-testid="store-row"][data-store="${storeName}"]`);
      const st = row?.getAttribute('data-status') ?? '(gone)';
      if (seen[seen.length - 1] !== st) seen.push(st);
    };
    note();
    new MutationObserver(note).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-status'] });
  }, name);
  return () => page.evaluate((storeName) => window.__statuses[storeName], name);
}

export async function createStore(page, name, engine = 'woocommerce') {
  await page.getByLabel('Store name').fill(name);
  await page.getByLabel('Engine', { exact: true }).selectOption(engine);
  await page.getByRole('button', { name: 'Create store' }).click();
}

export async function waitForStatus(page, name, status, timeout = 30_000) {
  await rowOf(page, name).and(page.locator(`[data-status="${status}"]`)).waitFor({ timeout });
}

export async function waitForConnection(page, state, timeout = 30_000) {
  await page.locator(`[data-testid="connection"][data-state="${state}"]`).waitFor({ timeout });
}

export async function shot(page, dir, file) {
  const path = join(dir, file);
  await page.screenshot({ path, fullPage: true });
  log('screenshot', path);
}

/** Opens a store's detail page, deletes it through the confirmation dialog, and checks it leaves the list. */
export async function deleteStore(page, name, timeout = 30_000) {
  await page.goto(page.url().replace(/#.*$/, '') + `#/stores/${name}`);
  await page.getByRole('button', { name: 'Delete…' }).click();
  const dialog = page.getByRole('dialog', { name: `Delete ${name}?` });
  await dialog.waitFor();
  await dialog.getByRole('button', { name: 'Delete store' }).click();
  await page.getByRole('heading', { name: 'Stores' }).waitFor();
  await rowOf(page, name).waitFor({ state: 'detached', timeout });
}

/** Logs in through the login form, typing the token into the password field (never a URL or argv). */
export async function login(page, token) {
  await page.getByTestId('login-screen').waitFor();
  const field = page.getByLabel('Access token');
  await field.fill('');
  await field.pressSequentially(token);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByTestId('user-menu').waitFor();
}

/** Logs out with the header button and waits for the login screen. */
export async function logout(page) {
  await page.getByRole('button', { name: 'Log out' }).click();
  await page.getByTestId('login-screen').waitFor();
}

/**
 * The end of a browser test run: on failure the error and a screenshot of every open page (`<name>-failure.png`);
 * then the browser and the mock API stop and the process exits 0 or 1.
 */
export async function endRun({ failure, browser, api, shots, name }) {
  try {
    if (failure) {
      console.error(failure);
      for (const p of browser.context.pages()) await shot(p, shots, `${name}-failure.png`).catch(() => undefined);
    }
  } finally {
    await browser.close();
    await api.stop().catch(() => undefined);
  }
  process.exit(failure ? 1 : 0);
}
