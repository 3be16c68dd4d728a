// The dashboard's login and secrets handling in real Chromium against the mocked API (lib/mockApi.mjs +
// lib/mockAuth.mjs, the contract's "Security (issue 10)"): login screen (password field, 401, 429 with
// Retry-After), HttpOnly session kept over a reload, store credentials masked/revealed/copied/forgotten,
// 503 from the credentials route, admin token panel (secret shown once), a tenant's store limit (403) and a
// 429 on the create form, a later 401 from a fetch and from the event stream sending the page back to login.
import { randomBytes } from 'node:crypto';
import { accessibilityProblems } from './lib/accessibility.mjs';
import { builtDashboardDir, launchBrowser, screenshotDir, watchPage } from './lib/browser.mjs';
import { check, createStore, endRun, log, login, logout, rowOf, shot, waitForConnection, waitForStatus } from './lib/dashboardPage.mjs';
import { createMockApi } from './lib/mockApi.mjs';

const distDir = builtDashboardDir();

const shots = screenshotDir();
const adminToken = `sf_admin_${randomBytes(16).toString('hex')}`;
const api = createMockApi({ distDir, adminToken, stepMs: 120 });
await api.start();
const browser = await launchBrowser();
let failure = null;
const a11y = [];
const checkA11y = async (page, screen) => {
  for (const p of await accessibilityProblems(page)) a11y.push(`${screen}: ${p}`);
};
/** GET from inside the page, as the dashboard's own fetches are made (same origin, cookie). */
const statusFromPage = (page, path) => page.evaluate((p) => fetch(p, { credentials: 'same-origin' }).then((r) => r.status), path);

