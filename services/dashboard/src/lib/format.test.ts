import { describe, expect, it } from 'vitest';
import { adminUrl, formatAge, isLocalOnlyUrl } from './format';
import { DEFAULT_HINT, failureHint } from './failureHints';

describe('formatAge', () => {
  const now = Date.parse('2026-11-26T12:00:00Z');
  it.each([
    ['2026-11-26T12:00:00Z', 'just now'],
    ['2026-11-26T11:59:30Z', '30s'],
    ['2026-11-26T11:55:00Z', '5m'],
    ['2026-11-26T09:50:00Z', '2h 10m'],
    ['2026-11-26T09:00:00Z', '3h'],
    ['2026-11-24T08:00:00Z', '2d 4h'],
    ['not a date', '—'],
  ])('%s → %s', (iso, expected) => {
    expect(formatAge(iso, now)).toBe(expected);
  });
});

describe('adminUrl', () => {
  it('points WooCommerce at /wp-admin and Medusa at /app', () => {
    expect(adminUrl('http://shop.local', 'woocommerce')).toBe('http://shop.local/wp-admin');
    expect(adminUrl('http://shop.local/', 'medusa')).toBe('http://shop.local/app');
    expect(adminUrl('', 'medusa')).toBeNull();
    expect(adminUrl('http://shop.local', '')).toBeNull();
  });
});

describe('failureHint', () => {
  it('maps known reasons to a next step', () => {
    expect(failureHint('pod wordpress-0: ImagePullBackOff')).toMatch(/image could not be pulled/);
    expect(failureHint('container mysql in CrashLoopBackOff')).toMatch(/keeps crashing/);
    expect(failureHint('0/1 nodes available: Insufficient cpu')).toMatch(/short of resources/);
    expect(failureHint('setup job failed')).toMatch(/setup job failed/);
    expect(failureHint('timed out waiting for pods')).toMatch(/in time/);
    expect(failureHint('helm install failed: exit 1')).toMatch(/Helm could not install/);
  });
  it('falls back to a generic hint', () => {
    expect(failureHint('')).toBe(DEFAULT_HINT);
    expect(failureHint('something odd')).toBe(DEFAULT_HINT);
  });
});

describe('failureHint for a namespace removed outside the platform', () => {
  it('says what happened instead of pointing at permissions', () => {
    const hint = failureHint('namespace store-a was deleted outside the platform; retry the store to reinstall it');
    expect(hint).toContain('removed outside Storefleet');
    expect(hint).not.toContain('permissions');
    expect(failureHint('cannot create namespace: forbidden')).toContain('permissions');
  });
});

describe('isLocalOnlyUrl', () => {
  it('flags *.local store addresses only', () => {
    expect(isLocalOnlyUrl('http://my-shop.local')).toBe(true);
    expect(isLocalOnlyUrl('http://my-shop.LOCAL:8080/app')).toBe(true);
    expect(isLocalOnlyUrl('http://my-shop.203.0.113.7.nip.io')).toBe(false);
    expect(isLocalOnlyUrl('http://local.example.com')).toBe(false);
    expect(isLocalOnlyUrl('not a url')).toBe(false);
  });
});
