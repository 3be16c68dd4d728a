import { useEffect, useId, useRef, useState } from 'react';
import { api } from '../api/client';
import type { AuditLogEntry, AuditLogParams } from '../api/types';
import { describeError } from '../lib/errorText';
import { formatTime } from '../lib/format';
import { validateStoreName } from '../validation/storeForm';

const ACTIONS = ['store.create', 'store.delete', 'store.retry', 'token.create', 'token.revoke', 'session.create', 'session.delete'];
const PAGE = 100;
const field = 'mt-1 block w-full rounded-md border border-slate-400 bg-white px-3 py-1.5 text-sm text-slate-900';
const label = 'block text-sm font-medium text-slate-800';

interface Filters {
  q: string;
  store: string;
  actor: string;
  action: string;
}

/** What the filters ask the API; a half-typed store name is not sent (the API takes whole names only). */
function paramsOf(f: Filters): AuditLogParams | null {
  const store = f.store.trim();
  if (store !== '' && validateStoreName(store).length > 0) return null;
  return { limit: PAGE, q: f.q.trim() || undefined, store: store || undefined, actor: f.actor.trim() || undefined, action: f.action || undefined };
}

/**
 * The audit log, newest first: a search (q), store, actor (a token's name or id) and action filters, and older
 * entries page by page with the API's cursor. The first page is refetched when a filter changes or an event
 * arrives (debounced); pages already loaded stay until the filters change.
 */
export function AuditLog({ refreshKey, storeNames }: { refreshKey: number; storeNames: string[] }) {
  const [filters, setFilters] = useState<Filters>({ q: '', store: '', actor: '', action: '' });
  const [logs, setLogs] = useState<AuditLogEntry[] | null>(null);
  const [older, setOlder] = useState<AuditLogEntry[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // Once older pages are shown, a refresh of the first page must not move the cursor back to its end.
  const olderShown = useRef(false);
  const id = useId();
  const params = paramsOf(filters);
  const paramsKey = JSON.stringify(params);

  useEffect(() => {
    const p = JSON.parse(paramsKey) as AuditLogParams | null;
    if (!p) return;
    let cancelled = false;
    const t = setTimeout(() => {
      api
        .getAuditPage(p)
        .then((page) => {
          if (cancelled) return;
          setLogs(page.logs);
          if (!olderShown.current) setCursor(page.nextCursor);
          setError(null);
        })
        .catch((e) => !cancelled && setError(describeError(e)));
    }, 300);
    return () => {
      cancelled = true;
      clearTimeout(t);
    };
  }, [paramsKey, refreshKey]);

  // Other filters: older pages no longer apply.
  useEffect(() => {
    olderShown.current = false;
    setOlder([]);
    setCursor(null);
  }, [paramsKey]);

  async function loadOlder() {
    if (!params || !cursor) return;
    setLoadingMore(true);
    try {
      const page = await api.getAuditPage({ ...params, cursor });
      olderShown.current = true;
      setOlder((o) => [...o, ...page.logs]);
      setCursor(page.nextCursor);
    } catch (e) {
      setError(describeError(e));
    } finally {
      setLoadingMore(false);
    }
  }

  const set = (k: keyof Filters) => (e: { target: { value: string } }) => setFilters((f) => ({ ...f, [k]: e.target.value }));
  const seen = new Set((logs ?? []).map((l) => l.id));
  const rows = [...(logs ?? []), ...older.filter((l) => !seen.has(l.id))];
  const filtered = Object.values(filters).some((v) => v.trim() !== '');

  return (
    <section aria-labelledby={`${id}-title`} className="space-y-4">
      <h2 id={`${id}-title`} className="text-lg font-semibold">
        Audit log
      </h2>
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4" role="search" aria-label="Audit log">
        <div>
          <label htmlFor={`${id}-q`} className={label}>Search</label>
          <input id={`${id}-q`} type="search" value={filters.q} onChange={set('q')} placeholder="store, detail, action…" className={field} />
        </div>
        <div>
          <label htmlFor={`${id}-filter`} className={label}>Filter by store</label>
          <input id={`${id}-filter`} list={`${id}-stores`} value={filters.store} onChange={set('store')} placeholder="all stores"
            aria-describedby={`${id}-filter-help`} className={field} />
          <p id={`${id}-filter-help`} className="mt-1 text-xs text-slate-600">
            {params || filters.store.trim() === '' ? 'A whole store name, or empty for all.' : 'Type the whole store name to filter.'}
          </p>
          <datalist id={`${id}-stores`}>
            {storeNames.slice(0, 200).map((n) => <option key={n} value={n} />)}
          </datalist>
        </div>
        <div>
          <label htmlFor={`${id}-actor`} className={label}>Filter by actor</label>
          <input id={`${id}-actor`} value={filters.actor} onChange={set('actor')} placeholder="token name or id" className={field} />
        </div>
        <div>
          <label htmlFor={`${id}-action`} className={label}>Filter by action</label>
          <select id={`${id}-action`} value={filters.action} onChange={set('action')} className={field}>
            <option value="">All actions</option>
            {ACTIONS.map((a) => <option key={a} value={a}>{a}</option>)}
          </select>
        </div>
      </div>
      {error && (
        <p role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-800">
          Could not load the audit log: {error}
        </p>
      )}
      {logs === null ? (
        <p className="text-slate-700">Loading…</p>
      ) : rows.length === 0 ? (
        <p className="text-slate-700">No entries{filtered ? ' for these filters' : ''}.</p>
      ) : (
        <div className="overflow-x-auto rounded-lg bg-white ring-1 ring-slate-200">
          <table className="min-w-full text-left text-sm" data-testid="audit-table">
            <caption className="sr-only">Audit log entries, newest first</caption>
            <thead className="bg-slate-100 text-slate-800">
              <tr>
                <th scope="col" className="px-3 py-2">Time</th>
                <th scope="col" className="px-3 py-2">Action</th>
                <th scope="col" className="px-3 py-2">Store</th>
                <th scope="col" className="px-3 py-2">Actor</th>
                <th scope="col" className="px-3 py-2">Client</th>
                <th scope="col" className="px-3 py-2">Outcome</th>
                <th scope="col" className="px-3 py-2">Detail</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-200">
              {rows.map((l) => (
                <tr key={l.id}>
                  <td className="whitespace-nowrap px-3 py-2"><time dateTime={l.at}>{formatTime(l.at)}</time></td>
                  <td className="px-3 py-2 font-medium">{l.action}</td>
                  <td className="px-3 py-2">{l.store ?? '—'}</td>
                  <td className="px-3 py-2" title={l.actor && l.actor !== l.actor_name ? `token ${l.actor}` : undefined}>{l.actor_name ?? l.actor ?? '—'}</td>
                  <td className="px-3 py-2">{l.client_ip ?? '—'}</td>
                  <td className={`px-3 py-2 ${/fail|denied|error|reject/i.test(l.outcome) ? 'text-red-800' : 'text-slate-900'}`}>{l.outcome}</td>
                  <td className="px-3 py-2 text-slate-700">{l.detail ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {cursor && logs !== null && (
        <button type="button" disabled={loadingMore} onClick={() => void loadOlder()} data-testid="audit-more"
          className="w-full rounded-md px-3 py-1.5 text-sm font-semibold text-slate-900 ring-1 ring-slate-400 hover:bg-slate-100 disabled:opacity-60">
          {loadingMore ? 'Loading…' : 'Older entries'}
        </button>
      )}
    </section>
  );
}
