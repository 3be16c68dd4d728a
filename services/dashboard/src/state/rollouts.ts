// Fleet rollouts as the page shows them: wave bars, the buttons per state, which live events make the open
// rollout worth reading again, and the wave plan the start dialog describes. Pure, so it is tested without a
// browser; the API and the provisioner decide everything.
import { engineLabel } from '../lib/format';
import type { ApiStore, Catalog, Rollout, RolloutProgressData, RolloutSelector, RolloutStore, RolloutWave, StoreEvent } from '../api/types';

export type WavePart = 'done' | 'failed' | 'upgrading' | 'pending';
export const WAVE_PARTS: readonly WavePart[] = ['done', 'failed', 'upgrading', 'pending'];

/**
 * Each part's share of a wave in whole percent, summing to exactly 100 (largest remainder), so the bar's
 * segments always fill it; an empty wave is all pending.
 */
export function wavePercents(w: RolloutWave): Record<WavePart, number> {
  if (w.total <= 0) return { done: 0, failed: 0, upgrading: 0, pending: 100 };
  const exact = WAVE_PARTS.map((p) => (Math.max(0, w[p]) * 100) / w.total);
  const out = exact.map(Math.floor);
  let left = 100 - out.reduce((a, b) => a + b, 0);
  const byRemainder = exact.map((x, i) => ({ i, r: x - Math.floor(x) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i, r } of byRemainder) {
    if (left <= 0 || r === 0) break;
    out[i]++;
    left--;
  }
  return { done: out[0], failed: out[1], upgrading: out[2], pending: out[3] };
}

/** A wave in words (the bar's accessible value and its visible caption): "1 of 2 done, 1 failed, 0 upgrading, 0 pending". */
export function waveText(w: RolloutWave): string {
  return `${w.done} of ${w.total} done, ${w.failed} failed, ${w.upgrading} upgrading, ${w.pending} pending`;
}

/** Where a wave is: settled once nothing in it is pending or upgrading. */
export function waveState(w: RolloutWave): 'waiting' | 'rolling' | 'settled' {
  if (w.total > 0 && w.pending + w.upgrading === 0) return 'settled';
  return w.pending === w.total ? 'waiting' : 'rolling';
}

/** The whole rollout's counts (the sum of its waves). */
export function rolloutTotals(r: Pick<Rollout, 'waves'>): Omit<RolloutWave, 'wave'> {
  const t = { total: 0, done: 0, failed: 0, upgrading: 0, pending: 0 };
  for (const w of r.waves) for (const k of Object.keys(t) as (keyof typeof t)[]) t[k] += w[k];
  return t;
}

/** Resume only a paused rollout; abort a running or paused one (the API answers 409 otherwise). */
export function rolloutActions(state: string): { resume: boolean; abort: boolean } {
  return { resume: state === 'paused', abort: state === 'running' || state === 'paused' };
}

/** Nothing moves any more: no live refresh is needed unless it is changed again. */
export const isFinished = (state: string) => state === 'completed' || state === 'aborted';

/** The stores that failed (with the reasons that paused the rollout) and those kept out (with why). */
export function failedStores(r: Rollout): RolloutStore[] {
  return (r.stores ?? []).filter((s) => s.outcome === 'failed');
}
export function keptStores(r: Rollout): RolloutStore[] {
  return (r.stores ?? []).filter((s) => s.state === 'kept' || s.wave === 0);
}

/** The rollout a rollout.progress event is about; null for any other event or a malformed one. */
export function progressOf(ev: StoreEvent): RolloutProgressData | null {
  if (ev.type !== 'rollout.progress') return null;
  const d = ev.data as Partial<RolloutProgressData>;
  return typeof d.rollout === 'number' ? (d as RolloutProgressData) : null;
}

/**
 * Whether a live event should make the page read rollout `open` again: its own rollout.progress, or a status
 * change of one of its stores (their outcome moves between the rollout's own events). With no rollout open
 * (the list), any rollout.progress does.
 */
export function shouldRefresh(ev: StoreEvent, open: Pick<Rollout, 'id' | 'stores'> | null): boolean {
  const progress = progressOf(ev);
  if (!open) return progress !== null;
  if (progress) return progress.rollout === open.id;
  return ev.type === 'store.status' && ev.store !== '' && (open.stores ?? []).some((s) => s.store === ev.store);
}

/** The selector in words, for the list and the detail header. */
export function describeSelector(sel: Rollout['selector']): string {
  if (sel === 'all') return 'all stores';
  if (typeof sel === 'object' && sel !== null && 'names' in sel) return `named stores (${sel.names.join(', ')})`;
  if (typeof sel === 'object' && sel !== null && 'tenant' in sel) return `stores of tenant ${sel.tenant}`;
  return String(sel);
}

export interface RolloutPlan {
  /** Stores that would move, in waves of waveSize. */
  moving: number;
  /** Stores that may not move to the target (an older data format): listed as kept, in no wave. */
  kept: number;
  waves: number;
}

/**
 * What the API would select (services/api rollout_api.cpp): the engine's live stores matched by the selector,
 * not already on the target; one whose version's data format is newer than the target's is kept out. A preview
 * from the rows read now; the API decides when it is sent.
 */
export function planRollout(rows: ApiStore[], req: { engine: string; toVersion: string; selector: RolloutSelector; waveSize: number }, catalog: Catalog | null): RolloutPlan {
  const versions = catalog?.engines[req.engine]?.versions ?? [];
  const target = versions.find((v) => v.version === req.toVersion);
  const sel = req.selector;
  let moving = 0;
  let kept = 0;
  for (const s of rows) {
    if (s.engine !== req.engine || s.status === 'Deleting' || s.status === 'Deleted' || s.version === req.toVersion) continue;
    if (typeof sel === 'object' && 'names' in sel && !sel.names.includes(s.store_name)) continue;
    if (typeof sel === 'object' && 'tenant' in sel && s.owner !== sel.tenant) continue;
    const from = versions.find((v) => v.version === s.version);
    if (target && from && target.dataSchema < from.dataSchema) kept++;
    else moving++;
  }
  return { moving, kept, waves: req.waveSize > 0 ? Math.ceil(moving / req.waveSize) : 0 };
}

/** The start dialog's message: how many stores in how many waves, and the gate between waves. */
export function planText(plan: RolloutPlan | null, req: { engine: string; toVersion: string; waveSize: number; maxFailures: number }): string {
  const pause = req.maxFailures === 0 ? 'any failed store pauses it' : `more than ${req.maxFailures} failed ${req.maxFailures === 1 ? 'store pauses' : 'stores pause'} it`;
  const gate = `Each wave must be Ready on ${req.toVersion} before the next starts; ${pause}.`;
  if (!plan) return `The ${engineLabel(req.engine)} stores selected move to ${req.toVersion} in waves of ${req.waveSize}. ${gate}`;
  const stores = (n: number) => (n === 1 ? '1 store' : `${n} stores`);
  if (plan.moving === 0) return `None of the selected ${engineLabel(req.engine)} stores can move to ${req.toVersion} now (the API will refuse the rollout).`;
  const waves = plan.waves === 1 ? '1 wave' : `${plan.waves} waves`;
  const kept = !plan.kept ? '' : plan.kept === 1
    ? ` 1 store stays on its version: its data format is newer than ${req.toVersion} can read.`
    : ` ${plan.kept} stores stay on their versions: their data format is newer than ${req.toVersion} can read.`;
  return `${stores(plan.moving)} move to ${req.toVersion} in ${waves} of up to ${req.waveSize}.${kept} ${gate}`;
}

/**
 * Runs `fn` at most once per `delayMs` however many triggers arrive, and never twice at once: a trigger while it
 * runs schedules one more run after it. Live events come in bursts (a wave starting moves several stores).
 */
export function createCoalescer(
  fn: () => Promise<unknown>,
  delayMs: number,
  setTimer: (cb: () => void, ms: number) => unknown = (cb, ms) => setTimeout(cb, ms),
  clearTimer: (h: unknown) => void = (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
) {
  let timer: unknown = null;
  let running = false;
  let again = false;
  let stopped = false;
  const fire = () => {
    timer = null;
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = true;
    void Promise.resolve()
      .then(fn)
      .catch(() => undefined)
      .finally(() => {
        running = false;
        if (again && !stopped) {
          again = false;
          trigger();
        }
      });
  };
  function trigger() {
    if (stopped || timer !== null) return;
    if (running) {
      again = true;
      return;
    }
    timer = setTimer(fire, delayMs);
  }
  return {
    trigger,
    stop() {
      stopped = true;
      if (timer !== null) clearTimer(timer);
      timer = null;
    },
  };
}
