// The one place that talks HTTP to the Storefleet API. Relative URLs (the API serves this app), and
// `credentials: 'same-origin'` so the HttpOnly session cookie rides along (the page never sees it). Mutating
// calls need nothing extra: the browser adds Origin, which the API checks against CSRF.
import type {
  AccessToken,
  AuditLogEntry,
  AuditLogParams,
  CreatedAccessToken,
  Session,
  StoreCredentials,
  CreateStoreResponse,
  Metrics,
  StoreEvent,
  StoreListParams,
  StoreListResponse,
  StoreStatusResponse,
  ApiStore,
  Catalog,
  StorePatch,
  Rollout,
  StartRolloutRequest,
} from './types';

export interface FieldProblem {
  field: string;
  message: string;
}

/** An error answer of the API (`{ error: { code, message, details } }`) or a transport failure (status 0). */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: FieldProblem[];
  /** Seconds from a 429's (or 503's) `Retry-After`; null when the server gave none. */
  readonly retryAfterSeconds: number | null;

  constructor(status: number, code: string, message: string, details: FieldProblem[] = [], retryAfterSeconds: number | null = null) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** The server's messages for one field, as one sentence-cased text; undefined if it named no such field. */
  messageFor(field: string): string | undefined {
    const messages = this.details.filter((d) => d.field === field).map((d) => d.message);
    if (messages.length === 0) return undefined;
    const text = messages.join('; ');
    return text.charAt(0).toUpperCase() + text.slice(1);
  }
}

/** An audit row as the API sends it: the seed's names (timestamp, store_name, details) or the short ones. */
export type RawAuditLogEntry = Partial<AuditLogEntry> & {
  timestamp?: string;
  store_name?: string | null;
  details?: string | null;
};

export function normalizeAuditEntry(raw: RawAuditLogEntry): AuditLogEntry {
  return {
    id: raw.id ?? 0,
    at: raw.at ?? raw.timestamp ?? '',
    action: raw.action ?? '',
    store: raw.store ?? raw.store_name ?? null,
    actor: raw.actor ?? null,
    actor_name: raw.actor_name ?? raw.actor ?? null,
    client_ip: raw.client_ip ?? null,
    outcome: raw.outcome ?? '',
    detail: raw.detail ?? raw.details ?? null,
  };
}

type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

/** `Retry-After` as whole seconds (delta-seconds or an HTTP date); null when absent or unreadable. */
export function parseRetryAfter(value: string | null, nowMs = Date.now()): number | null {
  if (value === null || value.trim() === '') return null;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v);
  const at = Date.parse(v);
  if (Number.isNaN(at)) return null;
  return Math.max(0, Math.ceil((at - nowMs) / 1000));
}

/** Turns a non-2xx response into an ApiError, tolerating bodies that are not the documented JSON. */
export async function errorFromResponse(res: Response): Promise<ApiError> {
  let body: unknown = null;
  try {
    body = await res.json();
  } catch {
    // not JSON (a proxy's HTML page, an empty 502): fall back to the status line
  }
  const err = (body as { error?: { code?: unknown; message?: unknown; details?: unknown } } | null)?.error;
  const code = typeof err?.code === 'string' ? err.code : `http_${res.status}`;
  const message =
    typeof err?.message === 'string' && err.message !== ''
      ? err.message
      : `Request failed (${res.status}${res.statusText ? ' ' + res.statusText : ''})`;
  const details: FieldProblem[] = Array.isArray(err?.details)
    ? err.details
        .filter((d): d is FieldProblem => typeof d?.field === 'string' && typeof d?.message === 'string')
        .map((d) => ({ field: d.field, message: d.message }))
    : [];
  return new ApiError(res.status, code, message, details, parseRetryAfter(res.headers.get('Retry-After')));
}

/** The login call itself: its 401 means "wrong token", not "your session ended". */
const isLoginCall = (method: string, path: string) => method === 'POST' && path === '/api/session';

