// An in-memory stand-in for storefleet-api (REST + SSE as in proto-docs/events.md), used to check the
// dashboard in Chromium before/without the real stack. Stores move through the real status and step
// sequence on timers; the event log survives a simulated API restart, as the SQLite log would. Every /api
// route but the session's needs a credential (lib/mockAuth.mjs); a tenant sees only the stores it created.
import { createServer } from 'node:http';
import { createMockAuth, isAuthRoute } from './mockAuth.mjs';
import { BadParam, STATUSES, listAudit, listStores } from './mockListing.mjs';
import { serveStatic } from './staticFiles.mjs';

const NAME_RE = /^[a-z][a-z0-9-]{1,38}[a-z0-9]$/;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** `postDelayMs` holds the POST answer back so a test can see the form disabled while submitting. */
export function createMockApi({ distDir, adminToken, stepMs = 300, postDelayMs = 0 }) {
  const auth = createMockAuth({ adminToken });
  const stores = new Map();
  const owners = new Map(); // store name -> token id (kept after deletion, for the event stream)
  let nextStoreId = 1;
  /** Test switches: the credentials route answers 503; the next store creation answers 429. */
  const faults = { credentialsDown: false, createRetryAfter: 0, metricsDelayMs: 0 };
  /** What the dashboards asked for, for the tests: list queries (the URL's search part), retries, deletions. */
  const listRequests = [];
  const retried = [];
  const deleted = [];
  const newRow = (name, engine, t) => ({ id: nextStoreId++, store_name: name, engine, namespace: `store-${name}`, status: 'Queued', status_reason: null, url: `http://${name}.local`, owner: '', owner_name: '', created_at: t, updated_at: t, ready_at: null, observed: null });
  const events = [];
  const audit = [];
  const clients = new Map(); // SSE response -> the token it was opened with
  const sockets = new Set();
  const activity = { created: 0, deleted: 0, failed: 0 };
  /** Last-Event-ID headers the dashboards sent when (re)connecting, for the test to assert on. */
  const lastEventIdsSeen = [];
  let server = null;
  let port = 0;
  let failStreams = 0;

  const now = () => new Date().toISOString();

  function emit(type, store, status = '', reason = '', data = {}) {
    const ev = { id: events.length + 1, type, store, status, reason, at: now(), data };
    events.push(ev);
    const row = stores.get(store);
    if (row && type === 'store.status') {
      row.status = status;
      row.status_reason = reason || null;
      row.updated_at = ev.at;
      if (status === 'Ready') row.ready_at = ev.at;
      if (status === 'Failed') activity.failed++;
      if (status === 'Deleted') stores.delete(store);
    }
    if (row && type === 'store.observed') row.observed = data;
    if (row && type === 'store.status' && (status === 'Deleting' || status === 'Deleted')) row.observed = null;
    for (const [res, actor] of clients) if (visible(store, actor)) writeEvent(res, ev);
  }

  const visible = (name, actor) => actor.role === 'admin' || owners.get(name) === actor.id;
  const credentialsOf = (name) => ({ storeName: name, engine: stores.get(name).engine, url: `http://${name}.local`, adminUrl: `http://${name}.local/wp-admin`, username: 'admin', password: `pw-${name}-Zq7`, email: `admin@${name}.local` });

  function writeEvent(res, ev) {
    res.write(`id: ${ev.id}\nevent: ${ev.type}\ndata: ${JSON.stringify(ev)}\n\n`);
  }

  /** The API's warnings: every pod with a reason, and a failed setup Job (services/api store_json.cpp). */
  function warningsOf(row) {
    const o = row.observed;
    const pods = (o?.pods ?? []).filter((p) => p.reason).map((p) => ({ kind: 'Pod', name: p.name, reason: p.reason, message: p.message ?? '' }));
    return o?.setupJob?.state === 'failed' ? [...pods, { kind: 'Job', name: o.setupJob.name, reason: 'JobFailed', message: '' }] : pods;
  }
  const publicRow = ({ observed: _o, ...row }) => ({ ...row, warnings: warningsOf({ observed: _o }) });

  function script(name, steps) {
    steps.forEach((fn, i) => setTimeout(() => stores.has(name) && fn(), (i + 1) * stepMs));
  }

  /** The provisioner's sequence; stores named fail* fail at the pods step (a retry then succeeds). */
  function provision(name, fail) {
    const podName = `${name}-web-0`;
    const s = (step, state, detail = '') => () => emit('store.step', name, '', '', { step, state, detail });
    script(name, [
      () => emit('store.status', name, 'Provisioning'),
      s('namespace', 'started'),
      s('namespace', 'done', `store-${name}`),
      s('secret', 'done'),
      () => emit('store.status', name, 'Installing', 'helm install started'),
      s('helm', 'started'),
      s('helm', 'done', 'release deployed'),
      s('pods', 'started'),
      () =>
        emit('store.observed', name, '', '', {
          pods: [{ name: podName, phase: fail ? 'Pending' : 'Running', ready: false, reason: fail ? 'ImagePullBackOff' : '' }],
          setupJob: null,
        }),
      ...(fail
        ? [s('pods', 'failed', 'ImagePullBackOff'), () => emit('store.status', name, 'Failed', `pod ${podName}: ImagePullBackOff`)]
        : [
            () => emit('store.observed', name, '', '', { pods: [{ name: podName, phase: 'Running', ready: true, reason: '' }], setupJob: { name: `${name}-setup`, state: 'running' } }),
            s('pods', 'done'),
            s('setup', 'started'),
            () => emit('store.observed', name, '', '', { pods: [{ name: podName, phase: 'Running', ready: true, reason: '' }], setupJob: { name: `${name}-setup`, state: 'succeeded' } }),
            s('setup', 'done'),
            () => emit('store.status', name, 'Ready', 'all pods ready, setup done'),
          ]),
    ]);
  }

  const send = (res, status, body, headers = {}) => {
    res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };
  const error = (res, status, code, message, details = [], headers = {}) => send(res, status, { error: { code, message, details } }, headers);
  const record = (actor, action, store, outcome, detail = '') =>
    // the real API's audit row shape (the seed's field names)
    audit.unshift({ id: audit.length + 1, timestamp: now(), action, store_name: store, actor: actor?.id ?? 'anonymous', actor_name: actor?.name ?? 'anonymous', client_ip: '127.0.0.1', outcome, details: detail });

  async function readJson(req) {
    let body = '';
    for await (const chunk of req) body += chunk;
    return JSON.parse(body);
  }

  async function handle(req, res) {
    const url = new URL(req.url, 'http://x');
    const path = url.pathname;
    const m = /^\/api\/stores\/([^/]+)(\/status|\/events|\/retry|\/credentials)?$/.exec(path);
    if (isAuthRoute(path)) return auth.handle(req, res, path, { send, error, readJson });
    let me = null; // the token this request was made with
    if (path.startsWith('/api/')) {
      const who = auth.authenticate(req);
      if (!who.token) return error(res, 401, 'unauthorized', 'a token or session is required', [], { 'WWW-Authenticate': 'Bearer' });
      if (!auth.csrfOk(req, who.viaCookie)) return error(res, 403, 'forbidden', 'cross-origin request refused');
      me = who.token;
    }
    if (path === '/api/events') {
      lastEventIdsSeen.push(req.headers['last-event-id'] ?? null);
      if (failStreams > 0) {
        failStreams--;
        return error(res, 503, 'unavailable', 'Event stream unavailable (mock)');
      }
      res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'keep-alive' });
      res.write('retry: 500\n\n');
      const after = Number(req.headers['last-event-id'] ?? Number.POSITIVE_INFINITY);
      if (Number.isFinite(after)) for (const ev of events.filter((e) => e.id > after && visible(e.store, me))) writeEvent(res, ev);
      clients.set(res, me);
      req.on('close', () => clients.delete(res));
      return;
    }
    if (path === '/api/stores' && req.method === 'GET') {
      listRequests.push(url.search);
      const mine = [...stores.values()].filter((r) => visible(r.store_name, me)).map(publicRow);
      try {
        return send(res, 200, listStores(mine, url.searchParams));
      } catch (e) {
        if (e instanceof BadParam) return error(res, 400, 'bad_request', e.message, e.details);
        throw e;
      }
    }
    if (path === '/api/stores' && req.method === 'POST') {
      let body;
      try {
        body = await readJson(req);
      } catch {
        return error(res, 400, 'bad_json', 'Body is not valid JSON');
      }
      const details = [];
      if (typeof body.storeName !== 'string' || !NAME_RE.test(body.storeName)) details.push({ field: 'storeName', message: 'must be a DNS-1123 label' });
      else if (body.storeName === 'policy-refused') details.push({ field: 'storeName', message: 'is refused by the platform policy (mock)' });
      if (!['woocommerce', 'medusa'].includes(body.engine)) details.push({ field: 'engine', message: 'must be woocommerce or medusa' });
      if (details.length) {
        record(me, 'store.create', body.storeName ?? null, 'rejected', details.map((d) => d.message).join('; '));
        return error(res, 422, 'validation_failed', 'The store request is invalid', details);
      }
      const name = body.storeName;
      if (faults.createRetryAfter > 0) {
        const wait = faults.createRetryAfter;
        faults.createRetryAfter = 0;
        return error(res, 429, 'rate_limited', 'rate limit exceeded', [], { 'Retry-After': String(wait) });
      }
      const live = [...stores.values()].filter((r) => owners.get(r.store_name) === me.id && r.status !== 'Deleting').length;
      if (me.role === 'tenant' && me.storeLimit > 0 && live >= me.storeLimit) {
        record(me, 'store.create', name, 'rejected: store_limit_reached');
        return error(res, 403, 'store_limit_reached', `store limit of ${me.storeLimit} reached`);
      }
      if (stores.has(name)) return error(res, 409, 'store_exists', `A store named ${name} already exists`);
      const t = now();
      owners.set(name, me.id);
      stores.set(name, { ...newRow(name, body.engine, t), owner: me.role === 'admin' ? '' : me.id, owner_name: me.role === 'admin' ? '' : me.name });
      activity.created++;
      record(me, 'store.create', name, 'accepted');
      emit('store.status', name, 'Queued', 'waiting for the provisioner');
      if (!name.startsWith('manual-')) provision(name, name.startsWith('fail'));
      await sleep(postDelayMs);
      return send(res, 202, { success: true, status: 'Queued', storeName: name, namespace: `store-${name}`, url: `http://${name}.local` });
    }
    if (m) {
      const name = decodeURIComponent(m[1]);
      const row = visible(name, me) ? stores.get(name) : undefined;
      if (!row) return error(res, 404, 'not_found', `No store named ${name}`);
      if (m[2] === '/credentials' && req.method === 'GET') {
        if (faults.credentialsDown) return error(res, 503, 'provisioner_unavailable', 'the provisioner cannot be reached');
        if (row.status !== 'Ready') return error(res, 409, 'not_ready', 'the store has no credentials yet');
        return send(res, 200, credentialsOf(name));
      }
      if (!m[2] && req.method === 'GET') return send(res, 200, publicRow(row));
      if (m[2] === '/status') return send(res, 200, { status: row.status, reason: row.status_reason, pods: row.observed?.pods ?? [], jobs: [], setupJob: row.observed?.setupJob ?? null, warnings: warningsOf(row) });
      if (m[2] === '/events') return send(res, 200, { events: events.filter((e) => e.store === name) });
      if (m[2] === '/retry' && req.method === 'POST') {
        if (row.status !== 'Failed' && row.status !== 'Degraded') return error(res, 409, 'conflict', `store ${name} is ${row.status}, not Failed or Degraded`);
        retried.push(name);
        record(me, 'store.retry', name, 'accepted');
        emit('store.status', name, 'Queued', 'retry requested', { attempt: 2 });
        provision(name, false);
        return send(res, 202, { success: true, status: 'Queued' });
      }
      if (!m[2] && req.method === 'DELETE') {
        deleted.push(name);
        record(me, 'store.delete', name, 'accepted');
        activity.deleted++;
        emit('store.status', name, 'Deleting');
        script(name, [() => emit('store.step', name, '', '', { step: 'uninstall', state: 'done' }), () => emit('store.status', name, 'Deleted')]);
        return send(res, 202, { success: true, status: 'Deleting' });
      }
    }
    if (path === '/api/metrics') {
      const all = [...stores.values()].filter((r) => visible(r.store_name, me));
      const count = (...st) => all.filter((s) => st.includes(s.status)).length;
      const byStatus = Object.fromEntries(STATUSES.map((st) => [st, count(st)]));
      if (faults.metricsDelayMs) await sleep(faults.metricsDelayMs);
      return send(res, 200, {
        stores: { total: all.length - count('Deleted'), ready: count('Ready'), degraded: count('Degraded'), failed: count('Failed'), provisioning: count('Queued', 'Provisioning', 'Installing'), by_status: byStatus },
        activity,
      });
    }
    if (path === '/api/audit-logs') {
      const store = url.searchParams.get('store');
      if (store && !NAME_RE.test(store)) return error(res, 400, 'bad_request', 'invalid store filter', [{ field: 'store', message: 'is not a valid store name' }]);
      return send(res, 200, listAudit(audit.filter((l) => me.role === 'admin' || (l.store_name && visible(l.store_name, me))), url.searchParams));
    }
    if (path.startsWith('/api/')) return error(res, 404, 'not_found', 'No such route');
    if (!serveStatic(distDir, req, res)) error(res, 405, 'method_not_allowed', 'Method not allowed');
  }

  return {
    lastEventIdsSeen,
    events,
    faults,
    listRequests,
    retried,
    deleted,
    /** Adds `count` past audit rows (store.create by a tenant token `ci-bot`), oldest first. */
    seedAudit(count) {
      for (let i = 1; i <= count; i++) record({ id: 'tok_ci', name: 'ci-bot' }, 'store.create', `old-${String(i).padStart(4, '0')}`, 'accepted', 'engine=woocommerce');
    },
    /** Events as the provisioner would write them, for stores the test drives itself (named manual-*). */
    emit,
    /**
     * Adds `count` stores at once, without events (a fleet that already exists): names `${prefix}-00001`…, one
     * minute apart, statuses cycling through `statuses`, every third one Medusa, owned by `owner` ('' = the admin).
     */
    seed(count, { prefix = 'fleet', statuses = ['Ready'], startMs = Date.parse('2026-01-01T00:00:00Z'), owner = '', ownerName = '' } = {}) {
      for (let i = 1; i <= count; i++) {
        const name = `${prefix}-${String(i).padStart(5, '0')}`;
        const t = new Date(startMs + i * 60_000).toISOString();
        const status = statuses[i % statuses.length];
        owners.set(name, 'admin');
        const row = { ...newRow(name, i % 3 === 0 ? 'medusa' : 'woocommerce', t), status, owner, owner_name: ownerName };
        stores.set(name, { ...row, status_reason: status === 'Failed' ? `pod ${name}-web-0: CrashLoopBackOff` : null, ready_at: status === 'Ready' ? t : null });
      }
    },
    authStats: auth.stats,
    credentialsOf,
    get url() {
      return `http://127.0.0.1:${port}`;
    },
    /** Listens on 127.0.0.1 (a free port the first time, the same port after a restart). */
    start() {
      return new Promise((resolve, reject) => {
        server = createServer((req, res) => handle(req, res).catch((e) => error(res, 500, 'internal', String(e))));
        server.on('connection', (s) => {
          sockets.add(s);
          s.on('close', () => sockets.delete(s));
        });
        server.once('error', reject);
        server.listen(port, '127.0.0.1', () => {
          port = server.address().port;
          resolve();
        });
      });
    },
    /** Ends every open event stream (the server stays up) and answers the next `failNext` stream requests 503. */
    dropStreams(failNext = 0) {
      failStreams = failNext;
      for (const res of clients.keys()) res.destroy();
      clients.clear();
    },
    /** Creates a store as another client would (not through this page). */
    createDirectly(name, engine = 'woocommerce') {
      return fetch(`http://127.0.0.1:${port}/api/stores`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${adminToken}` },
        body: JSON.stringify({ storeName: name, engine }),
      }).then((r) => r.status);
    },
    /** Like killing the API process: every connection drops, nothing listens until start() again. */
    stop() {
      return new Promise((resolve) => {
        for (const res of clients.keys()) res.destroy();
        clients.clear();
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      });
    },
  };
}
