import { describe, expect, it } from 'vitest';
import type { ApiStore, StoreEvent } from '../api/types';
import { dashboardReducer, initialState, listedStores, type DashboardState } from './storesReducer';

function apiStore(name: string, status: ApiStore['status'], over: Partial<ApiStore> = {}): ApiStore {
  return {
    id: 1,
    store_name: name,
    engine: 'woocommerce',
    namespace: `store-${name}`,
    status,
    status_reason: null,
    url: `http://${name}.local`,
    created_at: '2026-11-26T05:00:00.000Z',
    updated_at: '2026-11-26T05:00:00.000Z',
    ready_at: null,
    ...over,
  };
}

let nextId = 1;
function ev(type: string, store: string, over: Partial<StoreEvent> = {}): StoreEvent {
  return { id: nextId++, type, store, status: '', reason: '', at: '2026-11-26T05:01:00.000Z', data: {}, ...over };
}
const status = (store: string, s: string, over: Partial<StoreEvent> = {}) => ev('store.status', store, { status: s, ...over });
const step = (store: string, stepName: string, state: string) => ev('store.step', store, { data: { step: stepName, state } });

function run(state: DashboardState, events: StoreEvent[]): DashboardState {
  return events.reduce((s, e) => dashboardReducer(s, { type: 'event', event: e }), state);
}

const withShop = () => dashboardReducer(initialState, { type: 'snapshot', stores: [apiStore('shop', 'Queued')] });

