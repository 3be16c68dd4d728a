import { useEffect, useRef, useState } from 'react';
import { api } from '../api/client';
import type { Rollout, RolloutStore, RolloutWave } from '../api/types';
import { describeErrorWithDetails } from '../lib/errorText';
import { engineLabel, formatTime } from '../lib/format';
import { describeSelector, failedStores, keptStores, rolloutActions, rolloutTotals, WAVE_PARTS, wavePercents, waveState, waveText, type WavePart } from '../state/rollouts';
import { useRollout, type Subscribe } from '../state/useRollouts';
import { ConfirmDialog } from './ConfirmDialog';

const STATE_STYLE: Record<string, string> = {
  running: 'bg-sky-50 text-sky-900 ring-sky-300',
  paused: 'bg-amber-50 text-amber-900 ring-amber-300',
  completed: 'bg-green-50 text-green-800 ring-green-300',
  aborting: 'bg-orange-50 text-orange-900 ring-orange-300',
  aborted: 'bg-slate-100 text-slate-700 ring-slate-300',
};

export function RolloutStateBadge({ state }: { state: string }) {
  return (
    <span className={`inline-flex rounded-full px-2.5 py-0.5 text-xs font-semibold ring-1 ring-inset ${STATE_STYLE[state] ?? STATE_STYLE.aborted}`} data-testid="rollout-state">
      {state}
    </span>
  );
}

const SEGMENT: Record<WavePart, string> = {
  done: 'bg-green-600',
  failed: 'bg-red-600',
  upgrading: 'bg-sky-500 motion-safe:animate-pulse',
  pending: 'bg-slate-200',
};

/** One wave: a stacked bar (done, failed, upgrading, pending) with the same counts as text. */
function WaveBar({ wave, current }: { wave: RolloutWave; current: boolean }) {
  const pct = wavePercents(wave);
  const text = waveText(wave);
  return (
    <li data-testid="rollout-wave" data-wave={wave.wave} data-total={wave.total} data-done={wave.done} data-failed={wave.failed} data-state={waveState(wave)}>
      <div className="flex flex-wrap justify-between gap-2 text-sm">
        <span className="font-medium">Wave {wave.wave}{current ? ' (current)' : ''}</span>
        <span className="text-slate-700" data-testid="rollout-wave-text">{text}</span>
      </div>
      <div role="progressbar" aria-label={`Wave ${wave.wave}`} aria-valuemin={0} aria-valuemax={wave.total} aria-valuenow={wave.done + wave.failed}
        aria-valuetext={text} className="mt-1 flex h-3 overflow-hidden rounded-full bg-slate-200">
        {WAVE_PARTS.map((p) => pct[p] > 0 && <span key={p} data-part={p} className={`h-full ${SEGMENT[p]}`} style={{ width: `${pct[p]}%` }} />)}
      </div>
    </li>
  );
}

