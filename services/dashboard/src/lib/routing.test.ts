import { describe, expect, it } from 'vitest';
import { failureHint } from './failureHints';
import { formatTime } from './format';
import { parseRoute } from './useHashRoute';
import { visibleRange } from './useVirtualRows';

describe('routes', () => {
  it('reads the list with its filters, a store, the audit log, rollouts; anything else is not found', () => {
    expect(parseRoute('')).toEqual({ page: 'stores', search: '' });
    expect(parseRoute('#/?status=Failed&q=a')).toEqual({ page: 'stores', search: 'status=Failed&q=a' });
    expect(parseRoute('#/stores/my-shop')).toEqual({ page: 'store', name: 'my-shop' });
    expect(parseRoute('#/audit?q=x')).toEqual({ page: 'audit', search: 'q=x' });
    expect(parseRoute('#/rollouts')).toEqual({ page: 'rollouts' });
    expect(parseRoute('#/rollouts/12')).toEqual({ page: 'rollout', id: 12 });
    expect(parseRoute('#/rollouts/0')).toEqual({ page: 'notFound', path: '/rollouts/0' });
    expect(parseRoute('#/rollouts/x')).toEqual({ page: 'notFound', path: '/rollouts/x' });
    expect(parseRoute('#/nope')).toEqual({ page: 'notFound', path: '/nope' });
    expect(parseRoute('#/stores/%E0%A4%A')).toEqual({ page: 'notFound', path: '/stores/%E0%A4%A' });
    expect(parseRoute('#/', '/some/path')).toEqual({ page: 'notFound', path: '/some/path' });
  });
});

describe('virtual rows', () => {
  it('renders the rows in view plus some either side, with spacers for the rest', () => {
    expect(visibleRange(10_000, 40, 0, 800, 5)).toEqual({ start: 0, end: 25, before: 0, after: (10_000 - 25) * 40 });
    // scrolled 4,000 px into the list: row 100 at the top
    expect(visibleRange(10_000, 40, -4000, 800, 5)).toEqual({ start: 95, end: 125, before: 95 * 40, after: (10_000 - 125) * 40 });
    expect(visibleRange(30, 40, -100_000, 800, 5)).toMatchObject({ start: 30, end: 30, after: 0 });
    expect(visibleRange(0, 40, 0, 800, 5)).toEqual({ start: 0, end: 0, before: 0, after: 0 });
  });
});

describe('hints and times', () => {
  it('fills in the real namespace and pod', () => {
    expect(failureHint('pod shop-web-0: CrashLoopBackOff', { namespace: 'store-shop' })).toContain('kubectl logs -n store-shop shop-web-0');
    expect(failureHint('CrashLoopBackOff')).toContain('kubectl logs -n <namespace> <pod>');
  });

  it('shows the time zone', () => {
    expect(formatTime('2026-12-03T10:04:05Z', 'en-US', 'UTC')).toBe('Dec 03, 2026, 10:04:05 AM UTC');
    expect(formatTime('2026-12-03T10:04:05Z', 'en-GB', 'Europe/Berlin')).toMatch(/^03 Dec 2026, 11:04:05 CET$/);
  });
});
