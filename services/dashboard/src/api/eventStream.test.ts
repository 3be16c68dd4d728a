import { describe, expect, it } from 'vitest';
import { backoffMs, openEventStream, parseEventMessage, type ConnectionState, type EventSourceLike } from './eventStream';
import type { StoreEvent } from './types';

class FakeEventSource implements EventSourceLike {
  readyState = 0;
  onopen: ((ev: Event) => unknown) | null = null;
  onerror: ((ev: Event) => unknown) | null = null;
  onmessage: ((ev: MessageEvent) => unknown) | null = null;
  listeners = new Map<string, ((ev: MessageEvent) => void)[]>();
  closed = false;
  constructor(readonly url: string) {}
  addEventListener(type: string, l: (ev: MessageEvent) => void) {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), l]);
  }
  close() {
    this.closed = true;
    this.readyState = 2;
  }
  open() {
    this.readyState = 1;
    this.onopen?.(new Event('open'));
  }
  fail(readyState: number) {
    this.readyState = readyState;
    this.onerror?.(new Event('error'));
  }
  emit(type: string, data: string, lastEventId = '') {
    const msg = { type, data, lastEventId } as MessageEvent;
    for (const l of this.listeners.get(type) ?? []) l(msg);
  }
}

function harness() {
  const sources: FakeEventSource[] = [];
  const states: ConnectionState[] = [];
  const events: StoreEvent[] = [];
  const timers: { fn: () => void; ms: number }[] = [];
  let resyncs = 0;
  let closings = 0;
  const stop = openEventStream({
    onEvent: (e) => events.push(e),
    onState: (s) => states.push(s),
    onResync: () => resyncs++,
    onClosed: () => closings++,
    createEventSource: (url) => {
      const es = new FakeEventSource(url);
      sources.push(es);
      return es;
    },
    setTimer: (fn, ms) => timers.push({ fn, ms }),
    clearTimer: () => {},
  });
  return { sources, states, events, timers, stop, resyncs: () => resyncs, closings: () => closings };
}

describe('parseEventMessage', () => {
  it('reads the documented event shape', () => {
    const e = parseEventMessage('store.status', '{"id":42,"type":"store.status","store":"my-shop","status":"Installing","reason":"helm release deployed","at":"2026-11-26T05:02:48.123Z","data":{}}', '42');
    expect(e).toEqual({ id: 42, type: 'store.status', store: 'my-shop', status: 'Installing', reason: 'helm release deployed', at: '2026-11-26T05:02:48.123Z', data: {} });
  });
  it('falls back to the SSE id and type, and refuses junk', () => {
    expect(parseEventMessage('store.step', '{"store":"s","data":{"step":"helm"}}', '7')).toMatchObject({ id: 7, type: 'store.step' });
    expect(parseEventMessage('store.step', 'not json', '7')).toBeNull();
    expect(parseEventMessage('store.step', '{"id":1}', '1')).toBeNull();
    expect(parseEventMessage('store.step', '{"store":"s"}', '')).toBeNull();
  });
});

describe('openEventStream', () => {
  it('opens one EventSource on /api/events and reports live', () => {
    const h = harness();
    expect(h.sources).toHaveLength(1);
    expect(h.sources[0].url).toBe('/api/events');
    h.sources[0].open();
    expect(h.states).toEqual(['connecting', 'live']);
  });

  it('delivers every event type', () => {
    const h = harness();
    h.sources[0].open();
    for (const [i, type] of ['store.status', 'store.step', 'store.observed', 'store.orphan'].entries()) {
      h.sources[0].emit(type, JSON.stringify({ id: i + 1, type, store: 's', data: {} }));
    }
    expect(h.events.map((e) => e.type)).toEqual(['store.status', 'store.step', 'store.observed', 'store.orphan']);
  });

  it('delivers rollout.progress (store "") with its data', () => {
    const h = harness();
    h.sources[0].open();
    const data = { rollout: 3, engine: 'woocommerce', toVersion: '9.8.6', wave: 2, waves: 3, total: 6, done: 2, failed: 0 };
    h.sources[0].emit('rollout.progress', JSON.stringify({ id: 9, type: 'rollout.progress', store: '', status: 'running', reason: '', data }));
    expect(h.events).toMatchObject([{ id: 9, type: 'rollout.progress', store: '', status: 'running', data }]);
  });

  it('lets the browser reconnect by itself (Last-Event-ID) without a resync', () => {
    const h = harness();
    h.sources[0].open();
    h.sources[0].fail(0);
    expect(h.states.at(-1)).toBe('reconnecting');
    expect(h.timers).toHaveLength(0);
    h.sources[0].open();
    expect(h.states.at(-1)).toBe('live');
    expect(h.sources).toHaveLength(1);
    expect(h.resyncs()).toBe(0);
  });

  it('reloads when the server says it cannot replay what was missed (a resync event)', () => {
    const h = harness();
    h.sources[0].open();
    h.sources[0].emit('resync', JSON.stringify({ missed: 20000, resumeAfter: 25000 }), '25000');
    expect(h.resyncs()).toBe(1);
    expect(h.events).toHaveLength(0);
    expect(h.sources).toHaveLength(1);
  });

  it('re-creates a closed EventSource with backoff and asks for a resync once live', () => {
    const h = harness();
    h.sources[0].open();
    h.sources[0].fail(2);
    expect(h.sources[0].closed).toBe(true);
    expect(h.timers.map((t) => t.ms)).toEqual([1000]);
    h.timers[0].fn();
    h.sources[1].fail(2);
    expect(h.timers.map((t) => t.ms)).toEqual([1000, 2000]);
    h.timers[1].fn();
    expect(h.sources).toHaveLength(3);
    expect(h.resyncs()).toBe(0);
    h.sources[2].open();
    expect(h.states.at(-1)).toBe('live');
    expect(h.resyncs()).toBe(1);
  });

  it('tells the app each time the browser gave up (a 401 looks like any other error to an EventSource)', () => {
    const h = harness();
    h.sources[0].open();
    h.sources[0].fail(0); // a dropped connection the browser retries itself: no session check needed
    expect(h.closings()).toBe(0);
    h.sources[0].fail(2);
    expect(h.closings()).toBe(1);
    h.timers[0].fn();
    h.sources[1].fail(2);
    expect(h.closings()).toBe(2);
  });

  it('stops for good when closed', () => {
    const h = harness();
    h.stop();
    expect(h.sources[0].closed).toBe(true);
  });

  it('caps the backoff', () => {
    expect(backoffMs(0)).toBe(1000);
    expect(backoffMs(3)).toBe(8000);
    expect(backoffMs(10)).toBe(15000);
  });
});
