// An in-memory stand-in for storefleet-api (REST + SSE as in proto-docs/events.md), used to check the
// dashboard in Chromium before/without the real stack. Stores move through the real status and step
// sequence on timers; the event log survives a simulated API restart, as the SQLite log would. Every /api
// route but the session's needs a credential (lib/mockAuth.mjs); a tenant sees only the stores it created.
import { createServer } from 'node:http';
import { createMockAuth, isAuthRoute } from './mockAuth.mjs';
import { serveStatic } from './staticFiles.mjs';

const NAME_RE = /^[a-z][a-z0-9-]{1,38}[a-z0-9]$/;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** `postDelayMs` holds the POST answer back so a test can see the form disabled while submitting. */
export function createMockApi({ distDir, adminToken, stepMs = 300, postDelayMs = 0 }) {
  const auth = createMockAuth({ adminToken });
  const stores = new Map();
  const owners = new Map(); // store name -> token id (kept after deletion, for the event stream)
  /** Test switches: the credentials route answers 503; the next store creation answers 429. */
  const faults = { credentialsDown: false, createRetryAfter: 0 };
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
    for (const [res, actor] of clients) if (visible(store, actor)) writeEvent(res, ev);
  }

  const visible = (name, actor) => actor.role === 'admin' || owners.get(name) === actor.id;
  const credentialsOf = (name) => ({ storeName: name, engine: stores.get(name).engine, url: `http://${name}.local`, adminUrl: `http://${name}.local/wp-admin`, username: 'admin', password: `pw-${name}-Zq7`, email: `admin@${name}.local` });

  function writeEvent(res, ev) {
    res.write(`id: ${ev.id}\nevent: ${ev.type}\ndata: ${JSON.stringify(ev)}\n\n`);
  }

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
    audit.unshift({ id: audit.length + 1, timestamp: now(), action, store_name: store, actor: actor?.id ?? 'anonymous', client_ip: '127.0.0.1', outcome, details: detail });

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
      const mine = [...stores.values()].filter((r) => visible(r.store_name, me));
      return send(res, 200, { stores: mine.map(({ observed: _o, ...row }) => row), next_cursor: null });
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
      stores.set(name, { id: stores.size + 1, store_name: name, engine: body.engine, namespace: `store-${name}`, status: 'Queued', status_reason: null, url: `http://${name}.local`, created_at: t, updated_at: t, ready_at: null });
      activity.created++;
      record(me, 'store.create', name, 'accepted');
      emit('store.status', name, 'Queued', 'waiting for the provisioner');
      provision(name, name.startsWith('fail'));
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
      if (!m[2] && req.method === 'GET') return send(res, 200, row);
      if (m[2] === '/status') return send(res, 200, { status: row.status, reason: row.status_reason, pods: row.observed?.pods ?? [], jobs: [], setupJob: row.observed?.setupJob ?? null });
      if (m[2] === '/events') return send(res, 200, { events: events.filter((e) => e.store === name) });
      if (m[2] === '/retry' && req.method === 'POST') {
        record(me, 'store.retry', name, 'accepted');
        emit('store.status', name, 'Queued', 'retry requested', { attempt: 2 });
        provision(name, false);
        return send(res, 202, { success: true, status: 'Queued' });
      }
      if (!m[2] && req.method === 'DELETE') {
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
      return send(res, 200, { stores: { total: all.length, ready: count('Ready'), failed: count('Failed'), provisioning: count('Queued', 'Provisioning', 'Installing') }, activity });
    }
    if (path === '/api/audit-logs') {
      const store = url.searchParams.get('store');
      if (store && !NAME_RE.test(store)) return error(res, 400, 'bad_request', 'invalid store filter', [{ field: 'store', message: 'is not a valid store name' }]);
      return send(res, 200, { logs: audit.filter((l) => (!store || l.store_name === store) && (me.role === 'admin' || (l.store_name && visible(l.store_name, me)))) });
    }
    if (path.startsWith('/api/')) return error(res, 404, 'not_found', 'No such route');
    if (!serveStatic(distDir, req, res)) error(res, 405, 'method_not_allowed', 'Method not allowed');
  }

  return {
    lastEventIdsSeen,
    events,
    faults,
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
