import { describe, expect, it } from 'vitest';
import { ApiError, createApiClient } from './client';

function recorder(respond: (url: string, init?: RequestInit) => Response | Promise<Response>) {
  const calls: { url: string; init?: RequestInit }[] = [];
  const client = createApiClient(async (url, init) => {
    calls.push({ url, init });
    return respond(url, init);
  });
  return { client, calls };
}

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
    expect(err.messageFor('storeName')).toBe('must start with a letter');
    expect(err.messageFor('engine')).toBeUndefined();
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

  it('follows next_cursor through every page', async () => {
    const pages: Record<string, unknown> = {
      '/api/stores?limit=200': { stores: [{ store_name: 'a' }], next_cursor: 'c1' },
      '/api/stores?limit=200&cursor=c1': { stores: [{ store_name: 'b' }], next_cursor: null },
    };
    const { client } = recorder((url) => json(200, pages[url]));
    expect((await client.listAllStores()).map((s) => s.store_name)).toEqual(['a', 'b']);
  });
});