function StoreTable({ stores, caption, testId }: { stores: RolloutStore[]; caption: string; testId: string }) {
  const cell = 'px-3 py-2';
  return (
    <div className="overflow-x-auto">
      <table className="min-w-full text-left text-sm" data-testid={testId}>
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-slate-100 text-slate-800">
          <tr>
            <th scope="col" className={cell}>Store</th>
            <th scope="col" className={cell}>Wave</th>
            <th scope="col" className={cell}>From</th>
            <th scope="col" className={cell}>State</th>
            <th scope="col" className={cell}>Outcome</th>
            <th scope="col" className={cell}>Reason</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-200">
          {stores.map((s) => (
            <tr key={s.store} data-store={s.store} data-outcome={s.outcome}>
              <td className={cell}><a href={`#/stores/${encodeURIComponent(s.store)}`} className="font-medium text-blue-800 underline">{s.store}</a></td>
              <td className={cell}>{s.wave || '—'}</td>
              <td className={cell}>{s.fromVersion || '—'}</td>
              <td className={cell}>{s.state}</td>
              <td className={cell}>{s.outcome}</td>
              <td className={`${cell} break-words`}>{s.reason || '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const card = 'rounded-lg bg-white p-4 ring-1 ring-slate-200';
const button = 'rounded-md px-4 py-2 font-semibold disabled:cursor-not-allowed disabled:opacity-60';

/** One rollout, kept current by its events (and its stores' status events) without a reload. */
export function RolloutDetail({ id, subscribe, refreshKey }: { id: number; subscribe: Subscribe; refreshKey: number }) {
  const { rollout, notFound, error, replace } = useRollout(id, subscribe, refreshKey);
  const [confirm, setConfirm] = useState<'resume' | 'abort' | null>(null);
  const [busy, setBusy] = useState(false);
  const [actionError, setActionError] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [id]);

  async function act(which: 'resume' | 'abort', r: Rollout) {
    setConfirm(null);
    setBusy(true);
    setActionError(null);
    try {
      replace(await (which === 'resume' ? api.resumeRollout(r.id) : api.abortRollout(r.id)));
    } catch (e) {
      setActionError(describeErrorWithDetails(e));
    } finally {
      setBusy(false);
    }
  }

  const back = <a href="#/rollouts" className="text-sm font-medium text-blue-800 underline">← All rollouts</a>;
  const title = rollout ? `Rollout ${rollout.id}: ${engineLabel(rollout.engine)} to ${rollout.toVersion}` : `Rollout ${id}`;
  if (!rollout) {
    return (
      <section aria-labelledby="rollout-title" className="space-y-4">
        {back}
        <h2 id="rollout-title" ref={heading} tabIndex={-1} className="text-xl font-semibold">{title}</h2>
        {error ? <p role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-800">{error}</p>
          : <p className="text-slate-800">{notFound ? 'There is no rollout with this id.' : 'Loading…'}</p>}
      </section>
    );
  }

  const totals = rolloutTotals(rollout);
  const actions = rolloutActions(rollout.state);
  const failed = failedStores(rollout);
  const kept = keptStores(rollout);
  return (
    <section aria-labelledby="rollout-title" className="space-y-4" data-testid="rollout-detail" data-state={rollout.state}>
      {back}
      <div className="flex flex-wrap items-center gap-3">
        <h2 id="rollout-title" ref={heading} tabIndex={-1} className="text-xl font-semibold">{title}</h2>
        <RolloutStateBadge state={rollout.state} />
      </div>
      <dl className="grid grid-cols-2 gap-3 text-sm sm:grid-cols-3 lg:grid-cols-6">
        <div><dt className="text-slate-600">Stores</dt><dd className="font-medium">{describeSelector(rollout.selector)}</dd></div>
        <div><dt className="text-slate-600">Wave size</dt><dd className="font-medium">{rollout.waveSize}</dd></div>
        <div><dt className="text-slate-600">Max failures</dt><dd className="font-medium">{rollout.maxFailures}</dd></div>
        <div><dt className="text-slate-600">Progress</dt><dd className="font-medium" data-testid="rollout-totals">{totals.done} of {totals.total} done, {totals.failed} failed</dd></div>
        <div><dt className="text-slate-600">Started by</dt><dd className="font-medium break-all">{rollout.createdBy || '—'}</dd></div>
        <div><dt className="text-slate-600">Started</dt><dd>{formatTime(rollout.createdAt)}</dd></div>
      </dl>
      <p role="status" className="sr-only">{`Rollout ${rollout.state}: ${totals.done} of ${totals.total} stores done, ${totals.failed} failed.`}</p>

      {rollout.reason && (
        <div role={rollout.state === 'paused' ? 'alert' : undefined} data-testid="rollout-reason"
          className={`rounded-lg p-4 ring-1 ${rollout.state === 'paused' ? 'bg-amber-50 text-amber-950 ring-amber-300' : 'bg-slate-50 text-slate-900 ring-slate-200'}`}>
          <p className="font-semibold">{rollout.state.charAt(0).toUpperCase() + rollout.state.slice(1)}: {rollout.reason}</p>
          {rollout.state === 'paused' && <p className="mt-1 text-sm">Resume accepts these failures and goes on with the next wave; Abort brings every store it changed back.</p>}
        </div>
      )}

      {(actions.resume || actions.abort) && (
        <div className="flex flex-wrap gap-3">
          {actions.resume && <button type="button" disabled={busy} onClick={() => setConfirm('resume')} className={`${button} bg-blue-700 text-white hover:bg-blue-800`}>Resume…</button>}
          {actions.abort && <button type="button" disabled={busy} onClick={() => setConfirm('abort')} className={`${button} ring-1 ring-red-700 text-red-800 hover:bg-red-50`}>Abort…</button>}
        </div>
      )}
      {actionError && <p role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-800">{actionError}</p>}

      <div className={card}>
        <h3 className="mb-2 font-semibold">Waves</h3>
        {rollout.waves.length === 0 ? <p className="text-slate-700">No waves.</p> : (
          <ol className="space-y-3" data-testid="rollout-waves">
            {rollout.waves.map((w) => <WaveBar key={w.wave} wave={w} current={w.wave === rollout.currentWave && rollout.state === 'running'} />)}
          </ol>
        )}
      </div>
      {failed.length > 0 && (
        <div className={card}>
          <h3 className="mb-2 font-semibold">Failed stores</h3>
          <StoreTable stores={failed} caption="Stores that failed, with their reasons" testId="rollout-failed" />
        </div>
      )}
      {kept.length > 0 && (
        <div className={card}>
          <h3 className="mb-2 font-semibold">Kept stores</h3>
          <p className="mb-2 text-sm text-slate-700">In no wave: they may not move to {rollout.toVersion}.</p>
          <StoreTable stores={kept} caption="Stores kept out, with why" testId="rollout-kept" />
        </div>
      )}
      {(rollout.stores ?? []).length > 0 && (
        <details className={card}>
          <summary className="cursor-pointer font-semibold">All {rollout.stores?.length} stores</summary>
          <StoreTable stores={rollout.stores ?? []} caption="Every store of the rollout" testId="rollout-stores" />
        </details>
      )}

      <ConfirmDialog
        open={confirm === 'resume'}
        title={`Resume rollout ${rollout.id}?`}
        message={`The failures that paused it are accepted; new ones count against the limit of ${rollout.maxFailures} again. The next wave starts once the current one settled.`}
        confirmLabel="Resume rollout"
        tone="primary"
        onCancel={() => setConfirm(null)}
        onConfirm={() => void act('resume', rollout)}
      />
      <ConfirmDialog
        open={confirm === 'abort'}
        title={`Abort rollout ${rollout.id}?`}
        message="Every store it changed goes back to its old version; stores not started yet are left alone. A store whose old version cannot read its data any more is kept, with the reason."
        confirmLabel="Abort rollout"
        onCancel={() => setConfirm(null)}
        onConfirm={() => void act('abort', rollout)}
      />
    </section>
  );
}
