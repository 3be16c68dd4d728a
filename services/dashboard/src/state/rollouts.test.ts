import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ApiStore, Catalog, Rollout, StoreEvent } from '../api/types';
import { dashboardReducer, initialState } from './storesReducer';
import {
  createCoalescer,
  describeSelector,
  failedStores,
  keptStores,
  planRollout,
  planText,
  rolloutActions,
  rolloutTotals,
  shouldRefresh,
  wavePercents,
  waveState,
  waveText,
} from './rollouts';

const wave = (over: Partial<Rollout['waves'][number]> = {}) => ({ wave: 1, total: 0, done: 0, failed: 0, upgrading: 0, pending: 0, ...over });
const ev = (over: Partial<StoreEvent>): StoreEvent => ({ id: 1, type: 'store.status', store: '', status: '', reason: '', at: '2026-12-03T10:00:00Z', data: {}, ...over });
const progress = (rollout: number, status = 'running') =>
  ev({ type: 'rollout.progress', status, data: { rollout, engine: 'woocommerce', toVersion: '9.8.6', wave: 1, waves: 3, total: 6, done: 0, failed: 0 } });

const rollout = (over: Partial<Rollout> = {}): Rollout => ({
  id: 7, engine: 'woocommerce', toVersion: '9.8.6', selector: 'all', waveSize: 2, maxFailures: 0, state: 'running', reason: '',
  currentWave: 1, waves: [wave({ total: 2, upgrading: 2 }), wave({ wave: 2, total: 1, pending: 1 })],
  stores: [
    { store: 'a-shop', wave: 1, fromVersion: '9.8.5', state: 'started', outcome: 'failed', reason: 'pod a-shop-web-0: Unschedulable' },
    { store: 'b-shop', wave: 1, fromVersion: '9.8.5', state: 'started', outcome: 'done', reason: '' },
    { store: 'old-shop', wave: 0, fromVersion: '9.9.0', state: 'kept', outcome: 'pending', reason: 'cannot move down' },
  ],
  createdBy: 'admin', createdAt: '2026-12-03T10:00:00Z', updatedAt: '2026-12-03T10:00:00Z', ...over,
});

describe('wave progress', () => {
  it('gives each part its share in whole percent, always summing to 100', () => {
    expect(wavePercents(wave({ total: 4, done: 2, failed: 1, pending: 1 }))).toEqual({ done: 50, failed: 25, upgrading: 0, pending: 25 });
    const thirds = wavePercents(wave({ total: 3, done: 1, upgrading: 1, pending: 1 }));
    expect(thirds).toEqual({ done: 34, failed: 0, upgrading: 33, pending: 33 });
    const odd = wavePercents(wave({ total: 7, done: 3, failed: 1, upgrading: 2, pending: 1 }));
    expect(Object.values(odd).reduce((a, b) => a + b, 0)).toBe(100);
    expect(wavePercents(wave({ total: 0 }))).toEqual({ done: 0, failed: 0, upgrading: 0, pending: 100 });
    expect(wavePercents(wave({ total: 2, done: 2 }))).toEqual({ done: 100, failed: 0, upgrading: 0, pending: 0 });
  });

  it('says the counts in words and where the wave is', () => {
    expect(waveText(wave({ total: 2, done: 1, failed: 1 }))).toBe('1 of 2 done, 1 failed, 0 upgrading, 0 pending');
    expect(waveState(wave({ total: 2, pending: 2 }))).toBe('waiting');
    expect(waveState(wave({ total: 2, done: 1, upgrading: 1 }))).toBe('rolling');
    expect(waveState(wave({ total: 2, done: 1, failed: 1 }))).toBe('settled');
    expect(rolloutTotals(rollout())).toEqual({ total: 3, done: 0, failed: 0, upgrading: 2, pending: 1 });
  });

  it('lists the failed and the kept stores with their reasons', () => {
    expect(failedStores(rollout()).map((s) => [s.store, s.reason])).toEqual([['a-shop', 'pod a-shop-web-0: Unschedulable']]);
    expect(keptStores(rollout()).map((s) => s.store)).toEqual(['old-shop']);
    expect(failedStores(rollout({ stores: undefined }))).toEqual([]);
  });
});

describe('buttons per state', () => {
  it('offers Resume only when paused and Abort while running or paused', () => {
    expect(rolloutActions('running')).toEqual({ resume: false, abort: true });
    expect(rolloutActions('paused')).toEqual({ resume: true, abort: true });
    for (const s of ['completed', 'aborting', 'aborted', 'whatever']) expect(rolloutActions(s)).toEqual({ resume: false, abort: false });
  });
});

