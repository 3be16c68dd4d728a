// The dashboard over HTTPS in Chromium, against the real stack with the API serving TLS (a self-signed
// certificate made by openssl for this run): the certificate verifies against itself as CA (Node) and plain
// HTTP is not answered; the page loads over https with HSTS; the login form sets a Secure, HttpOnly session
// cookie; the live stream connects and a store created from the form reaches Ready without a reload.
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchBrowser, screenshotDir, watchPage } from './lib/browser.mjs';
import { check, createStore, log, login, shot, waitForConnection, waitForStatus } from './lib/dashboardPage.mjs';
import { createStack, httpsGet } from './lib/stack.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(process.env.STOREFLEET_ROOT ?? join(here, '../..'));
const build = resolve(process.env.STOREFLEET_BUILD ?? join(root, 'build'));

const shots = screenshotDir();
const stack = createStack({ root, build, tls: true });
let browser = null;
let failed = false;
try {
  await stack.startAll();
  check(stack.url.startsWith('https://'), `the API is on https (${stack.url})`);
  const health = await httpsGet(`${stack.url}/api/health`, stack.caPem);
  check(health.status === 200 && /max-age=\d+/.test(health.headers['strict-transport-security'] ?? ''), 'HSTS on https');
  const plain = await fetch(stack.url.replace('https:', 'http:') + '/api/health').then(() => 'answered', () => 'refused');
  check(plain === 'refused', 'plain HTTP on the HTTPS port is not answered');

  browser = await launchBrowser({ ignoreHTTPSErrors: true });
  const page = await browser.context.newPage();
  page.setDefaultTimeout(20_000);
  const problems = watchPage(page);
  const response = await page.goto(stack.url + '/');
  check(response?.url().startsWith('https://'), 'the dashboard loads over https');
  await login(page, stack.adminToken);
  await waitForConnection(page, 'live');
  const cookie = (await browser.context.cookies(stack.url)).find((c) => c.name === 'sf_session');
  check(cookie?.secure === true && cookie?.httpOnly === true, `the session cookie is Secure and HttpOnly (${JSON.stringify(cookie)})`);

  await createStore(page, 'tls-shop');
  await waitForStatus(page, 'tls-shop', 'Ready', 120_000);
  await shot(page, shots, 'https-01-ready.png');
  check(problems.length === 0, `no page errors: ${problems.join('; ')}`);
  log('dashboard over HTTPS: login, live stream and a store to Ready');
} catch (e) {
  failed = true;
  console.error(e);
  for (const p of browser?.context.pages() ?? []) await shot(p, shots, 'https-failure.png').catch(() => undefined);
  for (const name of ['api', 'provisioner', 'kube-sim']) console.error(`--- ${name}.log (tail)\n${stack.logTail(name)}`);
} finally {
  await browser?.close();
  await stack.stopAll();
}
process.exit(failed ? 1 : 0);