describe('dashboardReducer', () => {
  it('loads the snapshot and leaves out deleted rows', () => {
    const s = dashboardReducer(initialState, {
      type: 'snapshot',
      stores: [apiStore('a-shop', 'Ready'), apiStore('gone', 'Deleted'), apiStore('b-shop', 'Failed', { status_reason: 'boom' })],
    });
    expect(s.snapshotLoaded).toBe(true);
    expect(Object.keys(s.stores).sort()).toEqual(['a-shop', 'b-shop']);
    expect(s.stores['b-shop'].reason).toBe('boom');
    expect(s.stores['a-shop'].progress.setup).toBe('done');
  });

  it('keeps what newer events said when a (re)loaded list is older', () => {
    let s = run(withShop(), [status('shop', 'Installing', { at: '2026-11-26T05:02:00.000Z' })]);
    s = dashboardReducer(s, { type: 'snapshot', stores: [apiStore('shop', 'Provisioning', { updated_at: '2026-11-26T05:01:00.000Z' })] });
    expect(s.stores.shop.status).toBe('Installing');
    s = dashboardReducer(s, { type: 'snapshot', stores: [apiStore('shop', 'Ready', { updated_at: '2026-11-26T05:03:00.000Z' })] });
    expect(s.stores.shop.status).toBe('Ready');
    // a store missing from a newer list leaves the list
    expect(dashboardReducer(s, { type: 'snapshot', stores: [] }).list.names).toEqual([]);
  });

  it('follows a store from Queued to Ready with its steps', () => {
    let s = withShop();
    s = run(s, [status('shop', 'Provisioning'), step('shop', 'namespace', 'started'), step('shop', 'namespace', 'done')]);
    expect(s.stores.shop.status).toBe('Provisioning');
    expect(s.stores.shop.progress.namespace).toBe('done');
    s = run(s, [step('shop', 'secret', 'done'), status('shop', 'Installing'), step('shop', 'helm', 'started')]);
    expect(s.stores.shop.progress).toMatchObject({ secret: 'done', helm: 'started', pods: 'pending' });
    s = run(s, [status('shop', 'Ready', { at: '2026-11-26T05:03:00.000Z' })]);
    expect(s.stores.shop.status).toBe('Ready');
    expect(s.stores.shop.readyAt).toBe('2026-11-26T05:03:00.000Z');
    expect(Object.values(s.stores.shop.progress).every((p) => p === 'done')).toBe(true);
    expect(s.announcement).toBe('Store shop is Ready.');
    expect(s.timelines.shop).toHaveLength(7);
  });

  it('follows a Ready store to Degraded and back, keeping when it was first Ready and its progress', () => {
    let s = run(withShop(), [status('shop', 'Ready', { at: '2026-11-26T05:03:00.000Z' })]);
    s = run(s, [status('shop', 'Degraded', { reason: 'pod w: CrashLoopBackOff', at: '2026-11-26T06:00:00.000Z' })]);
    expect(s.stores.shop.status).toBe('Degraded');
    expect(s.stores.shop.reason).toBe('pod w: CrashLoopBackOff');
    expect(Object.values(s.stores.shop.progress).every((p) => p === 'done')).toBe(true);
    s = run(s, [status('shop', 'Ready', { reason: 'all workloads ready again', at: '2026-11-26T06:01:00.000Z' })]);
    expect(s.stores.shop.status).toBe('Ready');
    expect(s.stores.shop.readyAt).toBe('2026-11-26T05:03:00.000Z');
  });

  it('keeps the failure reason and resets progress on retry', () => {
    let s = run(withShop(), [step('shop', 'pods', 'started'), step('shop', 'pods', 'failed'), status('shop', 'Failed', { reason: 'ImagePullBackOff' })]);
    expect(s.stores.shop.status).toBe('Failed');
    expect(s.stores.shop.reason).toBe('ImagePullBackOff');
    expect(s.stores.shop.progress.pods).toBe('failed');
    s = run(s, [status('shop', 'Queued', { data: { attempt: 2 } })]);
    expect(s.stores.shop.status).toBe('Queued');
    expect(s.stores.shop.reason).toBe('');
    expect(Object.values(s.stores.shop.progress).every((p) => p === 'pending')).toBe(true);
  });

  it('removes a store once Deleted but keeps its timeline', () => {
    const s = run(withShop(), [status('shop', 'Deleting'), step('shop', 'uninstall', 'done'), status('shop', 'Deleted')]);
    expect(s.stores.shop).toBeUndefined();
    expect(s.timelines.shop.map((e) => e.status).filter(Boolean)).toEqual(['Deleting', 'Deleted']);
  });

  it('ignores events it already applied (a replay after reconnect)', () => {
    const e = status('shop', 'Installing');
    let s = run(withShop(), [e, status('shop', 'Ready')]);
    s = run(s, [e]);
    expect(s.stores.shop.status).toBe('Ready');
    expect(s.timelines.shop).toHaveLength(2);
  });

  it('adds a store first seen through an event, without its engine yet', () => {
    const s = run(withShop(), [status('other', 'Queued')]);
    expect(s.stores.other).toMatchObject({ status: 'Queued', engine: '', namespace: 'store-other' });
  });

  it('does not resurrect an unknown store from a Deleting or Deleted event', () => {
    const s = run(withShop(), [status('ghost', 'Deleting'), status('ghost', 'Deleted')]);
    expect(s.stores.ghost).toBeUndefined();
  });

  it('does not let an event older than the snapshot turn the status back', () => {
    const snap = dashboardReducer(initialState, {
      type: 'snapshot',
      stores: [apiStore('shop', 'Ready', { updated_at: '2026-11-26T05:05:00.000Z' })],
    });
    const old = status('shop', 'Installing', { at: '2026-11-26T05:04:00.000Z' });
    expect(dashboardReducer(snap, { type: 'event', event: old, buffered: true }).stores.shop.status).toBe('Ready');
    // a live event is applied whatever its clock says (ids order the log, not clocks)
    expect(dashboardReducer(snap, { type: 'event', event: old }).stores.shop.status).toBe('Installing');
  });

  it('records observed pods and the setup job', () => {
    const pods = [{ name: 'wordpress-0', phase: 'Running', ready: true }];
    const s = run(withShop(), [ev('store.observed', 'shop', { data: { pods, setupJob: { name: 'setup', state: 'running' } } })]);
    expect(s.stores.shop.pods).toEqual(pods);
    expect(s.stores.shop.setupJob).toEqual({ name: 'setup', state: 'running' });
  });

  it('takes pods and the setup job from GET /status', () => {
    const s = dashboardReducer(withShop(), {
      type: 'statusLoaded',
      store: 'shop',
      status: { status: 'Installing', reason: null, pods: [{ name: 'db-0', phase: 'Running', ready: false }], jobs: [], setupJob: { name: 'shop-setup', state: 'running' } },
    });
    expect(s.stores.shop.pods).toHaveLength(1);
    expect(s.stores.shop.setupJob).toEqual({ name: 'shop-setup', state: 'running' });
    expect(dashboardReducer(s, { type: 'statusLoaded', store: 'nope', status: { status: 'Ready', reason: null, pods: [], jobs: [] } })).toBe(s);
  });

  it('shows the pods step running until every observed pod is ready', () => {
    const observed = (ready: boolean[]) =>
      ev('store.observed', 'shop', { data: { pods: ready.map((r, i) => ({ name: `p-${i}`, phase: 'Running', ready: r })) } });
    let s = run(withShop(), [step('shop', 'helm', 'done'), observed([false, false])]);
    expect(s.stores.shop.progress.pods).toBe('started');
    s = run(s, [observed([true, false]), step('shop', 'pods', 'done')]);
    expect(s.stores.shop.progress.pods).toBe('started');
    s = run(s, [observed([true, true])]);
    expect(s.stores.shop.progress.pods).toBe('done');
  });

  it('collects orphan namespaces once each', () => {
    const orphan = () => ev('store.orphan', '', { data: { namespace: 'store-lost' } });
    const s = run(initialState, [orphan(), orphan()]);
    expect(s.orphans).toEqual(['store-lost']);
  });

  it('rebuilds progress from a store history, starting at the last attempt', () => {
    const s0 = dashboardReducer(initialState, { type: 'snapshot', stores: [apiStore('shop', 'Installing')] });
    const history = [
      status('shop', 'Queued'),
      step('shop', 'namespace', 'done'),
      step('shop', 'secret', 'done'),
      step('shop', 'helm', 'failed'),
      status('shop', 'Failed'),
      status('shop', 'Queued'),
      step('shop', 'helm', 'started'),
      ev('store.observed', 'shop', { data: { pods: [{ name: 'p', phase: 'Pending', ready: false }] } }),
    ];
    const s = dashboardReducer(s0, { type: 'history', store: 'shop', events: history });
    expect(s.stores.shop.status).toBe('Installing'); // history never overrides the status
    expect(s.stores.shop.progress).toMatchObject({ namespace: 'done', secret: 'done', helm: 'started', pods: 'pending' });
    expect(s.stores.shop.pods).toHaveLength(1);
    expect(s.timelines.shop).toHaveLength(history.length);
    // merging the same history twice does not duplicate the timeline
    expect(dashboardReducer(s, { type: 'history', store: 'shop', events: history }).timelines.shop).toHaveLength(history.length);
  });

  it('shows a created store at once and fills in an event-only store when its row arrives', () => {
    let s = dashboardReducer(initialState, {
      type: 'created',
      response: { success: true, status: 'Queued', storeName: 'new-shop', namespace: 'store-new-shop', url: 'http://new-shop.local' },
      engine: 'medusa',
      at: '2026-11-26T05:00:00.000Z',
    });
    expect(s.stores['new-shop']).toMatchObject({ engine: 'medusa', status: 'Queued', url: 'http://new-shop.local' });
    s = run(s, [status('seen', 'Queued', { at: '2026-11-26T05:00:30.000Z' }), status('seen', 'Provisioning', { at: '2026-11-26T05:02:00.000Z' })]);
    s = dashboardReducer(s, { type: 'storeLoaded', store: apiStore('seen', 'Queued', { engine: 'medusa', updated_at: '2026-11-26T05:01:00.000Z' }) });
    expect(s.stores.seen).toMatchObject({ engine: 'medusa', status: 'Provisioning' });
  });

  it('keeps no store first seen through a later status (outside the loaded pages; the tiles count it)', () => {
    const s = run(withShop(), [status('far-away', 'Failed', { reason: 'boom' })]);
    expect(s.stores['far-away']).toBeUndefined();
    expect(s.timelines['far-away']).toHaveLength(1);
  });

  it('lists the snapshot in the server order, rows not fetched left out', () => {
    const s = dashboardReducer(initialState, {
      type: 'snapshot',
      stores: [apiStore('new', 'Installing', { id: 4 }), apiStore('old', 'Ready', { id: 3 }), apiStore('gone', 'Deleted', { id: 2 })],
      nextCursor: 'c1',
      total: 40,
    });
    expect(listedStores(s).map((v) => v.name)).toEqual(['new', 'old']);
    expect(s.list).toMatchObject({ nextCursor: 'c1', total: 40, loaded: true });
  });

  it('marks the step that was running as failed when the store fails', () => {
    let s = run(withShop(), [step('shop', 'helm', 'done'), step('shop', 'pods', 'started')]);
    expect(s.stores.shop.progress.pods).toBe('started');
    s = run(s, [status('shop', 'Failed', { reason: 'pod shop-web-0: ImagePullBackOff' })]);
    expect(s.stores.shop.progress).toMatchObject({ helm: 'done', pods: 'failed', setup: 'pending' });
  });

  it('shows a failed store loaded from the list failed at the step its reason names', () => {
    const s = dashboardReducer(initialState, {
      type: 'snapshot',
      stores: [apiStore('bad', 'Failed', { status_reason: 'pod bad-web-0: CrashLoopBackOff' }), apiStore('odd', 'Failed', { status_reason: 'mystery' })],
    });
    expect(s.stores.bad.progress).toMatchObject({ namespace: 'done', helm: 'done', pods: 'failed', setup: 'pending' });
    expect(Object.values(s.stores.odd.progress).every((p) => p === 'pending')).toBe(true);
  });

  it('takes warnings from the row, then live from observations, and drops them once deleting', () => {
    const warn = { kind: 'Pod', name: 'shop-web-0', reason: 'ErrImagePull', message: 'pull access denied' };
    let s = dashboardReducer(initialState, { type: 'snapshot', stores: [apiStore('shop', 'Installing', { warnings: [warn] })] });
    expect(s.stores.shop.warnings).toEqual([warn]);
    const pods = [{ name: 'shop-web-0', phase: 'Pending', ready: false, reason: 'ImagePullBackOff', message: 'Back-off pulling image' }];
    s = run(s, [ev('store.observed', 'shop', { data: { pods } })]);
    expect(s.stores.shop.warnings).toEqual([{ kind: 'Pod', name: 'shop-web-0', reason: 'ImagePullBackOff', message: 'Back-off pulling image' }]);
    expect(s.stores.shop.status).toBe('Installing'); // trouble shows before any failure
    s = run(s, [ev('store.observed', 'shop', { data: { pods: [{ name: 'shop-web-0', phase: 'Running', ready: true, reason: '' }] } })]);
    expect(s.stores.shop.warnings).toEqual([]);
    s = run(s, [ev('store.observed', 'shop', { data: { pods, setupJob: { name: 'shop-setup', state: 'failed' } } })]);
    expect(s.stores.shop.warnings.map((w) => w.reason)).toEqual(['ImagePullBackOff', 'JobFailed']);
    s = run(s, [status('shop', 'Deleting')]);
    expect(s.stores.shop.warnings).toEqual([]);
  });

  it('takes warnings from GET /status, or works them out from its pods', () => {
    const withWarnings = dashboardReducer(withShop(), {
      type: 'statusLoaded',
      store: 'shop',
      status: { status: 'Installing', reason: null, pods: [], jobs: [], warnings: [{ kind: 'Job', name: 'shop-setup', reason: 'JobFailed', message: 'BackoffLimitExceeded' }] },
    });
    expect(withWarnings.stores.shop.warnings.map((w) => w.message)).toEqual(['BackoffLimitExceeded']);
    const fromPods = dashboardReducer(withShop(), {
      type: 'statusLoaded',
      store: 'shop',
      status: { status: 'Installing', reason: null, pods: [{ name: 'p', phase: 'Pending', ready: false, reason: 'Unschedulable' }], jobs: [] },
    });
    expect(fromPods.stores.shop.warnings.map((w) => w.reason)).toEqual(['Unschedulable']);
  });

  it('follows an upgrade: the PATCH answer, Upgrading with its steps afresh, then Ready on the new version', () => {
    let s = dashboardReducer(initialState, { type: 'snapshot', stores: [apiStore('shop', 'Ready', { version: '9.7.1', suspended: false })] });
    expect(s.stores.shop).toMatchObject({ version: '9.7.1', suspended: false });
    s = dashboardReducer(s, { type: 'storeLoaded', store: apiStore('shop', 'Upgrading', { version: '9.8.5', updated_at: '2026-11-26T05:01:00.000Z' }) });
    expect(s.stores.shop).toMatchObject({ status: 'Upgrading', version: '9.8.5' });
    expect(Object.values(s.stores.shop.progress).every((p) => p === 'pending')).toBe(true);
    s = run(s, [status('shop', 'Upgrading', { reason: 'upgrade 9.7.1 → 9.8.5 requested' }), step('shop', 'helm', 'started')]);
    expect(s.stores.shop.progress).toMatchObject({ secret: 'done', helm: 'started', pods: 'pending' });
    s = run(s, [status('shop', 'Ready', { at: '2026-11-26T05:02:00.000Z' })]);
    expect(s.stores.shop).toMatchObject({ status: 'Ready', version: '9.8.5' });
    expect(Object.values(s.stores.shop.progress).every((p) => p === 'done')).toBe(true);
  });

  it('shows steps afresh when an installed store starts Upgrading through an event, and derives them from history', () => {
    let s = run(withShop(), [status('shop', 'Ready', { at: '2026-11-26T05:03:00.000Z' })]);
    s = run(s, [status('shop', 'Upgrading', { at: '2026-11-26T06:00:00.000Z' }), step('shop', 'namespace', 'done')]);
    expect(s.stores.shop.progress).toMatchObject({ namespace: 'done', secret: 'pending', setup: 'pending' });
    // a page opened mid-upgrade rebuilds the same from the timeline (the change began at its first Upgrading)
    const h = dashboardReducer(dashboardReducer(initialState, { type: 'snapshot', stores: [apiStore('shop', 'Upgrading')] }), {
      type: 'history', store: 'shop', events: s.timelines.shop,
    });
    expect(h.stores.shop.progress).toMatchObject({ namespace: 'done', secret: 'pending', setup: 'pending' });
  });

  it('follows suspend and resume: Suspended is an installed store at rest, its flag follows', () => {
    let s = run(withShop(), [status('shop', 'Ready', { at: '2026-11-26T05:03:00.000Z' })]);
    s = dashboardReducer(s, { type: 'storeLoaded', store: apiStore('shop', 'Upgrading', { suspended: true, ready_at: '2026-11-26T05:03:00.000Z', updated_at: '2026-11-26T06:00:00.000Z' }) });
    expect(s.stores.shop.suspended).toBe(true);
    s = run(s, [status('shop', 'Suspended', { reason: 'workloads scaled to 0; data volumes kept', at: '2026-11-26T06:01:00.000Z' })]);
    expect(s.stores.shop).toMatchObject({ status: 'Suspended', suspended: true, readyAt: '2026-11-26T05:03:00.000Z' });
    expect(Object.values(s.stores.shop.progress).every((p) => p === 'done')).toBe(true);
    // pods observed while suspended (none) leave the finished steps alone
    s = run(s, [ev('store.observed', 'shop', { data: { pods: [] } })]);
    expect(Object.values(s.stores.shop.progress).every((p) => p === 'done')).toBe(true);
    s = run(s, [status('shop', 'Upgrading', { at: '2026-11-26T06:02:00.000Z' }), status('shop', 'Ready', { at: '2026-11-26T06:03:00.000Z' })]);
    expect(s.stores.shop).toMatchObject({ status: 'Ready', suspended: false });
  });
});