describe('live refresh', () => {
  it('reads the open rollout again on its own progress and on status changes of its stores only', () => {
    const r = rollout();
    expect(shouldRefresh(progress(7), r)).toBe(true);
    expect(shouldRefresh(progress(8), r)).toBe(false);
    expect(shouldRefresh(ev({ store: 'b-shop', status: 'Upgrading' }), r)).toBe(true);
    expect(shouldRefresh(ev({ store: 'other', status: 'Ready' }), r)).toBe(false);
    expect(shouldRefresh(ev({ type: 'store.step', store: 'b-shop', data: { step: 'helm', state: 'done' } }), r)).toBe(false);
    // a progress event without its rollout id is not one
    expect(shouldRefresh(ev({ type: 'rollout.progress', data: {} }), r)).toBe(false);
  });

  it('reads the list again on any rollout progress, not on store events', () => {
    expect(shouldRefresh(progress(3, 'completed'), null)).toBe(true);
    expect(shouldRefresh(ev({ store: 'b-shop', status: 'Ready' }), null)).toBe(false);
  });

  it('leaves the store state alone: a rollout.progress event (store "") makes no store and no timeline', () => {
    const s = dashboardReducer(initialState, { type: 'event', event: { ...progress(7), id: 12 } });
    expect(s.stores).toEqual({});
    expect(s.timelines).toEqual({});
    expect(s.announcement).toBe('');
    expect(s.lastEventId).toBe(12);
  });
});

describe('coalesced refresh', () => {
  afterEach(() => vi.useRealTimers());

  it('runs once for a burst, never twice at once, and once more for a trigger while running', async () => {
    vi.useFakeTimers();
    let runs = 0;
    let finish: () => void = () => undefined;
    const c = createCoalescer(() => new Promise<void>((r) => { runs++; finish = r; }), 250);
    c.trigger();
    c.trigger();
    c.trigger();
    await vi.advanceTimersByTimeAsync(250);
    expect(runs).toBe(1);
    c.trigger(); // while the first read is out
    await vi.advanceTimersByTimeAsync(1000);
    expect(runs).toBe(1);
    finish();
    await vi.advanceTimersByTimeAsync(250);
    expect(runs).toBe(2);
    finish();
    c.trigger();
    c.stop();
    await vi.advanceTimersByTimeAsync(1000);
    expect(runs).toBe(2);
  });
});

describe('the start dialog', () => {
  const catalog: Catalog = {
    publishedAt: '',
    engines: { woocommerce: { default: '9.8.5', versions: [
      { version: '9.8.6', summary: '', dataSchema: 2, deprecated: false },
      { version: '9.8.5', summary: '', dataSchema: 2, deprecated: false },
      { version: '9.9.0', summary: '', dataSchema: 3, deprecated: false },
    ] } },
  };
  const row = (name: string, over: Partial<ApiStore> = {}): ApiStore => ({
    id: 1, store_name: name, engine: 'woocommerce', namespace: `store-${name}`, status: 'Ready', status_reason: null, url: '',
    created_at: '', updated_at: '', ready_at: null, version: '9.8.5', owner: '', ...over,
  });
  const rows = [
    row('a1'), row('a2'), row('a3'), row('a4'), row('a5', { owner: 'tok_1' }),
    row('done', { version: '9.8.6' }), row('leaving', { status: 'Deleting' }), row('med', { engine: 'medusa' }), row('newer', { version: '9.9.0' }),
  ];
  const req = { engine: 'woocommerce', toVersion: '9.8.6', waveSize: 2, maxFailures: 0 };

  it('counts the stores that would move and the waves, as the API selects them', () => {
    expect(planRollout(rows, { ...req, selector: 'all' }, catalog)).toEqual({ moving: 5, kept: 1, waves: 3 });
    expect(planRollout(rows, { ...req, selector: { names: ['a1', 'done', 'med'] } }, catalog)).toEqual({ moving: 1, kept: 0, waves: 1 });
    expect(planRollout(rows, { ...req, selector: { tenant: 'tok_1' } }, catalog)).toEqual({ moving: 1, kept: 0, waves: 1 });
  });

  it('says how many waves and that each must be Ready before the next', () => {
    const text = planText({ moving: 5, kept: 1, waves: 3 }, req);
    expect(text).toBe('5 stores move to 9.8.6 in 3 waves of up to 2. 1 store stays on its version: its data format is newer than 9.8.6 can read. ' +
      'Each wave must be Ready on 9.8.6 before the next starts; any failed store pauses it.');
    expect(planText(null, { ...req, maxFailures: 2 })).toMatch(/in waves of 2\. Each wave must be Ready on 9\.8\.6 before the next starts; more than 2 failed stores pause it\.$/);
    expect(planText({ moving: 0, kept: 0, waves: 0 }, req)).toMatch(/^None of the selected WooCommerce stores can move/);
  });

  it('describes a selector', () => {
    expect(describeSelector('all')).toBe('all stores');
    expect(describeSelector({ names: ['a', 'b'] })).toBe('named stores (a, b)');
    expect(describeSelector({ tenant: 'tok_1' })).toBe('stores of tenant tok_1');
  });
});
