import { useEffect, useId, useRef } from 'react';
import { engineLabel, formatTime } from '../lib/format';
import { rolloutHref } from '../lib/useHashRoute';
import { describeSelector, rolloutTotals } from '../state/rollouts';
import { useRolloutList, type Subscribe } from '../state/useRollouts';
import { RolloutStateBadge } from './RolloutDetail';
import { StartRolloutForm } from './StartRolloutForm';

/** Admin only: start a fleet rollout, and the rollouts so far (newest first), kept current by their events. */
export function Rollouts({ subscribe, refreshKey }: { subscribe: Subscribe; refreshKey: number }) {
  const { rollouts, error } = useRolloutList(subscribe, refreshKey);
  const id = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const cell = 'px-3 py-2';

  return (
    <section aria-labelledby={`${id}-title`} className="space-y-4" data-testid="rollouts">
      <h2 id={`${id}-title`} ref={heading} tabIndex={-1} className="text-lg font-semibold">Rollouts</h2>
      <p className="max-w-3xl text-sm text-slate-700">
        A rollout moves one engine&apos;s stores to a version in waves: each wave must be Ready on the new version
        before the next starts, and it pauses when more stores fail than it allows.
      </p>
      <div className="rounded-lg bg-white p-4 ring-1 ring-slate-200">
        {/* the new rollout's page follows it live */}
        <StartRolloutForm onStarted={(r) => (window.location.hash = rolloutHref(r.id))} />
      </div>
      {error && <p role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-800">{error}</p>}
      {rollouts === null ? (
        !error && <p className="text-slate-700">Loading…</p>
      ) : rollouts.length === 0 ? (
        <p className="text-slate-700">No rollouts yet.</p>
      ) : (
        <div className="overflow-x-auto rounded-lg bg-white ring-1 ring-slate-200">
          <table className="min-w-full text-left text-sm" data-testid="rollouts-table">
            <caption className="sr-only">Rollouts, newest first</caption>
            <thead className="bg-slate-100 text-slate-800">
              <tr>
                <th scope="col" className={cell}>Rollout</th>
                <th scope="col" className={cell}>State</th>
                <th scope="col" className={cell}>Stores</th>
                <th scope="col" className={cell}>Progress</th>
                <th scope="col" className={cell}>Waves</th>
                <th scope="col" className={cell}>Started</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-200">
              {rollouts.map((r) => {
                const t = rolloutTotals(r);
                return (
                  <tr key={r.id} data-testid="rollout-row" data-rollout={r.id} data-state={r.state}>
                    <td className={cell}>
                      <a href={rolloutHref(r.id)} className="font-medium text-blue-800 underline">
                        #{r.id} {engineLabel(r.engine)} to {r.toVersion}
                      </a>
                    </td>
                    <td className={cell}><RolloutStateBadge state={r.state} /></td>
                    <td className={cell}>{describeSelector(r.selector)}</td>
                    <td className={cell}>{t.done} of {t.total} done{t.failed ? `, ${t.failed} failed` : ''}</td>
                    <td className={cell}>{r.currentWave} of {r.waves.length} started</td>
                    <td className={`${cell} whitespace-nowrap`}>{formatTime(r.createdAt)}{r.createdBy ? ` by ${r.createdBy}` : ''}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
