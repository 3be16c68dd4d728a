// Starts the real Storefleet stack for the end-to-end test: kube-sim (simulated cluster), the provisioner
// (real helm against it) and the API serving the built dashboard. Everything binds 127.0.0.1, lives in one
// temp dir, and is stopped by stopAll() (also on SIGINT/SIGTERM); child pids go to $E2E_PIDFILE so the shell
// wrapper can reap them even if node itself is killed. The API's admin token is made up here, written to a
// 0600 file for --admin-token-file and kept in memory for the test: it is never on a command line.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, writeFileSync, mkdtempSync, openSync, readFileSync, rmSync, statSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { log } from './dashboardPage.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

async function waitFor(what, probe, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await probe().catch(() => false)) return;
    await sleep(100);
  }
  throw new Error(`${what} did not come up within ${timeoutMs} ms`);
}

const httpOk = (url) => fetch(url).then((r) => r.ok);
/** GET over HTTPS trusting only `ca` (PEM text); resolves to the status and headers. */
export function httpsGet(url, ca) {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(url, { ca, timeout: 5000 }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** `chart`: the store chart the provisioner installs (default charts/store; a test may pass a copy with more versions). */
export function createStack({ root, build, tls = false, chart = join(root, 'charts/store') }) {
  const dir = mkdtempSync(join(tmpdir(), 'storefleet-e2e-'));
  const children = new Map(); // name -> ChildProcess
  const stopping = new Set(); // names being stopped on purpose
  let onUnexpectedExit = null;
  const bins = {
    kubeSim: process.env.KUBE_SIM ?? join(build, 'tests/kube-sim/kube-sim'),
    provisioner: process.env.STOREFLEET_PROVISIONER ?? join(build, 'services/provisioner/storefleet-provisioner'),
    api: process.env.STOREFLEET_API ?? join(build, 'services/api/storefleet-api'),
  };
  const helm = [join(root, '.tools/bin/helm'), '/usr/local/bin/helm', '/usr/bin/helm'].find((p) => existsSync(p)) ?? 'helm';
  const env = {
    ...process.env,
    PATH: `${join(root, '.tools/bin')}:${process.env.PATH}`,
    KUBECACHEDIR: join(dir, 'kube-cache'),
    HELM_CACHE_HOME: join(dir, 'helm/cache'),
    HELM_CONFIG_HOME: join(dir, 'helm/config'),
    HELM_DATA_HOME: join(dir, 'helm/data'),
  };
  const paths = {
    db: join(dir, 'storefleet.db'),
    kubeconfig: join(dir, 'kubeconfig'),
    adminToken: join(dir, 'admin-token'),
    internalToken: join(dir, 'internal-token'),
  };
  const adminToken = `sf_e2e_admin_${randomBytes(24).toString('hex')}`;
  writeFileSync(paths.adminToken, `${adminToken}\n`, { mode: 0o600 });
  // API <-> provisioner: both services read it from this file (the provisioner requires it).
  writeFileSync(paths.internalToken, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600 });
  let apiPort = 0;
  let provisionerPort = 0;
  // With `tls`: a self-signed certificate for 127.0.0.1 made here by openssl, and the API serves HTTPS only.
  if (tls) {
    const made = spawnSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes',
      '-days', '2', '-subj', '/CN=storefleet-e2e', '-addext', 'subjectAltName=IP:127.0.0.1',
      '-keyout', join(dir, 'tls.key'), '-out', join(dir, 'tls.pem')], { encoding: 'utf8' });
    if (made.status !== 0) throw new Error(`openssl could not make a certificate: ${made.stderr}`);
  }
  const caPem = tls ? readFileSync(join(dir, 'tls.pem'), 'utf8') : '';

  // Only live pids are listed, so the wrapper never signals a pid that was reused by something else.
  function recordPids() {
    if (!process.env.E2E_PIDFILE) return;
    const live = [...children.values()].filter((c) => c.exitCode === null && c.signalCode === null);
    writeFileSync(process.env.E2E_PIDFILE, live.map((c) => `${c.pid}\n`).join(''));
  }

  function start(name, bin, args) {
    for (const [what, p] of Object.entries(bins)) if (p === bin && !existsSync(p)) throw new Error(`${what} binary missing: ${p}`);
    const out = openSync(join(dir, `${name}.log`), 'a');
    const child = spawn(bin, args, { env, stdio: ['ignore', out, out] });
    children.set(name, child);
    recordPids();
    child.on('exit', (code, signal) => {
      log(`${name} exited (${signal ?? code})`);
      if (!stopping.has(name)) onUnexpectedExit?.(name, signal ?? code);
      if (children.get(name) === child) children.delete(name);
      recordPids();
    });
    return child;
  }

  async function stop(name, signal = 'SIGTERM') {
    const child = children.get(name);
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    stopping.add(name);
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
    stopping.delete(name);
  }

  async function startApi() {
    start('api', bins.api, [
      '--listen', `127.0.0.1:${apiPort}`,
      '--db', paths.db,
      '--provisioner-url', `http://127.0.0.1:${provisionerPort}`,
      '--dashboard-dir', join(root, 'services/dashboard/dist'),
      '--admin-token-file', paths.adminToken,
      '--internal-token-file', paths.internalToken,
      ...(tls ? ['--tls-cert-file', join(dir, 'tls.pem'), '--tls-key-file', join(dir, 'tls.key')] : []),
    ]);
    const health = `${tls ? 'https' : 'http'}://127.0.0.1:${apiPort}/api/health`;
    await waitFor('the API', () => (tls ? httpsGet(health, caPem).then((r) => r.status === 200) : httpOk(health)));
  }

  return {
    dir,
    paths,
    /** The admin token (in memory only), for the login form and for `authHeaders()`. */
    adminToken,
    /** Headers for a direct API call as the admin (bearer token, so no cookie and no CSRF rule). */
    authHeaders(extra = {}) {
      return { Authorization: `Bearer ${adminToken}`, ...extra };
    },
    /** kubectl against kube-sim (argv holds no secret; a secret read comes back on stdout). */
    kubectl(args) {
      const r = spawnSync('kubectl', ['--kubeconfig', paths.kubeconfig, ...args], { env, encoding: 'utf8', timeout: 30_000 });
      if (r.status !== 0) throw new Error(`kubectl ${args.join(' ')} failed: ${r.stderr}`);
      return r.stdout;
    },
    /** `fn(name, codeOrSignal)` runs when a component dies without being asked to. */
    onUnexpectedExit(fn) {
      onUnexpectedExit = fn;
    },
    get url() {
      return `${tls ? 'https' : 'http'}://127.0.0.1:${apiPort}`;
    },
    /** The certificate the API serves (PEM; empty without `tls`): the only CA a TLS check should trust. */
    caPem,
    async startAll() {
      start('kube-sim', bins.kubeSim, [
        '--port', '0',
        '--kubeconfig-out', paths.kubeconfig,
        // slow enough for the dashboard to show each state, fast enough for a short test
        '--pod-start-delay', '1500ms',
        '--pod-ready-delay', '1500ms',
        '--job-duration', '1500ms',
      ]);
      await waitFor('kube-sim', async () => existsSync(paths.kubeconfig) && statSync(paths.kubeconfig).size > 0);
      provisionerPort = await freePort();
      start('provisioner', bins.provisioner, [
        '--listen', `127.0.0.1:${provisionerPort}`,
        '--db', paths.db,
        '--kubeconfig', paths.kubeconfig,
        '--chart', chart,
        '--helm', helm,
        '--values-env', 'local',
        '--internal-token-file', paths.internalToken,
      ]);
      await waitFor('the provisioner', () => httpOk(`http://127.0.0.1:${provisionerPort}/healthz`));
      apiPort = await freePort();
      await startApi();
      log(`stack up in ${dir} (API ${this.url})`);
    },
    /** Stops the API (SIGTERM: graceful shutdown) and starts it again on the same port after `downMs`. */
    async restartApi(downMs) {
      await stop('api');
      log('API stopped');
      await sleep(downMs);
      await startApi();
      log('API started again');
    },
    async stopAll({ keepDir = false } = {}) {
      for (const name of ['api', 'provisioner', 'kube-sim']) await stop(name).catch(() => undefined);
      if (!keepDir) rmSync(dir, { recursive: true, force: true });
    },
    logTail(name, lines = 40) {
      const f = join(dir, `${name}.log`);
      return existsSync(f) ? readFileSync(f, 'utf8').split('\n').slice(-lines).join('\n') : '(no log)';
    },
  };
}
