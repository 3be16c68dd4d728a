// Trouble while it happens: timeline folding, warnings, the failed step, bulk actions, the tab title.
import { describe, expect, it } from 'vitest';
import type { Metrics, StoreEvent } from '../api/types';
import { appliesTo, describeOutcome, runBulk } from './bulk';
import { emptyProgress, markFailed, stepOfReason } from './progress';
import { timelineRows } from './timelineRows';
import { placeholder } from './storeView';
import { titleFor } from './useMetrics';
import { warningReasons, warningsFromObserved } from './warnings';

let id = 1;
const observed = (reason: string, at: string): StoreEvent => ({
  id: id++,
  type: 'store.observed',
  store: 's',
  status: '',
  reason: '',
  at,
  data: { pods: [{ name: 'web-0', phase: 'Pending', ready: false, reason }, { name: 'db-0', phase: 'Running', ready: true, reason: '' }] },
});

describe('timeline rows', () => {
  it('folds consecutive identical observations into one row with a count, first and last time', () => {
    const events = [
      observed('ErrImagePull', '2026-12-03T10:00:00Z'),
      ...Array.from({ length: 35 }, (_, i) => observed('ImagePullBackOff', `2026-12-03T10:00:${String(i + 1).padStart(2, '0')}Z`)),
      { id: id++, type: 'store.status', store: 's', status: 'Failed', reason: 'pod web-0: ImagePullBackOff', at: '2026-12-03T10:01:00Z', data: {} },
    ];
    const rows = timelineRows(events);
    expect(rows.map((r) => [r.title, r.count])).toEqual([['Status: Failed', 1], ['Observed', 35], ['Observed', 1]]);
    expect(rows[1]).toMatchObject({ firstAt: '2026-12-03T10:00:01Z', lastAt: '2026-12-03T10:00:35Z', detail: '1/2 pods ready — web-0: ImagePullBackOff', tone: 'warn' });
    expect(rows[1].id).toBe(events[35].id);
  });

  it('does not fold the same text when something else came between', () => {
    const a = observed('X', '2026-12-03T10:00:00Z');
    const b = { ...observed('', '2026-12-03T10:00:01Z') };
    const c = observed('X', '2026-12-03T10:00:02Z');
    expect(timelineRows([a, b, c]).map((r) => r.count)).toEqual([1, 1, 1]);
  });
});

describe('warnings and the failed step', () => {
  it('takes every pod with a reason and a failed Job, and names the commonest reason first', () => {
    const w = warningsFromObserved(
      [
        { name: 'a', phase: 'Pending', ready: false, reason: 'Unschedulable', message: '0/3 nodes' },
        { name: 'b', phase: 'Running', ready: false, reason: 'CrashLoopBackOff' },
        { name: 'c', phase: 'Running', ready: false, reason: 'CrashLoopBackOff' },
        { name: 'd', phase: 'Running', ready: true, reason: '' },
      ],
      { name: 'setup-r1', state: 'failed' },
    );
    expect(w.map((x) => `${x.kind}/${x.name}/${x.reason}`)).toEqual(['Pod/a/Unschedulable', 'Pod/b/CrashLoopBackOff', 'Pod/c/CrashLoopBackOff', 'Job/setup-r1/JobFailed']);
    expect(warningReasons(w)).toEqual(['CrashLoopBackOff', 'Unschedulable', 'JobFailed']);
  });

  it('turns the running step red, or the step a reason names, and leaves an unknown cause alone', () => {
    const running = { ...emptyProgress(), namespace: 'done' as const, secret: 'done' as const, helm: 'started' as const };
    expect(markFailed(running, 'anything').helm).toBe('failed');
    expect(markFailed(emptyProgress(), 'setup job failed')).toMatchObject({ helm: 'done', pods: 'done', setup: 'failed' });
    expect(markFailed(emptyProgress(), 'no idea')).toEqual(emptyProgress());
    expect(stepOfReason('pod x: ErrImagePull')).toBe('pods');
    expect(stepOfReason('helm: chart not found')).toBe('helm');
  });
});

describe('bulk actions', () => {
  it('applies retry to Failed and Degraded only, delete to all but Deleting', () => {
    const v = (status: 'Failed' | 'Ready' | 'Deleting' | 'Degraded') => ({ ...placeholder('x', status, ''), status });
    expect(['Failed', 'Degraded', 'Ready'].map((s) => appliesTo('retry', v(s as 'Failed')))).toEqual([true, true, false]);
    expect(appliesTo('delete', v('Deleting'))).toBe(false);
    expect(appliesTo('delete', v('Ready'))).toBe(true);
  });

  it('runs a few at a time, goes on after a refusal and reports in the order asked', async () => {
    let running = 0;
    let most = 0;
    const outcome = await runBulk(
      ['a', 'b', 'c', 'd', 'e', 'f'],
      async (n) => {
        running++;
        most = Math.max(most, running);
        await new Promise((r) => setTimeout(r, n === 'a' ? 20 : 5));
        running--;
        if (n === 'c') throw new Error('conflict');
      },
      (e) => (e as Error).message,
      3,
    );
    expect(most).toBe(3);
    expect(outcome.done).toEqual(['a', 'b', 'd', 'e', 'f']);
    expect(describeOutcome('delete', outcome)).toBe('Deletion requested for 5 of 6 stores; failed: c: conflict');
    expect(describeOutcome('retry', { done: ['a'], failed: [] })).toBe('Retried 1 store.');
  });
});

describe('tab title', () => {
  const metrics = (failed: number, degraded: number): Metrics => ({
    stores: { total: 9, ready: 1, failed, degraded, provisioning: 0, by_status: { Failed: failed, Degraded: degraded } },
    activity: { created: 0, deleted: 0, failed: 0 },
  });
  it('counts Failed and Degraded stores, and says nothing while unknown or none', () => {
    expect(titleFor(metrics(2, 1))).toBe('(3 failing) Storefleet');
    expect(titleFor(metrics(0, 0))).toBe('Storefleet');
    expect(titleFor(null)).toBe('Storefleet');
  });
});
