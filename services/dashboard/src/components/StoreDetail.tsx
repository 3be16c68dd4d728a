import { useEffect, useRef, useState, type Dispatch } from 'react';
import { ApiError, api } from '../api/client';
import { describeErrorWithDetails } from '../lib/errorText';
import { failureHint } from '../lib/failureHints';
import { adminUrl, engineLabel, formatAge, formatTime, isLocalOnlyUrl } from '../lib/format';
import type { DashboardAction, DashboardState } from '../state/storesReducer';
import { ConfirmDialog } from './ConfirmDialog';
import { CredentialsPanel } from './CredentialsPanel';
import { PodsTable } from './PodsTable';
import { ProgressSteps } from './ProgressSteps';
import { StatusBadge } from './StatusBadge';
import { StoreSpecActions } from './StoreSpecActions';
import { StoreWarnings } from './StoreWarnings';
import { Timeline } from './Timeline';

interface Props {
  name: string;
  state: DashboardState;
  dispatch: Dispatch<DashboardAction>;
  now: number;
  /** The list with its filters, for the way back. */
  listHref: string;
}

const card = 'rounded-lg bg-white p-4 ring-1 ring-slate-200';
const button = 'rounded-md px-4 py-2 font-semibold disabled:cursor-not-allowed disabled:opacity-60';

