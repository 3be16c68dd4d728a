import { describe, expect, it } from 'vitest';
import { ApiError, createApiClient } from './client';
import { recorder } from './recorder.test-util';


const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

describe('api client', () => {
  it('posts JSON with the session cookie policy and returns the 202 body', async () => {
    const { client, calls } = recorder(() => json(202, { success: true, status: 'Queued', storeName: 'my-shop', namespace: 'store-my-shop', url: 'http://my-shop.local' }));
    const res = await client.createStore('my-shop', 'woocommerce');
    expect(res.status).toBe('Queued');
    expect(calls[0].url).toBe('/api/stores');
    expect(calls[0].init?.method).toBe('POST');
    expect(calls[0].init?.credentials).toBe('same-origin');
    expect(JSON.parse(String(calls[0].init?.body))).toEqual({ storeName: 'my-shop', engine: 'woocommerce' });
    expect((calls[0].init?.headers as Record<string, string>)['Content-Type']).toBe('application/json');
  });

  it('turns a 422 into an ApiError with field details', async () => {
    const { client } = recorder(() =>
      json(422, { error: { code: 'validation_failed', message: 'Invalid store', details: [{ field: 'storeName', message: 'must start with a letter' }] } }),
    );
    const err = await client.createStore('1abc', 'woocommerce').catch((e) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err.status).toBe(422);
    expect(err.code).toBe('validation_failed');
    expect(err.messageFor('storeName')).toBe('Must start with a letter');
    expect(err.messageFor('engine')).toBeUndefined();
  });

  it('joins every message the server gave for one field', async () => {
    const { client } = recorder(() =>
      json(422, { error: { code: 'validation_failed', message: 'invalid store request', details: [
        { field: 'storeName', message: "may contain only lowercase letters (a-z), digits (0-9) and '-'" },
        { field: 'storeName', message: 'must start with a lowercase letter' },
        { field: 'engine', message: 'must be "woocommerce" or "medusa"' },
      ] } }),
    );
    const err = await client.createStore('Bad', 'x').catch((e) => e);
    expect(err.messageFor('storeName')).toBe("May contain only lowercase letters (a-z), digits (0-9) and '-'; must start with a lowercase letter");
    expect(err.messageFor('engine')).toBe('Must be "woocommerce" or "medusa"');
  });

  it('copes with an error body that is not JSON, and with a network failure', async () => {
    const { client } = recorder(() => new Response('<html>bad gateway</html>', { status: 502, statusText: 'Bad Gateway' }));
    const err = await client.getMetrics().catch((e) => e);
    expect(err).toMatchObject({ status: 502, code: 'http_502' });
    expect(err.message).toMatch(/502/);
    const down = createApiClient(() => Promise.reject(new TypeError('Failed to fetch')));
    await expect(down.getMetrics()).rejects.toMatchObject({ status: 0, code: 'network' });
  });

  it('encodes path parts and query parameters', async () => {
    const { client, calls } = recorder(() => json(200, { logs: [] }));
    await client.getAuditLogs({ limit: 50, store: 'my shop' });
    await client.deleteStore('a/b');
    expect(calls[0].url).toBe('/api/audit-logs?limit=50&store=my+shop');
    expect(calls[1].url).toBe('/api/stores/a%2Fb');
  });

  it('reads audit rows in the seed shape and the short one', async () => {
    const { client } = recorder(() =>
      json(200, {
        logs: [
          { id: 2, timestamp: '2026-11-26T05:00:00.000Z', action: 'store.create', store_name: 'a-shop', actor: 'anonymous', client_ip: '127.0.0.1', outcome: 'accepted', details: 'engine=medusa' },
          { id: 1, at: '2026-11-26T04:00:00.000Z', action: 'store.delete', store: 'b-shop', actor: null, client_ip: null, outcome: 'accepted', detail: null },
        ],
      }),
    );
    const logs = await client.getAuditLogs();
    // without actor_name (an older API) the id stands in for the name
    expect(logs[0]).toEqual({ id: 2, at: '2026-11-26T05:00:00.000Z', action: 'store.create', store: 'a-shop', actor: 'anonymous', actor_name: 'anonymous', client_ip: '127.0.0.1', outcome: 'accepted', detail: 'engine=medusa' });
    expect(logs[1]).toMatchObject({ at: '2026-11-26T04:00:00.000Z', store: 'b-shop', detail: null });
  });

  it('sends the list filters, sort and cursor, and reads an audit page with its cursor and actor names', async () => {
    const { client, calls } = recorder((url) =>
      url.startsWith('/api/audit-logs')
        ? json(200, { logs: [{ id: 7, at: 'x', action: 'store.delete', actor: 'tok_1', actor_name: 'ci-bot', outcome: 'accepted' }], next_cursor: 'a7' })
        : json(200, { stores: [], next_cursor: null, total: 0 }),
    );
    await client.listStores({ status: 'Failed,Degraded', engine: 'medusa', q: 'shop', sort: 'status', order: 'asc', cursor: 'c 1', limit: 100 });
    expect(calls[0].url).toBe('/api/stores?status=Failed%2CDegraded&engine=medusa&q=shop&sort=status&order=asc&cursor=c+1&limit=100');
    const page = await client.getAuditPage({ q: 'shop', actor: 'ci-bot', action: '', cursor: 'a9', limit: 50 });
    expect(calls[1].url).toBe('/api/audit-logs?q=shop&actor=ci-bot&cursor=a9&limit=50');
    expect(page).toMatchObject({ nextCursor: 'a7', logs: [{ id: 7, actor: 'tok_1', actor_name: 'ci-bot' }] });
  });

  it('sends a change as a JSON merge patch with the session cookie policy, and a version only when chosen', async () => {
    const row = { id: 3, store_name: 'my-shop', status: 'Upgrading', version: '9.8.5', suspended: false };
    const { client, calls } = recorder(() => json(202, row));
    expect(await client.patchStore('my shop', { version: '9.8.5' })).toEqual(row);
    expect(calls[0].url).toBe('/api/stores/my%20shop');
    expect(calls[0].init?.method).toBe('PATCH');
    expect(calls[0].init?.credentials).toBe('same-origin');
    expect((calls[0].init?.headers as Record<string, string>)['Content-Type']).toBe('application/merge-patch+json');
    expect(JSON.parse(String(calls[0].init?.body))).toEqual({ version: '9.8.5' });
    await client.createStore('a-shop', 'woocommerce', '9.7.1');
    await client.createStore('b-shop', 'woocommerce');
    expect(JSON.parse(String(calls[1].init?.body))).toEqual({ storeName: 'a-shop', engine: 'woocommerce', version: '9.7.1' });
    expect(JSON.parse(String(calls[2].init?.body))).toEqual({ storeName: 'b-shop', engine: 'woocommerce' });
  });

  it('starts, lists, reads, resumes and aborts rollouts like the other writes (same-origin, JSON)', async () => {
    const rollout = { id: 4, state: 'running', waves: [] };
    const { client, calls } = recorder((url, init) =>
      url === '/api/rollouts' && init?.method === 'GET' ? json(200, { rollouts: [rollout] }) : json(init?.method === 'POST' ? 202 : 200, rollout),
    );
    const req = { engine: 'woocommerce', toVersion: '9.8.6', selector: { names: ['a-shop'] }, waveSize: 2, maxFailures: 0 };
    expect(await client.startRollout(req)).toEqual(rollout);
    expect(calls[0]).toMatchObject({ url: '/api/rollouts', init: { method: 'POST', credentials: 'same-origin' } });
    expect(JSON.parse(String(calls[0].init?.body))).toEqual(req);
    expect(await client.listRollouts()).toEqual([rollout]);
    await client.getRollout(4);
    await client.resumeRollout(4);
    await client.abortRollout(4);
    expect(calls.slice(1).map((c) => `${c.init?.method} ${c.url}`)).toEqual([
      'GET /api/rollouts', 'GET /api/rollouts/4', 'POST /api/rollouts/4/resume', 'POST /api/rollouts/4/abort',
    ]);
    expect(calls[3].init?.body).toBeUndefined();
  });
});
