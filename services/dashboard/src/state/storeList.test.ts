import { describe, expect, it } from 'vitest';
import type { ApiStore, StoreEvent } from '../api/types';
import { DEFAULT_QUERY } from './listQuery';
import { dashboardReducer, initialState, listedStores, type DashboardState } from './storesReducer';

function apiStore(name: string, id: number, over: Partial<ApiStore> = {}): ApiStore {
  const at = new Date(Date.parse('2026-12-01T00:00:00Z') + id * 60_000).toISOString();
  return { id, store_name: name, engine: 'woocommerce', namespace: `store-${name}`, status: 'Ready', status_reason: null, url: '', created_at: at, updated_at: at, ready_at: at, owner: '', owner_name: '', warnings: [], ...over };
}
let nextId = 1000;
const status = (store: string, s: string, at = '2026-12-02T00:00:00.000Z'): StoreEvent => ({ id: nextId++, type: 'store.status', store, status: s, reason: '', at, data: {} });
const names = (s: DashboardState) => listedStores(s).map((v) => v.name);
const firstPage = (stores: ApiStore[], nextCursor: string | null, total: number, query = DEFAULT_QUERY) =>
  dashboardReducer(initialState, { type: 'snapshot', stores, query, nextCursor, total });

describe('the store list under live updates', () => {
  it('appends a further page of the same query once, and ignores a page of other filters', () => {
    let s = firstPage([apiStore('c', 3), apiStore('b', 2)], 'cur', 3);
    s = dashboardReducer(s, { type: 'page', stores: [apiStore('b', 2), apiStore('a', 1)], query: DEFAULT_QUERY, nextCursor: null, total: 3 });
    expect(names(s)).toEqual(['c', 'b', 'a']);
    expect(s.list.nextCursor).toBeNull();
    const other = dashboardReducer(s, { type: 'page', stores: [apiStore('x', 9)], query: { ...DEFAULT_QUERY, q: 'x' }, nextCursor: null, total: 1 });
    expect(other).toBe(s);
  });

  it('keeps a row in place when its status no longer matches the filter, until the list is loaded again', () => {
    const failedOnly = { ...DEFAULT_QUERY, status: ['Failed' as const] };
    let s = firstPage([apiStore('b', 2, { status: 'Failed' }), apiStore('a', 1, { status: 'Failed' })], null, 2, failedOnly);
    s = dashboardReducer(s, { type: 'event', event: status('b', 'Queued') });
    expect(names(s)).toEqual(['b', 'a']);
    expect(s.stores.b.status).toBe('Queued');
    expect(s.list.total).toBe(2);
  });

  it('puts a store created here at the top of the newest-first list and counts it', () => {
    let s = firstPage([apiStore('b', 2), apiStore('a', 1)], 'cur', 120);
    s = dashboardReducer(s, { type: 'created', response: { success: true, status: 'Queued', storeName: 'new', namespace: 'store-new', url: '' }, engine: 'medusa', at: '2026-12-03T00:00:00Z' });
    expect(names(s)).toEqual(['new', 'b', 'a']);
    expect(s.list.total).toBe(121);
    // not when it does not match the filters
    const medusaless = firstPage([apiStore('b', 2)], null, 1, { ...DEFAULT_QUERY, engine: 'woocommerce' });
    const after = dashboardReducer(medusaless, { type: 'created', response: { success: true, status: 'Queued', storeName: 'm', namespace: 'store-m', url: '' }, engine: 'medusa', at: '2026-12-03T00:00:00Z' });
    expect(names(after)).toEqual(['b']);
    expect(after.list.total).toBe(1);
  });

  it('places a store made elsewhere where the server would, once its row arrives; beyond the loaded rows it only counts', () => {
    const byName = { ...DEFAULT_QUERY, sort: 'name' as const, order: 'asc' as const };
    let s = firstPage([apiStore('a', 1), apiStore('c', 3)], 'cur', 10, byName);
    s = dashboardReducer(s, { type: 'event', event: status('b', 'Queued', '2026-12-03T00:00:00.000Z') });
    expect(names(s)).toEqual(['a', 'c']); // not before its engine and owner are known
    s = dashboardReducer(s, { type: 'storeLoaded', store: apiStore('b', 7, { status: 'Queued', created_at: '2026-12-03T00:00:00.000Z', updated_at: '2026-12-03T00:00:00.000Z' }) });
    expect(names(s)).toEqual(['a', 'b', 'c']);
    s = dashboardReducer(s, { type: 'event', event: status('z', 'Queued', '2026-12-03T00:01:00.000Z') });
    s = dashboardReducer(s, { type: 'storeLoaded', store: apiStore('z', 8, { status: 'Queued', created_at: '2026-12-03T00:01:00.000Z', updated_at: '2026-12-03T00:01:00.000Z' }) });
    expect(names(s)).toEqual(['a', 'b', 'c']);
    expect(s.list.total).toBe(12);
  });

  it('does not add an old store retried elsewhere or opened on its page, nor count it', () => {
    let s = firstPage([apiStore('new', 50)], 'cur', 50);
    s = dashboardReducer(s, { type: 'event', event: status('old', 'Queued', '2026-12-05T00:00:00.000Z') }); // a retry
    s = dashboardReducer(s, { type: 'storeLoaded', store: apiStore('old', 1, { status: 'Queued' }) });
    s = dashboardReducer(s, { type: 'storeLoaded', store: apiStore('older', 0.5) });
    expect(names(s)).toEqual(['new']);
    expect(s.list.total).toBe(50);
    expect(s.stores.old.status).toBe('Queued'); // known for its page all the same
  });

  it('drops a deleted store from the list and the total, and a store the API says is gone', () => {
    let s = firstPage([apiStore('b', 2), apiStore('a', 1)], null, 2);
    s = dashboardReducer(s, { type: 'event', event: status('b', 'Deleted') });
    expect(names(s)).toEqual(['a']);
    expect(s.list.total).toBe(1);
    s = dashboardReducer(s, { type: 'storeGone', store: 'a' });
    expect(names(s)).toEqual([]);
    expect(s.stores.a).toBeUndefined();
  });
});