export function StoreDetail({ name, state, dispatch, now, listHref }: Props) {
  const store = state.stores[name];
  const events = state.timelines[name] ?? [];
  const [busy, setBusy] = useState(false);
  const [actionError, setActionError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [notFound, setNotFound] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);

  // Move focus to the page title so screen readers announce the new page.
  useEffect(() => heading.current?.focus(), [name]);

  // The store's row, then its timeline and its last observation (pods, setup Job, warnings): once per page visit
  // and after a resync; events keep all three current meanwhile. A page opened directly (reload, bookmark) needs
  // the row first, since the list's pages may not hold this store.
  const snapshots = state.snapshots;
  useEffect(() => {
    let cancelled = false;
    setNotFound(false);
    const gone = (e: unknown) => {
      if (cancelled || !(e instanceof ApiError) || e.status !== 404) return;
      setNotFound(true);
      dispatch({ type: 'storeGone', store: name });
    };
    api
      .getStore(name)
      .then((row) => {
        if (cancelled) return;
        dispatch({ type: 'storeLoaded', store: row });
        api
          .getStoreEvents(name)
          .then((evs) => !cancelled && dispatch({ type: 'history', store: name, events: evs }))
          .catch(gone);
        api
          .getStoreStatus(name)
          .then((st) => !cancelled && dispatch({ type: 'statusLoaded', store: name, status: st }))
          .catch(() => undefined);
      })
      .catch((e) => {
        gone(e);
        // a deleted store has no row but may still have its history
        api
          .getStoreEvents(name)
          .then((evs) => !cancelled && dispatch({ type: 'history', store: name, events: evs }))
          .catch(() => undefined);
      });
    return () => {
      cancelled = true;
    };
  }, [name, dispatch, snapshots]);

  // A change that settles (Upgrading → Ready, Suspended, …) is read again: its version may have been changed
  // elsewhere (the CLI, another tab), and events do not carry it.
  const status = store?.status;
  const lastStatus = useRef(status);
  useEffect(() => {
    const was = lastStatus.current;
    lastStatus.current = status;
    if (was !== 'Upgrading' || !status || status === 'Upgrading' || status === 'Deleted') return;
    let cancelled = false;
    api
      .getStore(name)
      .then((row) => !cancelled && dispatch({ type: 'storeLoaded', store: row }))
      .catch(() => undefined); // the page keeps what events said
    return () => {
      cancelled = true;
    };
  }, [name, status, dispatch]);

  async function run(action: () => Promise<unknown>) {
    setBusy(true);
    setActionError(null);
    try {
      await action();
    } catch (e) {
      setActionError(describeErrorWithDetails(e));
    } finally {
      setBusy(false);
    }
  }

  const back = (
    <a href={listHref} className="text-sm font-medium text-blue-800 underline">
      ← All stores
    </a>
  );

  if (!store) {
    const deleted = events.some((e) => e.type === 'store.status' && e.status === 'Deleted');
    return (
      <section aria-labelledby="detail-title" className="space-y-4">
        {back}
        <h2 id="detail-title" ref={heading} tabIndex={-1} className="text-xl font-semibold">
          {name}
        </h2>
        <p className="text-slate-800" data-testid="detail-missing">
          {deleted ? 'This store was deleted.' : notFound ? 'There is no store with this name.' : 'Loading…'}
        </p>
        {events.length > 0 && <Timeline events={events} />}
      </section>
    );
  }

  const admin = adminUrl(store.url, store.engine);
  const ready = store.status === 'Ready';
  return (
    <section aria-labelledby="detail-title" className="space-y-4" data-testid="store-detail" data-status={store.status}>
      {back}
      <div className="flex flex-wrap items-center gap-3">
        <h2 id="detail-title" ref={heading} tabIndex={-1} className="text-xl font-semibold break-all">
          {store.name}
        </h2>
        <StatusBadge status={store.status} />
      </div>
      <dl className="grid grid-cols-2 gap-3 text-sm sm:grid-cols-3 lg:grid-cols-5">
        <div><dt className="text-slate-600">Engine</dt><dd className="font-medium">{engineLabel(store.engine)}</dd></div>
        <div>
          <dt className="text-slate-600">Version</dt>
          <dd className="font-medium" data-testid="store-version">
            {store.version || '—'}
            {store.status === 'Upgrading' && <span className="font-normal text-slate-700"> (rolling out)</span>}
          </dd>
        </div>
        <div><dt className="text-slate-600">Namespace</dt><dd className="font-mono break-all">{store.namespace}</dd></div>
        <div><dt className="text-slate-600">Age</dt><dd><time dateTime={store.createdAt} title={formatTime(store.createdAt)}>{formatAge(store.createdAt, now)}</time></dd></div>
        <div><dt className="text-slate-600">Ready since</dt><dd>{store.readyAt ? formatTime(store.readyAt) : '—'}</dd></div>
      </dl>

      {store.status === 'Failed' && (
        <div role="alert" className="rounded-lg bg-red-50 p-4 ring-1 ring-red-200" data-testid="failure">
          <p className="font-semibold text-red-900">Failed: {store.reason || 'no reason given'}</p>
          <p className="mt-1 text-sm text-red-900">
            {failureHint(store.reason, { namespace: store.namespace, pod: store.warnings.find((w) => w.kind === 'Pod')?.name })}
          </p>
        </div>
      )}

      {store.status === 'Degraded' && (
        <div role="alert" className="rounded-lg bg-orange-50 p-4 ring-1 ring-orange-200" data-testid="degraded">
          <p className="font-semibold text-orange-900">Degraded: {store.reason || 'no reason given'}</p>
          <p className="mt-1 text-sm text-orange-900">
            The store was Ready and no longer is. It returns to Ready by itself when the cause clears; Retry
            reinstalls what went missing.
          </p>
        </div>
      )}

      {store.status === 'Suspended' && (
        <div className="rounded-lg bg-violet-50 p-4 ring-1 ring-violet-200" data-testid="suspended">
          <p className="font-semibold text-violet-900">Suspended on request</p>
          <p className="mt-1 text-sm text-violet-900">
            Its workloads are scaled to 0 and its data is kept. Resume starts them again.
          </p>
        </div>
      )}

      <div className="flex flex-wrap gap-3">
        {store.url && (
          <a href={store.url} target="_blank" rel="noopener noreferrer" aria-disabled={!ready}
            className={`${button} ${ready ? 'bg-blue-700 text-white hover:bg-blue-800' : 'bg-slate-200 text-slate-800'}`}>
            Open store<span className="sr-only"> (new tab{ready ? '' : ', not ready yet'})</span>
          </a>
        )}
        {admin && (
          <a href={admin} target="_blank" rel="noopener noreferrer" aria-disabled={!ready}
            className={`${button} ring-1 ring-blue-700 text-blue-800 hover:bg-blue-50`}>
            Open admin<span className="sr-only"> (new tab{ready ? '' : ', not ready yet'})</span>
          </a>
        )}
        {(store.status === 'Failed' || store.status === 'Degraded') && (
          <button type="button" disabled={busy} onClick={() => run(() => api.retryStore(store.name))}
            className={`${button} bg-amber-300 text-amber-950 hover:bg-amber-400`}>
            Retry
          </button>
        )}
        <StoreSpecActions store={store} busy={busy} run={run} dispatch={dispatch} />
        {store.status !== 'Deleting' && (
          <button type="button" disabled={busy} onClick={() => setConfirming(true)}
            className={`${button} ring-1 ring-red-700 text-red-800 hover:bg-red-50`}>
            Delete…
          </button>
        )}
      </div>
      {store.url && isLocalOnlyUrl(store.url) && (
        <p className="text-sm text-slate-600" data-testid="local-url-note">
          {new URL(store.url).hostname} opens only where DNS or /etc/hosts points it at the cluster&apos;s ingress
          (on the demo&apos;s simulated cluster nothing serves it). See “Store URLs” in the README.
        </p>
      )}
      <StoreWarnings warnings={store.warnings} namespace={store.namespace} hint={store.status !== 'Failed'} />
      <CredentialsPanel storeName={store.name} ready={ready} />
      {actionError && <p role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-800">{actionError}</p>}

      <div className={card}>
        <h3 className="mb-2 font-semibold">Progress</h3>
        <ProgressSteps progress={store.progress} detailed />
      </div>
      <div className={card}>
        <h3 className="mb-2 font-semibold">Pods</h3>
        <PodsTable pods={store.pods} setupJob={store.setupJob} />
      </div>
      <div className={card}>
        <h3 className="mb-2 font-semibold">Timeline</h3>
        <Timeline events={events} />
      </div>

      <ConfirmDialog
        open={confirming}
        title={`Delete ${store.name}?`}
        message={`This uninstalls the store and deletes its namespace ${store.namespace} with all its data. It cannot be undone.`}
        confirmLabel="Delete store"
        onCancel={() => setConfirming(false)}
        onConfirm={() => {
          setConfirming(false);
          void run(async () => {
            await api.deleteStore(store.name);
            window.location.hash = listHref;
          });
        }}
      />
    </section>
  );
}
