import { useEffect, useId, useState } from 'react';
import { api } from '../api/client';
import type { AuditLogEntry } from '../api/types';
import { describeError } from '../lib/errorText';
import { formatTime } from '../lib/format';
import { validateStoreName } from '../validation/storeForm';

/** The audit log with a store filter; refetched when the filter changes or an event arrives (debounced). */
export function AuditLog({ refreshKey, storeNames }: { refreshKey: number; storeNames: string[] }) {
  const [filter, setFilter] = useState('');
  const [logs, setLogs] = useState<AuditLogEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const id = useId();

  // The API takes whole store names only; a half-typed one would be refused, so it is not sent yet.
  const store = filter.trim();
  const filterUsable = store === '' || validateStoreName(store).length === 0;

  useEffect(() => {
    if (!filterUsable) return;
    let cancelled = false;
    const t = setTimeout(() => {
      api
        .getAuditLogs({ limit: 100, store: store || undefined })
        .then((l) => {
          if (cancelled) return;
          setLogs(l);
          setError(null);
        })
        .catch((e) => !cancelled && setError(describeError(e)));
    }, 300);
    return () => {
      cancelled = true;
      clearTimeout(t);
    };
  }, [store, filterUsable, refreshKey]);

  return (
    <section aria-labelledby={`${id}-title`} className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <h2 id={`${id}-title`} className="text-lg font-semibold">
          Audit log
        </h2>
        <div>
          <label htmlFor={`${id}-filter`} className="block text-sm font-medium text-slate-800">
            Filter by store
          </label>
          <input
            id={`${id}-filter`}
            list={`${id}-stores`}
            value={filter}
            onChange={(e) => setFilter(e.target.value)}
            placeholder="all stores"
            aria-describedby={`${id}-filter-help`}
            className="mt-1 rounded-md border border-slate-400 bg-white px-3 py-1.5"
          />
          <p id={`${id}-filter-help`} className="mt-1 text-xs text-slate-600">
            {filterUsable ? 'A whole store name, or empty for all.' : 'Type the whole store name to filter.'}
          </p>
          <datalist id={`${id}-stores`}>
            {storeNames.map((n) => (
              <option key={n} value={n} />
            ))}
          </datalist>
        </div>
      </div>
      {error && (
        <p role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-800">
          Could not load the audit log: {error}
        </p>
      )}
      {logs === null ? (
        <p className="text-slate-700">Loading…</p>
      ) : logs.length === 0 ? (
        <p className="text-slate-700">No entries{filter ? ` for “${filter}”` : ''}.</p>
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
              {logs.map((l) => (
                <tr key={l.id}>
                  <td className="whitespace-nowrap px-3 py-2"><time dateTime={l.at}>{formatTime(l.at)}</time></td>
                  <td className="px-3 py-2 font-medium">{l.action}</td>
                  <td className="px-3 py-2">{l.store ?? '—'}</td>
                  <td className="px-3 py-2">{l.actor ?? '—'}</td>
                  <td className="px-3 py-2">{l.client_ip ?? '—'}</td>
                  <td className={`px-3 py-2 ${/fail|denied|error/i.test(l.outcome) ? 'text-red-800' : 'text-slate-900'}`}>{l.outcome}</td>
                  <td className="px-3 py-2 text-slate-700">{l.detail ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
