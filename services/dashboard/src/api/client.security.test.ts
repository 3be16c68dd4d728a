import { describe, expect, it } from 'vitest';
import { ApiError, parseRetryAfter } from './client';
import { recorder } from './recorder.test-util';


const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(status === 204 ? null : JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });
const unauthorized = () => json(401, { error: { code: 'unauthorized', message: 'A valid token or session is required' } }, { 'WWW-Authenticate': 'Bearer' });

describe('session calls', () => {
  it('posts the token once in the body, same-origin, and returns the session', async () => {
    const session = { actor: 'admin', name: 'admin', role: 'admin', expiresAt: '2026-11-26T20:00:00Z' };
    const { client, calls } = recorder(() => json(200, session));
    expect(await client.login('s3cret-token-value')).toEqual(session);
    expect(calls[0].url).toBe('/api/session');
    expect(calls[0].init?.method).toBe('POST');
    expect(calls[0].init?.credentials).toBe('same-origin');
    expect(JSON.parse(String(calls[0].init?.body))).toEqual({ token: 's3cret-token-value' });
    // never as a header or in the URL
    expect(JSON.stringify(calls[0].init?.headers)).not.toContain('s3cret');
  });

  it('logs out with DELETE /api/session (204, no body)', async () => {
    const { client, calls } = recorder(() => json(204, null));
    await expect(client.logout()).resolves.toBeUndefined();
    expect(calls[0]).toMatchObject({ url: '/api/session', init: { method: 'DELETE', credentials: 'same-origin' } });
  });
});

describe('401 listener', () => {
  it('fires on a 401 from any call, once per answer, and can be unsubscribed', async () => {
    const { client } = recorder(unauthorized);
    let fired = 0;
    const off = client.onUnauthorized(() => fired++);
    await expect(client.listStores()).rejects.toMatchObject({ status: 401, code: 'unauthorized' });
    await expect(client.getSession()).rejects.toBeInstanceOf(ApiError);
    expect(fired).toBe(2);
    off();
    await client.getMetrics().catch(() => undefined);
    expect(fired).toBe(2);
  });

  it('does not fire for a refused login (a wrong token is not an ended session) nor for other errors', async () => {
    let status = 401;
    const { client } = recorder(() => (status === 401 ? unauthorized() : json(status, { error: { code: 'x', message: 'y' } })));
    let fired = 0;
    client.onUnauthorized(() => fired++);
    await expect(client.login('wrong')).rejects.toMatchObject({ status: 401 });
    status = 403;
    await client.listTokens().catch(() => undefined);
    status = 500;
    await client.listStores().catch(() => undefined);
    expect(fired).toBe(0);
  });
});

describe('Retry-After', () => {
  it('reads delta-seconds and HTTP dates, ignores junk', () => {
    expect(parseRetryAfter('7')).toBe(7);
    expect(parseRetryAfter(' 0 ')).toBe(0);
    expect(parseRetryAfter(null)).toBeNull();
    expect(parseRetryAfter('soon')).toBeNull();
    const now = Date.parse('2026-11-26T08:00:00Z');
    expect(parseRetryAfter('Thu, 26 Nov 2026 08:00:30 GMT', now)).toBe(30);
    expect(parseRetryAfter('Thu, 26 Nov 2026 07:00:00 GMT', now)).toBe(0);
  });

  it('is carried by the ApiError of a 429', async () => {
    const { client } = recorder(() => json(429, { error: { code: 'rate_limited', message: 'Too many requests' } }, { 'Retry-After': '12' }));
    const err = await client.createStore('my-shop', 'woocommerce').catch((e) => e);
    expect(err).toMatchObject({ status: 429, code: 'rate_limited', retryAfterSeconds: 12 });
  });
});

describe('credentials and tokens', () => {
  it('reads a store login from its own route', async () => {
    const creds = { storeName: 'my shop', engine: 'woocommerce', url: 'u', adminUrl: 'a', username: 'admin', password: 'pw', email: 'e' };
    const { client, calls } = recorder(() => json(200, creds));
    expect(await client.getCredentials('my shop')).toEqual(creds);
    expect(calls[0].url).toBe('/api/stores/my%20shop/credentials');
    expect(calls[0].init?.method).toBe('GET');
  });

  it('lists, creates and revokes tokens on the documented routes', async () => {
    const row = { id: 'tok_1', name: 'team-a', role: 'tenant', storeLimit: 3, createdAt: '2026-11-26T08:00:00Z', revokedAt: null };
    const { client, calls } = recorder((_url, init) =>
      init?.method === 'POST' ? json(201, { ...row, token: 'sf_x' }) : init?.method === 'DELETE' ? json(200, { id: 'tok_1', revoked: true }) : json(200, { tokens: [row] }),
    );
    expect(await client.listTokens()).toEqual([row]);
    expect(await client.createToken({ name: 'team-a', role: 'tenant', storeLimit: 3 })).toMatchObject({ token: 'sf_x' });
    expect(await client.revokeToken('tok_1')).toEqual({ id: 'tok_1', revoked: true });
    expect(calls.map((c) => `${c.init?.method} ${c.url}`)).toEqual(['GET /api/tokens', 'POST /api/tokens', 'DELETE /api/tokens/tok_1']);
    expect(JSON.parse(String(calls[1].init?.body))).toEqual({ name: 'team-a', role: 'tenant', storeLimit: 3 });
  });
});
