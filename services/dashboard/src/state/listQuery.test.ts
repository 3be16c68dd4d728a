import { describe, expect, it } from 'vitest';
import { STORE_STATUSES } from '../api/types';
import { DEFAULT_QUERY, IN_PROGRESS, STATUS_RANK, compareRows, listHref, matchesQuery, parseListQuery, serializeListQuery, toApiParams, toggleSort, type ListedRow } from './listQuery';

const row = (name: string, over: Partial<ListedRow> = {}): ListedRow => ({
  id: 1,
  name,
  engine: 'woocommerce',
  status: 'Ready',
  owner: '',
  ownerName: '',
  createdAt: '2026-12-01T00:00:00Z',
  updatedAt: '2026-12-01T00:00:00Z',
  ...over,
});

describe('list query in the URL', () => {
  it('reads statuses in any case, in the documented order, and drops junk', () => {
    const q = parseListQuery('status=failed,READY,nonsense&engine=Medusa&q=%20Shop%20&sort=name');
    expect(q).toEqual({ status: ['Ready', 'Failed'], engine: 'medusa', owner: '', q: 'shop', sort: 'name', order: 'asc' });
    expect(parseListQuery('sort=bogus&order=sideways&engine=magento')).toEqual(DEFAULT_QUERY);
  });

  it('leaves defaults out, so the plain list is #/, and round-trips', () => {
    expect(listHref(DEFAULT_QUERY)).toBe('#/');
    const q = { ...DEFAULT_QUERY, status: ['Failed' as const, 'Degraded' as const], owner: 'team a', sort: 'status' as const, order: 'asc' as const };
    const text = serializeListQuery(q);
    expect(text).toBe('status=Failed%2CDegraded&owner=team+a&sort=status&order=asc');
    expect(parseListQuery(text)).toEqual({ ...q, status: ['Degraded', 'Failed'] });
  });

  it('asks the API with comma-separated statuses and the sort', () => {
    expect(toApiParams({ ...DEFAULT_QUERY, status: ['Queued', 'Installing'], q: 'ab' })).toEqual({
      status: 'Queued,Installing',
      engine: undefined,
      owner: undefined,
      q: 'ab',
      sort: 'created',
      order: 'desc',
    });
  });

  it('flips the order of the same column, starts another at its natural order', () => {
    const byName = toggleSort(DEFAULT_QUERY, 'name');
    expect([byName.sort, byName.order]).toEqual(['name', 'asc']);
    expect(toggleSort(byName, 'name').order).toBe('desc');
    expect(toggleSort(byName, 'updated').order).toBe('desc');
  });
});

describe('matching and ordering like the server', () => {
  it('matches filters, and cannot tell before a row is fetched', () => {
    expect(matchesQuery(row('a-shop'), DEFAULT_QUERY)).toBe(true);
    expect(matchesQuery(row('a-shop', { status: 'Deleted' }), DEFAULT_QUERY)).toBe(false);
    expect(matchesQuery(row('a-shop'), { ...DEFAULT_QUERY, q: 'shop' })).toBe(true);
    expect(matchesQuery(row('a-shop'), { ...DEFAULT_QUERY, q: 'zzz' })).toBe(false);
    expect(matchesQuery(row('a-shop', { engine: '' }), { ...DEFAULT_QUERY, engine: 'medusa' })).toBeNull();
    expect(matchesQuery(row('a-shop', { owner: 'tok_1', ownerName: 'team-a' }), { ...DEFAULT_QUERY, owner: 'team-a' })).toBe(true);
    expect(matchesQuery(row('a-shop', { owner: null }), { ...DEFAULT_QUERY, owner: 'team-a' })).toBeNull();
  });

  it('orders by severity for status, by id within equal keys, and a row not fetched yet as the newest', () => {
    const q = { ...DEFAULT_QUERY, sort: 'status' as const, order: 'asc' as const };
    const rows = [row('r', { id: 1 }), row('f', { id: 2, status: 'Failed' }), row('d', { id: 3, status: 'Degraded' }), row('f2', { id: 4, status: 'Failed' })];
    expect(rows.sort((a, b) => compareRows(a, b, q)).map((r) => r.name)).toEqual(['f', 'f2', 'd', 'r']);
    const newest = [row('old', { id: 5 }), row('new', { id: 0 })].sort((a, b) => compareRows(a, b, DEFAULT_QUERY));
    expect(newest.map((r) => r.name)).toEqual(['new', 'old']);
    // byte order, as SQLite compares names ('-' before digits before letters)
    const byName = [row('ab'), row('a-b'), row('a1')].sort((a, b) => compareRows(a, b, { ...DEFAULT_QUERY, sort: 'name', order: 'asc' }));
    expect(byName.map((r) => r.name)).toEqual(['a-b', 'a1', 'ab']);
  });
});

describe('STATUS_RANK', () => {
  it("is the API's severity order for sort=status, every status once", () => {
    const bySeverity = [...STORE_STATUSES].sort((a, b) => STATUS_RANK[a] - STATUS_RANK[b]);
    expect(bySeverity).toEqual(['Failed', 'Degraded', 'Queued', 'Provisioning', 'Installing', 'Upgrading', 'Deleting', 'Suspended', 'Ready', 'Deleted']);
    expect(new Set(Object.values(STATUS_RANK)).size).toBe(STORE_STATUSES.length);
  });

  it('places an Upgrading store among the busy ones and a Suspended one just before Ready', () => {
    const q = { ...DEFAULT_QUERY, sort: 'status' as const, order: 'asc' as const };
    const rows = (['Ready', 'Suspended', 'Upgrading', 'Failed'] as const).map((s, i) => row(`s${i}`, { id: i + 1, status: s }));
    expect([...rows].sort((a, b) => compareRows(a, b, q)).map((r) => r.status)).toEqual(['Failed', 'Upgrading', 'Suspended', 'Ready']);
  });

  it('counts a change rolling out as in progress', () => {
    expect(IN_PROGRESS).toEqual(['Queued', 'Provisioning', 'Installing', 'Upgrading']);
    expect(parseListQuery('status=suspended,upgrading').status).toEqual(['Upgrading', 'Suspended']);
  });
});
