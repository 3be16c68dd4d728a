// The spec changes a store page offers (upgrade, suspend, resume: PATCH /api/stores/:name) and the versions an
// upgrade may pick. Pure, so the rules are tested without a browser; the API decides anyway.
import type { Catalog, StoreStatus } from '../api/types';

export type SpecAction = 'upgrade' | 'suspend' | 'resume';

export interface OfferedAction {
  action: SpecAction;
  enabled: boolean;
  /** Why it is disabled (a tooltip), '' when enabled. */
  why: string;
}

/** Installed and at rest: a change can start. */
const SETTLED: readonly StoreStatus[] = ['Ready', 'Degraded', 'Suspended'];

function whyBusy(status: StoreStatus, pending: boolean): string {
  if (pending) return 'A request for this store is being sent.';
  if (status === 'Deleting') return 'The store is being deleted.';
  if (status === 'Upgrading') return 'A change is rolling out; wait until it settles.';
  if (status === 'Queued' || status === 'Provisioning' || status === 'Installing') return 'The store is still being set up.';
  return '';
}

/**
 * The actions a store page shows, in order. Upgrade on every live store (a Failed one starts over on the new
 * version); Suspend or Resume on an installed one, by where it is (or is heading, while Upgrading). Each is
 * enabled only when the store is at rest and no request of this page is pending; a Deleted store has none.
 */
export function offeredActions(store: { status: StoreStatus; suspended: boolean }, pending = false): OfferedAction[] {
  const { status } = store;
  if (status === 'Deleted') return [];
  const busy = whyBusy(status, pending);
  const canStart = busy === '' && (SETTLED.includes(status) || status === 'Failed');
  const out: OfferedAction[] = [{ action: 'upgrade', enabled: canStart, why: canStart ? '' : busy }];
  const suspendedNow = status === 'Suspended' || (status !== 'Ready' && status !== 'Degraded' && store.suspended);
  if (SETTLED.includes(status) || status === 'Upgrading' || status === 'Deleting') {
    const atRest = busy === '' && SETTLED.includes(status);
    out.push({ action: suspendedNow ? 'resume' : 'suspend', enabled: atRest, why: atRest ? '' : busy });
  }
  return out;
}

export interface UpgradeTarget {
  version: string;
  summary: string;
  /** An older data format than the current version's: the API refuses it (422), so it is shown but not offered. */
  olderFormat: boolean;
}

/**
 * The versions a store of `engine` on `current` may be asked to move to, in the catalogue's order: neither the
 * current one nor deprecated ones. A version whose data format is older than the current one's is listed as
 * refused. When the current version is not in the catalogue (or not known) nothing can be compared.
 */
export function upgradeTargets(catalog: Catalog | null, engine: string, current: string): UpgradeTarget[] {
  const versions = catalog?.engines[engine]?.versions ?? [];
  const from = versions.find((v) => v.version === current);
  return versions
    .filter((v) => !v.deprecated && v.version !== current)
    .map((v) => ({ version: v.version, summary: v.summary, olderFormat: from !== undefined && v.dataSchema < from.dataSchema }));
}

/** The first target an upgrade dialog preselects: the catalogue's default when allowed, else the first allowed. */
export function preferredTarget(catalog: Catalog | null, engine: string, targets: UpgradeTarget[]): string {
  const allowed = targets.filter((t) => !t.olderFormat);
  const def = catalog?.engines[engine]?.default;
  return (allowed.find((t) => t.version === def) ?? allowed[0])?.version ?? '';
}

/** The versions a new store of `engine` may be created with (deprecated ones are not offered) and the default. */
export function createChoices(catalog: Catalog | null, engine: string): { versions: { version: string; summary: string }[]; default: string } {
  const e = catalog?.engines[engine];
  const versions = (e?.versions ?? []).filter((v) => !v.deprecated).map((v) => ({ version: v.version, summary: v.summary }));
  const def = versions.some((v) => v.version === e?.default) ? (e?.default ?? '') : (versions[0]?.version ?? '');
  return { versions, default: def };
}