export function createApiClient(fetchImpl: FetchLike = (i, init) => fetch(i, init)) {
  const unauthorizedListeners = new Set<() => void>();

  async function request<T>(method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<T> {
    const init: RequestInit = {
      method,
      credentials: 'same-origin',
      headers: { Accept: 'application/json' },
    };
    if (body !== undefined) {
      init.headers = { ...init.headers, 'Content-Type': contentType };
      init.body = JSON.stringify(body);
    }
    let res: Response;
    try {
      res = await fetchImpl(path, init);
    } catch (e) {
      throw new ApiError(0, 'network', `The API is unreachable (${e instanceof Error ? e.message : String(e)})`);
    }
    if (!res.ok) {
      const err = await errorFromResponse(res);
      // The session expired, was revoked or logged out elsewhere: whoever shows the app goes back to login.
      if (res.status === 401 && !isLoginCall(method, path)) for (const fn of [...unauthorizedListeners]) fn();
      throw err;
    }
    if (res.status === 204) return undefined as T;
    const text = await res.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }

  const enc = encodeURIComponent;
  const query = (params: Record<string, string | number | undefined>) => {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, String(v));
    const s = q.toString();
    return s ? `?${s}` : '';
  };

  return {
    /** `fn` runs on every 401 answer (except a refused login); returns an unsubscribe function. */
    onUnauthorized(fn: () => void): () => void {
      unauthorizedListeners.add(fn);
      return () => unauthorizedListeners.delete(fn);
    },
    getSession: () => request<Session>('GET', '/api/session'),
    /** Exchanges a token for the HttpOnly session cookie; the token is sent once, in the body, never stored. */
    login: (token: string) => request<Session>('POST', '/api/session', { token }),
    logout: () => request<void>('DELETE', '/api/session'),
    getCredentials: (name: string) => request<StoreCredentials>('GET', `/api/stores/${enc(name)}/credentials`),
    listTokens: () => request<{ tokens: AccessToken[] }>('GET', '/api/tokens').then((r) => r.tokens ?? []),
    createToken: (req: { name: string; role: 'tenant' | 'admin'; storeLimit: number }) =>
      request<CreatedAccessToken>('POST', '/api/tokens', req),
    revokeToken: (id: string) => request<{ id: string; revoked: boolean }>('DELETE', `/api/tokens/${enc(id)}`),
    /** One page of the store list: filters, sort and the cursor of the previous page (`next_cursor`). */
    listStores: (params: StoreListParams = {}) =>
      request<StoreListResponse>('GET', `/api/stores${query({ ...params })}`),
    getStore: (name: string) => request<ApiStore>('GET', `/api/stores/${enc(name)}`),
    getStoreStatus: (name: string) => request<StoreStatusResponse>('GET', `/api/stores/${enc(name)}/status`),
    getStoreEvents: (name: string) =>
      request<{ events: StoreEvent[] }>('GET', `/api/stores/${enc(name)}/events`).then((r) => r.events),
    /** Without a version the API picks the catalogue's default. */
    createStore: (storeName: string, engine: string, version?: string) =>
      request<CreateStoreResponse>('POST', '/api/stores', version ? { storeName, engine, version } : { storeName, engine }),
    /** Upgrade, suspend or resume: 202 (rolling out) or 200 (nothing changed), both with the store's row. */
    patchStore: (name: string, patch: StorePatch) =>
      request<ApiStore>('PATCH', `/api/stores/${enc(name)}`, patch, 'application/merge-patch+json'),
    getCatalog: () => request<Catalog>('GET', '/api/catalog'),
    deleteStore: (name: string) => request<unknown>('DELETE', `/api/stores/${enc(name)}`),
    retryStore: (name: string) => request<unknown>('POST', `/api/stores/${enc(name)}/retry`),
    /** Fleet rollouts (admin): newest first, without their stores. */
    listRollouts: () => request<{ rollouts: Rollout[] }>('GET', '/api/rollouts').then((r) => r.rollouts ?? []),
    getRollout: (id: number) => request<Rollout>('GET', `/api/rollouts/${enc(String(id))}`),
    /** 202 with the rollout (its waves and stores); 409 while the engine has an unfinished one, 422, 503. */
    startRollout: (req: StartRolloutRequest) => request<Rollout>('POST', '/api/rollouts', req),
    resumeRollout: (id: number) => request<Rollout>('POST', `/api/rollouts/${enc(String(id))}/resume`),
    abortRollout: (id: number) => request<Rollout>('POST', `/api/rollouts/${enc(String(id))}/abort`),
    getMetrics: () => request<Metrics>('GET', '/api/metrics'),
    getAuditLogs: (params: AuditLogParams = {}) =>
      request<{ logs: RawAuditLogEntry[] }>('GET', `/api/audit-logs${query({ ...params })}`).then((r) =>
        (r.logs ?? []).map(normalizeAuditEntry),
      ),
    /** One page of the audit log, newest first, with the cursor of the next (older) page. */
    getAuditPage: (params: AuditLogParams = {}) =>
      request<{ logs: RawAuditLogEntry[]; next_cursor?: string | null }>('GET', `/api/audit-logs${query({ ...params })}`).then(
        (r) => ({ logs: (r.logs ?? []).map(normalizeAuditEntry), nextCursor: r.next_cursor ?? null }),
      ),
  };
}

export type ApiClient = ReturnType<typeof createApiClient>;

export const api = createApiClient();
