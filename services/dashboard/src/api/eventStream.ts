// One EventSource on /api/events for the whole app. The browser reconnects by itself after a dropped stream
// and sends Last-Event-ID, so the API replays what was missed. Only when the browser gives up (readyState
// CLOSED: an HTTP error answer) do we open a new EventSource after a backoff; that one starts without
// Last-Event-ID, so the app is asked to resync (fetch the list again) once it is live.
// Same-origin EventSource requests carry the HttpOnly session cookie. An EventSource cannot see the status of
// a refused request, so when it gives up the app is told (onClosed) and re-checks the session itself: a 401
// there sends it back to the login screen.
import type { StoreEvent } from './types';

export type ConnectionState = 'connecting' | 'live' | 'reconnecting';

// rollout.progress (admins only) has store "": the reducer ignores it, the rollouts page listens for it.
export const EVENT_TYPES = ['store.status', 'store.step', 'store.observed', 'store.orphan', 'rollout.progress'] as const;

/** The part of the EventSource API used here (lets tests drive a fake one). */
export interface EventSourceLike {
  readonly readyState: number;
  onopen: ((ev: Event) => unknown) | null;
  onerror: ((ev: Event) => unknown) | null;
  onmessage: ((ev: MessageEvent) => unknown) | null;
  addEventListener(type: string, listener: (ev: MessageEvent) => void): void;
  close(): void;
}

export interface EventStreamOptions {
  url?: string;
  onEvent: (event: StoreEvent) => void;
  onState: (state: ConnectionState) => void;
  /** Called when a fresh EventSource (without Last-Event-ID) became live: events may have been missed. */
  onResync: () => void;
  /** Called each time the browser gave up on the stream (an HTTP error answer, e.g. a 401 after logout). */
  onClosed?: () => void;
  createEventSource?: (url: string) => EventSourceLike;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

const CLOSED = 2;
const CONNECTING = 0;

/** Backoff for re-creating a closed EventSource: 1 s, 2 s, 4 s … capped at 15 s. */
export function backoffMs(attempt: number): number {
  return Math.min(15000, 1000 * 2 ** Math.max(0, attempt));
}

/** Parses one SSE message into a StoreEvent; null when it is not one (bad JSON, missing store). */
export function parseEventMessage(type: string, data: string, lastEventId: string): StoreEvent | null {
  let body: unknown;
  try {
    body = JSON.parse(data);
  } catch {
    return null;
  }
  if (typeof body !== 'object' || body === null) return null;
  const b = body as Partial<StoreEvent>;
  const id = typeof b.id === 'number' ? b.id : lastEventId !== '' ? Number(lastEventId) : NaN;
  if (!Number.isFinite(id) || typeof b.store !== 'string') return null;
  return {
    id,
    type: typeof b.type === 'string' ? b.type : type,
    store: b.store,
    status: typeof b.status === 'string' ? b.status : '',
    reason: typeof b.reason === 'string' ? b.reason : '',
    at: typeof b.at === 'string' ? b.at : new Date().toISOString(),
    data: typeof b.data === 'object' && b.data !== null ? (b.data as Record<string, unknown>) : {},
  };
}

/** Opens the stream; returns a function that closes it for good. */
export function openEventStream(opts: EventStreamOptions): () => void {
  const url = opts.url ?? '/api/events';
  const create = opts.createEventSource ?? ((u: string) => new EventSource(u));
  const setTimer = opts.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
  const clearTimer = opts.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>));

  let source: EventSourceLike | null = null;
  let timer: unknown = null;
  let failures = 0;
  let stopped = false;
  let needsResync = false;

  const handle = (ev: MessageEvent) => {
    const parsed = parseEventMessage(ev.type, String(ev.data), ev.lastEventId);
    if (parsed) opts.onEvent(parsed);
  };

  const connect = () => {
    timer = null;
    if (stopped) return;
    const es = create(url);
    source = es;
    es.onopen = () => {
      failures = 0;
      opts.onState('live');
      if (needsResync) {
        needsResync = false;
        opts.onResync();
      }
    };
    es.onerror = () => {
      if (stopped || source !== es) return;
      if (es.readyState === CONNECTING) {
        opts.onState('reconnecting'); // the browser retries by itself and will send Last-Event-ID
      } else if (es.readyState === CLOSED) {
        es.close();
        source = null;
        needsResync = true;
        opts.onState('reconnecting');
        timer = setTimer(connect, backoffMs(failures++));
        opts.onClosed?.();
      }
    };
    es.onmessage = handle;
    for (const type of EVENT_TYPES) es.addEventListener(type, handle);
    // The server could not replay what this stream missed (too far behind): reload the view; the stream goes on
    // from the resync event's id.
    es.addEventListener('resync', () => opts.onResync());
  };

  opts.onState('connecting');
  connect();
  return () => {
    stopped = true;
    if (timer !== null) clearTimer(timer);
    source?.close();
    source = null;
  };
}
