import { describe, expect, it } from 'vitest';
import { STORE_STATUSES, type Catalog, type StoreStatus } from '../api/types';
import { createChoices, offeredActions, preferredTarget, upgradeTargets } from './storeActions';

// The shipped catalogue's shape (charts/store/versions/catalog.yaml): 9.8.5 migrated the data forward.
const catalog: Catalog = {
  publishedAt: '2026-12-01T00:00:00Z',
  engines: {
    woocommerce: {
      default: '9.8.5',
      versions: [
        { version: '9.8.5', summary: 'WordPress 6.8.1, WooCommerce 9.8.5', dataSchema: 2, deprecated: false },
        { version: '9.7.1', summary: 'WordPress 6.7.2, WooCommerce 9.7.1', dataSchema: 1, deprecated: false },
        { version: '9.6.2', summary: 'WordPress 6.7.1, WooCommerce 9.6.2', dataSchema: 1, deprecated: true },
      ],
    },
    medusa: { default: '2.8.4', versions: [{ version: '2.8.4', summary: 'Medusa 2.8.4', dataSchema: 1, deprecated: false }] },
  },
};

/** "upgrade+ suspend-": the actions shown, + enabled, - disabled. */
const shown = (status: StoreStatus, suspended = status === 'Suspended', pending = false) =>
  offeredActions({ status, suspended }, pending)
    .map((a) => `${a.action}${a.enabled ? '+' : '-'}`)
    .join(' ');

describe('offeredActions', () => {
  it('offers upgrade and suspend on a store at rest, resume on a suspended one', () => {
    expect(shown('Ready')).toBe('upgrade+ suspend+');
    expect(shown('Degraded')).toBe('upgrade+ suspend+');
    expect(shown('Suspended')).toBe('upgrade+ resume+');
  });

  it('lets a Failed store start over on another version, without suspend or resume', () => {
    expect(shown('Failed')).toBe('upgrade+');
  });

  it('disables everything while a change is in flight, showing where an Upgrading store is heading', () => {
    expect(shown('Upgrading', false)).toBe('upgrade- suspend-');
    expect(shown('Upgrading', true)).toBe('upgrade- resume-');
    for (const s of ['Queued', 'Provisioning', 'Installing'] as const) expect(shown(s)).toBe('upgrade-');
    expect(offeredActions({ status: 'Upgrading', suspended: false })[0].why).toMatch(/rolling out/);
  });

  it('disables everything while deleting, and offers nothing on a Deleted store', () => {
    expect(shown('Deleting')).toBe('upgrade- suspend-');
    expect(offeredActions({ status: 'Deleting', suspended: false })[0].why).toMatch(/deleted/);
    expect(shown('Deleted')).toBe('');
  });

  it('disables everything while a request of the page is pending', () => {
    expect(shown('Ready', false, true)).toBe('upgrade- suspend-');
    expect(shown('Suspended', true, true)).toBe('upgrade- resume-');
  });

  it('trusts the status over a stale flag once the store settled', () => {
    expect(shown('Ready', true)).toBe('upgrade+ suspend+');
    expect(shown('Suspended', false)).toBe('upgrade+ resume+');
  });

  it('has an answer for every status', () => {
    for (const s of STORE_STATUSES) expect(Array.isArray(offeredActions({ status: s, suspended: false }))).toBe(true);
  });
});

describe('upgradeTargets', () => {
  it('leaves out the current and the deprecated versions, labelled with their summaries', () => {
    expect(upgradeTargets(catalog, 'woocommerce', '9.7.1')).toEqual([
      { version: '9.8.5', summary: 'WordPress 6.8.1, WooCommerce 9.8.5', olderFormat: false },
    ]);
  });

  it('marks a move down to an older data format as refused', () => {
    expect(upgradeTargets(catalog, 'woocommerce', '9.8.5')).toEqual([
      { version: '9.7.1', summary: 'WordPress 6.7.2, WooCommerce 9.7.1', olderFormat: true },
    ]);
  });

  it('lets a store on a deprecated version move to one of the same data format or newer', () => {
    expect(upgradeTargets(catalog, 'woocommerce', '9.6.2').map((t) => [t.version, t.olderFormat])).toEqual([
      ['9.8.5', false],
      ['9.7.1', false],
    ]);
  });

  it('compares nothing when the current version is unknown, and offers nothing without a catalogue', () => {
    expect(upgradeTargets(catalog, 'woocommerce', '').every((t) => !t.olderFormat)).toBe(true);
    expect(upgradeTargets(catalog, 'woocommerce', '').map((t) => t.version)).toEqual(['9.8.5', '9.7.1']);
    expect(upgradeTargets(catalog, 'medusa', '2.8.4')).toEqual([]);
    expect(upgradeTargets(null, 'woocommerce', '9.7.1')).toEqual([]);
    expect(upgradeTargets(catalog, 'magento', '1.0')).toEqual([]);
  });

  it('preselects the default when it is allowed, else the first allowed, else nothing', () => {
    expect(preferredTarget(catalog, 'woocommerce', upgradeTargets(catalog, 'woocommerce', '9.6.2'))).toBe('9.8.5');
    expect(preferredTarget(catalog, 'woocommerce', upgradeTargets(catalog, 'woocommerce', '9.8.5'))).toBe('');
  });
});

describe('createChoices', () => {
  it('offers the non-deprecated versions with the default preselected', () => {
    expect(createChoices(catalog, 'woocommerce')).toEqual({
      versions: [
        { version: '9.8.5', summary: 'WordPress 6.8.1, WooCommerce 9.8.5' },
        { version: '9.7.1', summary: 'WordPress 6.7.2, WooCommerce 9.7.1' },
      ],
      default: '9.8.5',
    });
  });

  it('offers nothing without a catalogue (the API then picks its default)', () => {
    expect(createChoices(null, 'woocommerce')).toEqual({ versions: [], default: '' });
  });
});
