// The security side of the mocked API (proto-docs/contracts.md, "Security (issue 10)"): bearer tokens and the
// sf_session cookie, POST/GET/DELETE /api/session, /api/tokens (admin only), a per-IP bucket for failed logins
// (429 + Retry-After), and the CSRF rule (a cookie-authenticated POST/DELETE must carry the API's own Origin).
import { createHash, randomBytes } from 'node:crypto';

const SESSION_SECONDS = 43200;

export const isAuthRoute = (path) => path === '/api/session' || path === '/api/tokens' || path.startsWith('/api/tokens/');
const sha256 = (s) => createHash('sha256').update(s).digest('hex');

/** `failedLoginLimit` refused logins in a row lock logins for `lockMs` (answered 429 with Retry-After). */
export function createMockAuth({ adminToken, failedLoginLimit = 1, lockMs = 2000 }) {
  const byHash = new Map(); // sha256(secret) -> token record (only the hash is kept, as the real API does)
  const sessions = new Map(); // session id -> { tokenId, expiresAt }
  const now = () => new Date().toISOString();
  byHash.set(sha256(adminToken), { id: 'admin', name: 'admin', role: 'admin', storeLimit: 0, createdAt: now(), revokedAt: null, listed: false });
  let failedLogins = 0;
  let loginLockedUntil = 0;
  /** Counts, for the test: login attempts refused by the CSRF rule etc. */
  const stats = { csrfRefused: 0, logins: 0 };

  const recordById = (id) => [...byHash.values()].find((t) => t.id === id);
  const live = (t) => (t && !t.revokedAt ? t : null);

  function cookieSession(req) {
    const m = /(?:^|;\s*)sf_session=([^;]+)/.exec(req.headers.cookie ?? '');
    const s = m && sessions.get(m[1]);
    if (!s || s.expiresAt < Date.now()) return null;
    return { id: m[1], ...s };
  }

  /** The token record behind the request (bearer first, then the cookie), or null; `viaCookie` for CSRF. */
  function authenticate(req) {
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '');
    if (bearer) return { token: live(byHash.get(sha256(bearer[1]))), viaCookie: false };
    const s = cookieSession(req);
    return { token: s ? live(recordById(s.tokenId)) : null, viaCookie: true, sessionExpiresAt: s?.expiresAt };
  }

  /** The contract's CSRF rule: a cookie-authenticated POST/DELETE must come from the API's own origin. */
  function csrfOk(req, viaCookie) {
    if (!viaCookie || (req.method !== 'POST' && req.method !== 'DELETE')) return true;
    const ok = req.headers.origin === `http://${req.headers.host}`;
    if (!ok) stats.csrfRefused++;
    return ok;
  }

  const sessionBody = (t, expiresAt) => ({ actor: t.id, name: t.name, role: t.role, storeLimit: t.storeLimit, expiresAt: new Date(expiresAt).toISOString() });
  const publicRow = ({ listed: _l, hash: _h, ...row }) => row;

  /** Answers /api/session and /api/tokens* (see isAuthRoute). */
  async function handle(req, res, path, { send, error, readJson }) {
    if (path === '/api/session') {
      if (req.method === 'POST') {
        if (Date.now() < loginLockedUntil) {
          return error(res, 429, 'rate_limited', 'too many failed logins', [], { 'Retry-After': String(Math.ceil((loginLockedUntil - Date.now()) / 1000)) });
        }
        let body;
        try {
          body = await readJson(req);
        } catch {
          return error(res, 400, 'bad_json', 'Body is not valid JSON');
        }
        const t = typeof body.token === 'string' ? live(byHash.get(sha256(body.token))) : null;
        if (!t) {
          if (++failedLogins >= failedLoginLimit) {
            failedLogins = 0;
            loginLockedUntil = Date.now() + lockMs;
          }
          return error(res, 401, 'unauthorized', 'invalid token', [], { 'WWW-Authenticate': 'Bearer' });
        }
        failedLogins = 0;
        stats.logins++;
        const id = randomBytes(24).toString('hex');
        const expiresAt = Date.now() + SESSION_SECONDS * 1000;
        sessions.set(id, { tokenId: t.id, expiresAt });
        return send(res, 200, sessionBody(t, expiresAt), {
          'Set-Cookie': `sf_session=${id}; HttpOnly; SameSite=Strict; Path=/; Max-Age=${SESSION_SECONDS}`,
        });
      }
      if (req.method === 'GET') {
        const { token, sessionExpiresAt } = authenticate(req);
        if (!token) return error(res, 401, 'unauthorized', 'no valid session', [], { 'WWW-Authenticate': 'Bearer' });
        return send(res, 200, sessionBody(token, sessionExpiresAt ?? Date.now() + SESSION_SECONDS * 1000));
      }
      if (req.method === 'DELETE') {
        const s = cookieSession(req);
        if (s) sessions.delete(s.id);
        res.writeHead(204, { 'Set-Cookie': 'sf_session=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0' });
        return res.end();
      }
    }
    if (path === '/api/tokens' || path.startsWith('/api/tokens/')) {
      const { token, viaCookie } = authenticate(req);
      if (!token) return error(res, 401, 'unauthorized', 'a token is required', [], { 'WWW-Authenticate': 'Bearer' });
      if (!csrfOk(req, viaCookie)) return error(res, 403, 'forbidden', 'cross-origin request refused');
      if (token.role !== 'admin') return error(res, 403, 'forbidden', 'admin only');
      if (path === '/api/tokens' && req.method === 'GET') {
        return send(res, 200, { tokens: [...byHash.values()].filter((t) => t.listed).map(publicRow) });
      }
      if (path === '/api/tokens' && req.method === 'POST') {
        const body = await readJson(req).catch(() => ({}));
        if (typeof body.name !== 'string' || body.name === '') return error(res, 422, 'validation_failed', 'invalid token request', [{ field: 'name', message: 'is required' }]);
        const secret = `sf_${randomBytes(24).toString('hex')}`;
        const row = { id: `tok_${randomBytes(8).toString('hex')}`, name: body.name, role: body.role ?? 'tenant', storeLimit: body.storeLimit ?? 0, createdAt: now(), revokedAt: null };
        byHash.set(sha256(secret), { ...row, listed: true });
        return send(res, 201, { ...row, token: secret });
      }
      const id = decodeURIComponent(path.slice('/api/tokens/'.length));
      const t = req.method === 'DELETE' ? recordById(id) : null;
      if (!t || !t.listed) return error(res, 404, 'not_found', 'no such token');
      t.revokedAt = now();
      for (const [sid, s] of sessions) if (s.tokenId === id) sessions.delete(sid);
      return send(res, 200, { id, revoked: true });
    }
    return error(res, 405, 'method_not_allowed', 'Method not allowed');
  }

  return { authenticate, csrfOk, handle, stats };
}