try {
  await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: api.url });
  const page = await browser.context.newPage();
  page.setDefaultTimeout(15_000);
  const problems = watchPage(page);
  const consoleText = [];
  page.on('console', (m) => consoleText.push(m.text()));

  // Login screen: a password field that browsers do not remember, and an accessible page.
  await page.goto(api.url + '/');
  await page.getByTestId('login-screen').waitFor();
  const field = page.getByLabel('Access token');
  check((await field.getAttribute('type')) === 'password', 'token field is type=password');
  check((await field.getAttribute('autocomplete')) === 'off', 'token field has autocomplete=off');
  check((await statusFromPage(page, '/api/stores')) === 401, 'the API refuses the list before login');
  await checkA11y(page, 'login screen');

  // A wrong token: a clear 401 message, the field emptied. The next attempt meets the failed-login limit: 429.
  await field.pressSequentially('not-a-real-token');
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByTestId('login-error').getByText('That token was not accepted. Check it and try again.').waitFor();
  check((await field.inputValue()) === '', 'the refused token was cleared from the field');
  await checkA11y(page, 'login screen with an error');
  await field.pressSequentially('still-not-a-token');
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByTestId('login-error').getByText('Too many login attempts. Try again in 2 seconds.').waitFor();
  check(await page.getByRole('button', { name: 'Log in' }).isDisabled(), 'login disabled during Retry-After');
  await shot(page, shots, 'security-01-login-429.png');
  await page.getByRole('button', { name: 'Log in' }).and(page.locator(':enabled')).waitFor({ timeout: 5000 });
  log('login screen: 401 and 429 shown');

  // Log in as admin: who is logged in is shown; the session cookie is out of the page's reach (HttpOnly).
  await login(page, adminToken);
  check((await page.getByTestId('user-name').textContent()) === 'admin', 'user name shown');
  check((await page.getByTestId('user-role').textContent()) === 'admin', 'role shown');
  check(!(await page.evaluate(() => document.cookie)).includes('sf_session'), 'session cookie is HttpOnly');
  await waitForConnection(page, 'live');

  // Store credentials: masked until revealed, copied, forgotten on close.
  await createStore(page, 'cred-shop');
  await waitForStatus(page, 'cred-shop', 'Ready');
  const password = api.credentialsOf('cred-shop').password;
  await rowOf(page, 'cred-shop').getByRole('link', { name: 'cred-shop' }).click();
  await page.getByRole('button', { name: 'Show admin login' }).click();
  const shown = page.getByTestId('credential-password');
  await shown.waitFor();
  check((await shown.getAttribute('data-masked')) === 'true' && !(await shown.textContent()).includes(password), 'password masked at first');
  check((await page.getByTestId('credential-username').textContent()) === 'admin', 'username shown');
  check((await page.getByTestId('credential-admin-url').getAttribute('href')) === 'http://cred-shop.local/wp-admin', 'admin URL shown');
  await page.getByRole('button', { name: 'Reveal password' }).click();
  check((await shown.textContent()) === password, 'revealed password equals the store secret');
  await page.getByRole('button', { name: 'Copy password' }).click();
  await page.getByText('Copied.').waitFor();
  check((await page.evaluate(() => navigator.clipboard.readText())) === password, 'clipboard holds the password');
  await checkA11y(page, 'credentials panel');
  await shot(page, shots, 'security-02-credentials.png');
  await page.getByRole('button', { name: 'Close admin login' }).click();
  await page.getByTestId('credentials').waitFor({ state: 'detached' });
  check(!(await page.content()).includes(password), 'the password left the page when the panel closed');

  // The provisioner unreachable: 503 explained, and "Try again" works once it is back.
  api.faults.credentialsDown = true;
  await page.getByRole('button', { name: 'Show admin login' }).click();
  await page.getByTestId('credentials-error').getByText(/provisioner cannot be reached/).waitFor();
  api.faults.credentialsDown = false;
  await page.getByTestId('credentials-error').getByRole('button', { name: 'Try again' }).click();
  await page.getByTestId('credential-username').waitFor();
  await page.getByRole('button', { name: 'Close admin login' }).click();
  log('credentials panel: masked, revealed, copied, closed; 503 explained');

  // Access tokens (admin): a tenant token with a store limit of 1, its secret shown once.
  await page.getByRole('link', { name: 'Access tokens' }).click();
  await page.getByLabel('Name', { exact: true }).fill('team-a');
  await page.getByLabel('Store limit').fill('1');
  await page.getByRole('button', { name: 'Create token' }).click();
  const issued = page.getByTestId('token-issued');
  await issued.getByText('Copy it now: it will not be shown again.').waitFor();
  const tenantToken = await page.getByTestId('token-secret').textContent();
  check(/^sf_[0-9a-f]{48}$/.test(tenantToken ?? ''), 'the new secret is shown');
  await checkA11y(page, 'new token');
  await shot(page, shots, 'security-03-token-issued.png');
  await issued.getByRole('button', { name: 'Done' }).click();
  check(!(await page.content()).includes(tenantToken), 'the secret is gone after Done');
  const tokenRow = page.locator('[data-testid="token-row"]').filter({ hasText: 'team-a' });
  await tokenRow.getByText('1 store').waitFor();
  await checkA11y(page, 'token list');

  // Revoke through the list (with confirmation): the row says so and offers no second revoke.
  await page.getByLabel('Name', { exact: true }).fill('old-bot');
  await page.getByLabel('Store limit').fill('0');
  await page.getByRole('button', { name: 'Create token' }).click();
  await issued.getByRole('button', { name: 'Done' }).click();
  const oldRow = page.locator('[data-testid="token-row"]').filter({ hasText: 'old-bot' });
  await oldRow.getByText('no limit').waitFor();
  await oldRow.getByRole('button', { name: 'Revoke old-bot' }).click();
  await page.getByRole('dialog', { name: 'Revoke old-bot?' }).getByRole('button', { name: 'Revoke token' }).click();
  await page.locator('[data-testid="token-row"][data-revoked="true"]').filter({ hasText: 'old-bot' }).waitFor();
  check((await oldRow.getByRole('button').count()) === 0, 'a revoked token has no revoke button');

  // A reload keeps the session (the cookie); the list comes back without the secret.
  await page.reload();
  await page.getByTestId('user-menu').waitFor();
  await tokenRow.getByText('Active').waitFor();
  check(!(await page.content()).includes(tenantToken), 'the secret is never listed');
  log('token issued once; session kept over a reload');

  // Log out: back to the login screen, and the API refuses the list again.
  await logout(page);
  await page.getByTestId('login-notice').getByText('You are logged out.').waitFor();
  check((await statusFromPage(page, '/api/stores')) === 401, 'the list is 401 after logout');

  // The tenant: no token panel, only its own stores, a clear 403 at its limit and a 429 with its wait.
  await login(page, tenantToken);
  check((await page.getByTestId('user-role').textContent()) === 'tenant', 'tenant role shown');
  await page.getByTestId('user-menu').getByText(', limit 1 store').waitFor();
  check((await page.getByRole('link', { name: 'Access tokens' }).count()) === 0, 'no token panel for a tenant');
  await page.getByText('No stores yet').waitFor();
  await createStore(page, 'tenant-one');
  await page.getByText('Request for tenant-one accepted.', { exact: true }).waitFor();
  await createStore(page, 'tenant-two');
  await page.getByTestId('form-error').getByText('Store limit of 1 reached. If you need more stores, ask an admin to raise your limit.').waitFor();
  await shot(page, shots, 'security-04-store-limit.png');
  api.faults.createRetryAfter = 7;
  await page.getByRole('button', { name: 'Create store' }).click();
  await page.getByTestId('form-error').getByText('Too many requests. Try again in 7 seconds.').waitFor();
  log('tenant: limit 403 and 429 shown on the form');

  // The token is revoked elsewhere: the event stream's reconnect is refused (401), the page re-checks its
  // session and shows the login screen with the reason.
  const listed = await fetch(`${api.url}/api/tokens`, { headers: { Authorization: `Bearer ${adminToken}` } });
  const tokenId = (await listed.json()).tokens.find((t) => t.name === 'team-a').id;
  const revoked = await fetch(`${api.url}/api/tokens/${tokenId}`, { method: 'DELETE', headers: { Authorization: `Bearer ${adminToken}` } });
  check(revoked.status === 200, 'token revoked');
  api.dropStreams();
  await page.getByTestId('login-notice').getByText(/Your session has ended/).waitFor();
  await shot(page, shots, 'security-05-session-ended.png');
  log('revoked token: the event stream sent the page back to login');

  // A page coming back into view re-checks its session (here the cookie is gone, as after a logout elsewhere).
  await login(page, adminToken);
  await waitForConnection(page, 'live');
  await browser.context.clearCookies();
  await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
  await page.getByTestId('login-notice').getByText(/Your session has ended/).waitFor();
  log('a page made visible again noticed its session had ended');

  // A later 401 from a plain fetch does the same (the cookie is gone; the audit page asks the API).
  await login(page, adminToken);
  await browser.context.clearCookies();
  await page.getByRole('link', { name: 'Audit log' }).click();
  await page.getByTestId('login-notice').getByText(/Your session has ended/).waitFor();
  log('a 401 from a fetch sent the page back to login');

  check(api.authStats.csrfRefused === 0, 'every cookie-authenticated POST/DELETE carried the right Origin');
  check(!consoleText.some((t) => t.includes(password) || t.includes(tenantToken) || t.includes(adminToken)), 'no secret in the console');
  check(a11y.length === 0, `no serious accessibility problems:\n${a11y.join('\n')}`);
  check(problems.length === 0, `no page errors: ${problems.join('; ')}`);
  log('browser security test passed');
} catch (e) {
  failure = e;
}
await endRun({ failure, browser, api, shots, name: 'security' });
